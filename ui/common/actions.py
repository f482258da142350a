"""Callbacks shared by the pages that step and show a network: the step buttons (and the presenter's keys), a
click on the figure, what the figure shows, a scenario or trace file. Widgets only edit the session's plain
keys, through these functions; a refused file changes nothing (ui.session.uploads says why)."""
import streamlit as st

from engine import NonFiniteError
from engine.files import formats
from engine.teach.screen import ids
from ui import figure
from ui.session import keys, saved_runs, state, uploads
from ui.session.text import count, t


def import_file(key: str):
    """A scenario or trace from the uploader under key; a bad file changes nothing (ui.session.uploads)."""
    # replayed under the session's budget: a trace of a large network would otherwise keep every
    # replayed step in full (hundreds of MB) before the budget is ever applied
    got = uploads.read(key, lambda data: formats.read_any(data, max_bytes=uploads.UPLOAD_LIMIT, budget=state.BUDGET))
    if got is None:
        return
    name, (kind, obj) = got
    if kind == "scenario":
        state.install(obj.source)
    else:
        state.install(obj.sc.source, stepper=obj)
    state.tell("success", t(f"io.loaded_{kind}", name=name, steps=count("step", len(state.stepper().records))))


def move(action: str):
    """One Step page button: sub_step, step, back, reset."""
    st_ = state.stepper()
    try:
        if action == "reset":
            saved_runs.keep()  # the training history goes with the steps: kept as a run (its norms too), and said so
            st_.reset()
            st.session_state[keys.TRAIN_LOG] = []
        else:
            getattr(st_, action)()
    except NonFiniteError as exc:
        state.tell("error", t("step.nonfinite", step=exc.step + 1, quantity=exc.quantity,
                              layer=exc.layer if exc.layer is not None else "-"))


def select(key: str = "step_fig"):
    """Copy a click, a tap or Enter on a neuron or an edge of the network element (ui.figure) into the
    plain selection key; anything but a neuron's or an edge's id changes nothing."""
    cid = figure.picked(key)
    if ids.parse(cid):
        st.session_state[keys.SELECTION] = cid


def set_view(name: str, key: str):
    state.view_choice()[name] = st.session_state[key]
