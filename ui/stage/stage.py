"""The stage: the phase line, the network figure and the Selected panel beside it. One function draws it
for the Step page, the presenter view and the Lessons page; a Layout says what differs between them."""
import threading
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from engine.teach.screen.view import current
from ui import figure
from ui.common import actions, numbers, style, viewport
from ui.session import state
from ui.session.keys import MOTION, NOTATION, SELECTION
from ui.session.text import t
from ui.stage import diagnostics, edits, inspector, pathview, present, readout
from viz.element import payload


@dataclass(frozen=True)
class Layout:
    key: str  # prefix of the figure's and the side column's keys (the figure's key holds its last pick)
    columns: tuple  # widths of the figure's column and the side column
    big: bool  # projector-size: laid out for ui.stage.present.design(); the element scales to fill the screen
    full: bool  # the Step page's own: view switches beside the figure, diagnostics, worked example, paths, edits


SHARED_FIGURES = 64  # figures of shared points kept (a class's last moves, at a few window sizes)
_SHARED: OrderedDict = OrderedDict()  # wanted -> the figure as sent, oldest first (_shared)
_SHARED_LOCK = threading.Lock()

STEP = Layout("step", (7, 3), big=False, full=True)
PRESENT = Layout("present", (3, 2), big=True, full=False)
LESSON = Layout("lesson", (7, 3), big=False, full=False)


def draw(stepper, layout: Layout, aside=None, shared=None):
    """The stage of stepper's current point. aside draws first in the side column (a lesson's note).
    shared: a key naming that point for every session showing it (a live class's code and version),
    whose figure is then built once for all of them (see _shared)."""
    choice, selection = state.view_choice(), st.session_state[SELECTION]
    view = current(stepper, choice["column"])
    column = min(choice["column"], view.m - 1)
    found = pathview.find(view, selection, stepper, column)
    with st.container(key="phase"):
        readout.phase(view, stepper)
    fig_col, side = st.columns(layout.columns, gap="medium")
    with side.container(key=f"{layout.key}_side"):
        if aside:
            aside()
        if layout.full:
            _switches(view, choice, column)
        readout.selected(view, selection)
        if not layout.full:
            inspector.show(view, selection, stepper, column)
    with fig_col:
        _figure(view, choice, stepper, found, layout, shared)
    if layout.full:
        readout.heatmaps(view, choice["edge"])
        inspector.show(view, selection, stepper, column)
        pathview.show(found, view.sample)
        edits.draw(stepper, column)


def _shared(wanted: tuple, build) -> bytes:
    """The figure every session at one shared point draws (a live class's followers: the same network at
    the same sub-step, selection and view), built once a window size, language and notation. Kept as the
    bytes the element is sent (ui.figure.encode), which no session can change."""
    with _SHARED_LOCK:
        kept = _SHARED.get(wanted)
        if kept is not None:
            _SHARED.move_to_end(wanted)
    if kept is None:
        kept = build()
        with _SHARED_LOCK:
            _SHARED[wanted] = kept
            while len(_SHARED) > SHARED_FIGURES:
                _SHARED.popitem(last=False)
    return kept


def _switches(view, choice, column):
    """The sample, what the neurons and edges show, the column of a batch."""
    names = numbers.figure_names()
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


def _figure(view, choice, stepper, found, layout: Layout, shared=None):
    """The network, its units ringed by the diagnostics, the path and edits marked; under it on the Step
    page the diagnostics' table and the worked example."""
    report = diagnostics.report(stepper, view)
    highlight = view.phase[1] if view.phase[0] in ("forward", "backward") else None
    sizes = present.design() if layout.big else viewport.figure_box(0.7, 230)
    options = dict(selection=st.session_state[SELECTION], highlight=highlight, lang=state.lang(),
                   digits=numbers.digits(), dark=style.dark(), **sizes, trail=pathview.trail(found),
                   warn=diagnostics.flagged(report), edited=edits.marked(edits.found(stepper)),
                   motion=st.session_state.get(MOTION, True), fill=layout.big)
    screen = {"screen": viewport.size()[1]} if layout.big else {}  # the height laid out for, which a test waits for
    build = lambda: figure.encode(payload(view, choice["node"], choice["edge"], names=numbers.figure_names(),  # noqa: E731
                                          **options) | screen)
    wanted = (shared, choice["node"], choice["edge"], st.session_state.get(NOTATION), repr(sorted(options.items())),
              repr(screen))
    key = f"{layout.key}_fig"
    figure.draw(_shared(wanted, build) if shared is not None else build(), key, lambda: actions.select(key))
    if layout.full:
        diagnostics.show(report)
        readout.worked_example(stepper)
