"""The chain-rule inspector: the formulas of the selected neuron or weight with live numbers, as far
as the step has revealed them, and the paths from a selected weight to the loss."""
import streamlit as st

from engine.explain import edge_formulas, neuron_formulas
from engine.paths import paths
from ui import state
from ui.text import lang, t

FORWARD = {"z", "a"}  # formula kinds the forward pass reveals
UPDATE = {"W", "b"}  # formula kinds the update reveals; the rest come with the backward pass
MAX_SHOWN_PATHS = 12  # paths listed one by one; all of them are summed


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
        st.latex(f.latex + (rf"\quad\text{{({f.tag})}}" if f.tag else ""))
        st.caption(f.caption)


def found_paths(view, selection, stepper, column):
    """The paths of a selected weight once its gradient is revealed (simultaneous rule only: the
    output-first rule backpropagates through weights already changed)."""
    sel, rec = parse(selection), stepper.shown()
    if (sel is None or sel[0] != "e" or rec is None or not rec.full or view.dW[sel[1] - 1] is None
            or stepper.sc.update_order != "simultaneous"):
        return []
    return paths(stepper.sc.net, rec.W_before, rec, *sel[1:], column=column,
                 notation=st.session_state[state.NOTATION])


def trail(found, selection) -> list:
    """Edge ids along the paths, for the figure's gold halo."""
    ids = {selection} if found else set()
    for p in found:
        zs = [n[1:] for n in p.nodes if n[0] == "z"]
        ids |= {f"e{l2}_{j2}_{j1}" for (l1, j1), (l2, j2) in zip(zs, zs[1:])}
    return sorted(ids)


def show_paths(found):
    if not found:
        return
    with st.expander(t("inspect.paths", n=len(found)), expanded=len(found) <= 4):
        for p in found[:MAX_SHOWN_PATHS]:
            st.latex(r" \cdot ".join(p.names) + f" = {p.product:.6g}")
        total = sum(p.product for p in found)
        st.markdown(t("inspect.path_sum", n=len(found), total=f"{total:.10g}"))
