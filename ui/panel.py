"""The Step page's text panels: the phase in words, the current sample, the selected item's values."""
import pandas as pd
import streamlit as st

from engine import explain
from viz.matrices import heatmap

from ui.state import DIGITS, NOTATION
from ui.text import lang, t

def fmt(v) -> str:
    """v to the chosen significant digits; the exact value is in the next column and on hover."""
    return "—" if v is None else f"{v:.{st.session_state[DIGITS]}g}"


def vec(values) -> str:
    return "—" if values is None else "(" + ", ".join(fmt(float(v)) for v in values) + ")"


def phase(view, stepper):
    kind, layer = view.phase
    text = t(f"phase.{kind}", l=layer, loss=fmt(view.loss), J=fmt(view.J))
    nxt, nlayer = stepper.next_phase()
    step = len(stepper.records) + (stepper.pending is not None)
    st.info(f"**{t('step.step_no')} {step}** · **{text}** {t('phase.next', what=t(f'next.{nxt}', l=nlayer))}",
            icon=":material/footprint:")


def sample(view, stepper):
    """x, y, the prediction and the loss of the shown sample, always visible."""
    index = view.sample if view.sample is not None else "—"
    st.markdown(f"**{t('step.sample')}** #{index}  \n"
                f"x = {vec(view.x)}  \ny = {vec(view.y)}  \n"
                f"{t('step.prediction')} = {vec(view.a[-1])}  \n{t('step.loss')} = {fmt(view.loss)}")


def _rows(items):
    return pd.DataFrame([{t("panel.quantity"): name, t("panel.value"): fmt(v),
                          t("panel.exact"): "—" if v is None else repr(float(v))} for name, v in items])


def _at(arrays, l, *idx):
    arr = arrays[l]
    return None if arr is None else float(arr[idx])


def selected(view, selection, stepper):
    """The values of the clicked neuron or edge (kept while the values change)."""
    st.markdown(f"**{t('panel.title')}**")
    if not selection:
        st.caption(t("panel.none"))
        return
    kind, *idx = selection[0], *map(int, selection[1:].split("_"))
    if kind == "n":
        l, j = idx
        st.markdown(t("panel.neuron", l=l, j=j))
        items = [("a", _at(view.a, l, j))] if l == 0 else [
            ("z", _at(view.z, l - 1, j)), ("a", _at(view.a, l, j)), ("δ", _at(view.delta, l - 1, j)),
            ("b", _at(view.b, l - 1, j)), ("∂J/∂b", _at(view.db, l - 1, j))]
    else:
        l, j, k = idx
        st.markdown(t("panel.edge", l=l, j=j, k=k))
        items = [("W", _at(view.W, l - 1, j, k)), ("∂J/∂W", _at(view.dW, l - 1, j, k)),
                 (t("qty.update"), _at(view.update, l - 1, j, k))]
    st.dataframe(_rows(items), hide_index=True, width="stretch")


def worked_example(stepper):
    """The last committed step as a textbook-style Markdown document, in the chosen notation."""
    notation, digits, language = st.session_state[NOTATION], st.session_state[DIGITS], lang()
    st.download_button(t("step.explain"), data=lambda: explain.worked_example(stepper, notation, language, digits),
                       file_name=f"worked-example-{notation}-{language}.md", mime="text/markdown",
                       key="step_explain", on_click="ignore", icon=":material/description:",
                       disabled=not stepper.records or not stepper.records[-1].full, help=t("step.explain_help"))


def heatmaps(view, edge: str, large: bool):
    """Per-layer heat maps of the edge quantity: the whole matrix, where the drawing shows a budget."""
    with st.expander(t("step.heatmaps"), expanded=large):
        L = len(view.layers) - 1
        l = st.selectbox(t("edit.layer"), range(1, L + 1), 0, key="step_heat_layer")
        M = {"W": view.W, "dW": view.dW, "update": view.update}[edge][l - 1]
        if M is None:
            st.caption(t("inspect.not_yet"))
            return
        st.plotly_chart(heatmap(M, t(f"qty.{edge}") + f" · {t('edit.layer')} {l}"), key="step_heat")
