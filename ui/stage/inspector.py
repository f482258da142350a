"""The chain-rule inspector: the formulas of the selected neuron or weight with live numbers, as far
as the step has revealed them, each number to the chosen digits and exact on hover (ui.stage.pathview
shows the paths from a selected weight to the loss)."""
import streamlit as st

from engine.teach.screen.ids import parse
from engine.teach.screen.view import formula_phase, shows
from engine.teach.worked.explain import edge_formulas, neuron_formulas
from engine.text.numformat import exact
from ui.session import keys
from ui.common.numbers import fmt
from ui.session.text import lang, t


def _updating(f) -> bool:
    """A formula of the update (an optimiser's notes come before the first)."""
    return formula_phase(f.kind) == "update"


def _formulas(sel, rec, stepper, column):
    args = dict(notation=st.session_state[keys.NOTATION], column=column,
                digits=st.session_state[keys.DIGITS], lang=lang())
    if sel[0] == "n":
        return neuron_formulas(rec, stepper.sc, l=sel[1], j=sel[2], **args)
    return edge_formulas(rec, stepper.sc, l=sel[1], j=sel[2], k=sel[3], **args)


def show(view, selection, stepper, column):
    sel, rec = parse(selection), stepper.shown()
    if sel is None or rec is None or not rec.full or sel[0] == "n" and sel[1] == 0:
        return
    shown = [f for f in _formulas(sel, rec, stepper, column) if shows(view, f.kind, sel[1])]
    if not shown:
        st.caption(t("inspect.not_yet"))
    for i, f in enumerate(shown):
        if _updating(f) and (i == 0 or not _updating(shown[i - 1])):
            _update_notes(stepper.sc, rec)
        st.latex(f.latex + (rf"\quad\text{{({f.tag})}}" if f.tag else ""),
                 help=f"{t('panel.exact')}: " + " · ".join(map(exact, f.used)) + f" → {exact(f.value)}")
        st.caption(f.caption)


def _update_notes(sc, rec):
    """Before the update's formulas: which optimiser made them, and the lr a schedule gave this update."""
    if sc.optimizer.explain is not None:
        st.caption(t("inspect.optimizer", name=t(sc.optimizer.label)))
    if sc.schedule is not None:
        st.caption(t("inspect.lr_used", name=t(sc.schedule.label), t=sc.update_number(rec.index), lr=fmt(rec.lr)))
