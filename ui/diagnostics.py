"""Diagnostics on the Step page: saturated and dead units ringed in the figure, gradient flags in words."""
import streamlit as st

from engine.diagnose import diagnose
from ui.text import lang, t

MAX_JUDGED = 512  # samples the unit rules look at (the engine spreads them evenly)


def report(stepper, view):
    """The engine's diagnosis of the shown step, once its backward pass is revealed."""
    rec = stepper.shown()
    if rec is None or not rec.full or view.delta[0] is None:
        return None
    return diagnose(rec, stepper.sc.net, stepper.sc.X)


def flagged(rep) -> list:
    if rep is None:
        return []
    return [f"n{l + 1}_{j}" for l, units in enumerate(rep.saturated) for j in units] + \
           [f"n{l + 1}_{j}" for l, units in enumerate(rep.dead) for j in units]


def show(rep):
    if rep is None or not rep.findings:
        return
    with st.expander(t("step.diagnostics") + f" ({len(rep.findings)})", expanded=False):
        for message in rep.messages(lang()):
            st.markdown(f"- {message}")
