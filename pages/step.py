"""Step: forward layer by layer, the loss, backward layer by layer, the update; click to inspect."""
import streamlit as st

from ui.common import actions, presenter, sidebar, style, viewport
from ui.live import panel, teacher
from ui.session import boot, state
from ui.session.text import batch_words, t
from ui.stage import present, stage


def buttons(stepper):
    """The step buttons: the sub-step that comes next is the primary one; a window too narrow for the
    whole labels (a phone, a 1024 px laptop) gets one row of short labels under their icons."""
    kind, _ = stepper.next_phase()
    can_back = stepper.pending is not None or bool(stepper.records)
    rows = [("fwd", "sub_step", kind in ("forward", "loss"), ":material/arrow_forward:"),
            ("bwd", "sub_step", kind == "backward", ":material/arrow_back:"),
            ("update", "sub_step", kind == "update", ":material/check:"),
            ("whole", "step", True, ":material/skip_next:"), ("back", "back", can_back, ":material/undo:"),
            ("reset", "reset", True, ":material/restart_alt:")]
    short = "_short" if viewport.size()[0] < viewport.SHORT_LABELS else ""  # (ui.common.style)
    with st.container(horizontal=True, key="step_buttons", gap="small"):
        for name, action, enabled, icon in rows:
            st.button(t(f"step.{name}{short}"), key=f"step_{name}", icon=icon, on_click=actions.move, args=(action,),
                      disabled=not enabled, width="stretch", help=t(f"step.{name}_help", batch=batch_words(stepper.batch)),
                      type="primary" if enabled and action == "sub_step" else "secondary")


@st.fragment
def step_view():
    """All that a click on this page changes. A click reruns this function alone: the navigation and
    the sidebar are not sent again (ui.common.sidebar.keep_fresh reruns the app when they would go stale)."""
    sidebar.keep_fresh()
    state.notice()
    buttons(state.stepper())
    stage.draw(state.stepper(), stage.STEP)


@st.fragment
def presenter_view():
    """The presenter's stage: a key press or a click reruns only this, then moves a live class along."""
    present.listen()
    teacher.sync()  # first: the panel beside the stage then shows what the class was just told
    stage.draw(state.stepper(), stage.PRESENT, aside=panel.aside)


boot.ensure()
style.heading(t("nav.step"))
if presenter.active():  # the projector's view of this page (ui.stage.present), drawn instead of the one above
    present.frame(with_keys=False)
    presenter_view()
    viewport.watch()  # the sidebar, which mounts it on other pages, is not drawn here
    st.stop()
step_view()
