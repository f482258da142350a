"""Diagnostics on the Step page: saturated and dead units ringed in the figure; per layer the gradient
norm and its ratio to the next layer, vanishing and exploding layers flagged in words."""
import streamlit as st

from engine.teach.screen import diagnose as dg
from engine.teach.screen import ids
from engine.teach.textbook import notation as nota
from ui.common.numbers import NONE, digits, hover, markdown, notation, table
from ui.common.style import lazy_expander
from ui.session.text import lang, t


def report(stepper, view):
    """The engine's diagnosis of the shown step, once its backward pass is revealed."""
    rec = stepper.shown()
    if rec is None or not rec.full or view.delta[0] is None:
        return None
    return dg.diagnose(rec, stepper.sc.net, stepper.sc.X)


def flagged(rep) -> list:
    """Neuron ids of saturated and dead units, for the figure's rings."""
    if rep is None:
        return []
    return [ids.neuron(l + 1, j) for l, units in enumerate(rep.saturated) for j in units] + \
           [ids.neuron(l + 1, j) for l, units in enumerate(rep.dead) for j in units]


def _flag(rep, l) -> str:
    if rep.vanishing[l]:
        return t("diag.flag.vanishing")
    return t("diag.flag.exploding") if rep.exploding[l] else t("diag.flag.none")


def _layers(rep) -> str:
    nt = notation()
    rows = [(rf"$\lVert {nota.name(nt, 'dW', l + 1)} \rVert$", hover(n),
             NONE if rep.ratio[l] is None else hover(rep.ratio[l]), _flag(rep, l)) for l, n in enumerate(rep.norms)]
    return table([t("diag.col_layer"), t("diag.col_norm"), t("diag.col_ratio"), t("diag.col_flag")], rows)


def show(rep):
    """The findings in words and the per-layer table; open when something is flagged."""
    if rep is None:
        return
    title = t("step.diagnostics") + (f" ({len(rep.findings)})" if rep.findings else "")
    # its own key once something is flagged, so that it opens then; closed, it runs and sends nothing
    box = lazy_expander(title, "step_diag_flagged" if rep.findings else "step_diag_open", bool(rep.findings),
                        icon=":material/warning:" if rep.findings else None)
    if box is None:
        return
    with box:
        for message in rep.messages(lang(), notation(), digits()):
            st.markdown(f"- {message}")
        markdown(_layers(rep))
        st.caption(t("diag.ratio_note", vanish=f"{dg.VANISH_RATIO:g}", explode=f"{dg.EXPLODE_RATIO:g}",
                     norm=f"{dg.EXPLODE_NORM:g}", dz=f"{dg.SATURATED_DZ:g}"))
