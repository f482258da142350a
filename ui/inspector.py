"""The chain-rule inspector: the formulas of the selected neuron or weight with live numbers, as far
as the step has revealed them, each number to the chosen digits and exact on hover (ui.pathview
shows the paths from a selected weight to the loss)."""
import streamlit as st

from engine.teach.explain import edge_formulas, neuron_formulas
from ui import state
from ui.numbers import exact
from ui.text import lang, t

FORWARD = {"z", "a"}  # formula kinds the forward pass reveals
UPDATE = {"W", "b"}  # formula kinds the update reveals; the rest come with the backward pass


def parse(selection):
    """("n", l, j) or ("e", l, j, k) from a selection id, else None."""
    if not selection or selection[0] not in "ne":
        return None
    try:
        return (selection[0], *map(int, selection[1:].split("_")))
    except ValueError:
        return None


def _revealed(kind, view, l) -> bool:
    if kind in FORWARD:
        return view.z[l - 1] is not None
    if kind in UPDATE:
        return view.updated
    return view.delta[l - 1] is not None


def _formulas(sel, rec, stepper, column):
    args = dict(notation=st.session_state[state.NOTATION], column=column,
                digits=st.session_state[state.DIGITS], lang=lang())
    if sel[0] == "n":
        return neuron_formulas(rec, stepper.sc, l=sel[1], j=sel[2], **args)
    return edge_formulas(rec, stepper.sc, l=sel[1], j=sel[2], k=sel[3], **args)


def show(view, selection, stepper, column):
    sel, rec = parse(selection), stepper.shown()
    if sel is None or rec is None or not rec.full or sel[0] == "n" and sel[1] == 0:
        return
    shown = [f for f in _formulas(sel, rec, stepper, column) if _revealed(f.kind, view, sel[1])]
    if not shown:
        st.caption(t("inspect.not_yet"))
    for f in shown:
        st.latex(f.latex + (rf"\quad\text{{({f.tag})}}" if f.tag else ""),
                 help=f"{t('panel.exact')}: " + " · ".join(map(exact, f.used)) + f" → {exact(f.value)}")
        st.caption(f.caption)
