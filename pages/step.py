"""Step: forward layer by layer, the loss, backward layer by layer, the update; click to inspect."""
import streamlit as st

from engine.teach.view import current
from ui.common import actions, drawn, numbers, presenter, sidebar, style, viewport
from ui.session import boot, keys, state
from ui.stage import diagnostics, edits, inspector, pathview, present, readout
from ui.session.text import batch_words, t
from viz.network import spec


def buttons(stepper):
    """The step buttons: the sub-step that comes next is the primary one; a phone gets one row of short labels."""
    kind, _ = stepper.next_phase()
    can_back = stepper.pending is not None or bool(stepper.records)
    rows = [("fwd", "sub_step", kind in ("forward", "loss"), ":material/arrow_forward:"),
            ("bwd", "sub_step", kind == "backward", ":material/arrow_back:"),
            ("update", "sub_step", kind == "update", ":material/check:"),
            ("whole", "step", True, ":material/skip_next:"), ("back", "back", can_back, ":material/undo:"),
            ("reset", "reset", True, ":material/restart_alt:")]
    short = "_short" if viewport.narrow() else ""  # (ui.common.style)
    with st.container(horizontal=True, key="step_buttons", gap="small"):
        for name, action, enabled, icon in rows:
            st.button(t(f"step.{name}{short}"), key=f"step_{name}", icon=icon, on_click=actions.move, args=(action,),
                      disabled=not enabled, width="stretch", help=t(f"step.{name}_help", batch=batch_words(stepper.batch)),
                      type="primary" if enabled and action == "sub_step" else "secondary")


def controls(view, choice, column, names):
    """Beside the figure: the sample, what the neurons and edges show, the column of a batch, the selection."""
    readout.sample(view)
    st.segmented_control(t("step.node_qty"), ("z", "a", "delta"), default=choice["node"], key="step_node",
                         required=True, on_change=actions.set_view, args=("node", "step_node"),
                         format_func=names.symbols.get)
    st.segmented_control(t("step.edge_qty"), ("W", "dW", "update"), default=choice["edge"], key="step_edge",
                         required=True, on_change=actions.set_view, args=("edge", "step_edge"),
                         format_func=names.symbols.get)
    if view.m > 1:
        st.number_input(t("step.column"), 0, view.m - 1, column,
                        key="step_column", on_change=actions.set_view, args=("column", "step_column"))
    readout.selected(view, st.session_state[keys.SELECTION])


def network(view, choice, stepper, found, names):
    """The network figure, its diagnostics and the worked example under it."""
    report = diagnostics.report(stepper, view)
    highlight = view.phase[1] if view.phase[0] in ("forward", "backward") else None
    fig = spec(view, choice["node"], choice["edge"], selection=st.session_state[keys.SELECTION],
               highlight=highlight, lang=state.lang(), names=names, digits=numbers.digits(), dark=style.dark(),
               **viewport.figure_box(0.7, 230), trail=pathview.trail(found), warn=diagnostics.flagged(report),
               edited=edits.marked(edits.found(stepper)))
    drawn.chart(fig, key="step_fig", on_select=actions.select, selection_mode="points",
                config={"displayModeBar": False})
    diagnostics.show(report)
    readout.worked_example(stepper)


@st.fragment
def step_view():
    """All that a click on this page changes. A click reruns this function alone: the navigation and
    the sidebar are not sent again (ui.common.sidebar.keep_fresh reruns the app when they would go stale)."""
    sidebar.keep_fresh()
    state.notice()
    stepper, choice = state.stepper(), state.view_choice()
    buttons(stepper)
    view = current(stepper, choice["column"])
    column = min(choice["column"], view.m - 1)
    found = pathview.find(view, st.session_state[keys.SELECTION], stepper, column)
    names = numbers.figure_names()  # names, symbols and layer numbers in the chosen notation
    readout.phase(view, stepper)
    fig_col, side = st.columns([7, 3], gap="medium")
    with side:
        controls(view, choice, column, names)
    with fig_col:
        network(view, choice, stepper, found, names)
    readout.heatmaps(view, choice["edge"])
    inspector.show(view, st.session_state[keys.SELECTION], stepper, column)
    pathview.show(found, view.sample)
    edits.draw(stepper, column)


boot.ensure()
if presenter.active():  # the projector's view of this page (ui.stage.present), drawn instead of the one above
    present.step_page()
    st.stop()
step_view()
