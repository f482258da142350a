"""The Trace page's tables: one step's logged values, layer by layer."""
import pandas as pd
import streamlit as st

from ui.text import t


def _frame(arr, rows: str, cols: str, names=None):
    """A matrix as a table with named rows and columns (neurons, samples, inputs)."""
    arr = arr if arr.ndim == 2 else arr[:, None]
    names = range(arr.shape[1]) if names is None else names
    return pd.DataFrame(arr, index=[f"{rows}{i}" for i in range(arr.shape[0])],
                        columns=[f"{cols}{i}" for i in names])


def step(rec, stepper):
    st.markdown(t("trace.summary", step=rec.index + 1, m=len(rec.samples), J=f"{rec.J:.6g}",
                  samples=", ".join(map(str, rec.samples[:20])) + (" …" if len(rec.samples) > 20 else "")))
    st.dataframe(pd.DataFrame({t("trace.layer"): range(1, len(rec.grad_norms) + 1),
                               t("trace.grad_norm"): rec.grad_norms}), hide_index=True)
    if not rec.full:
        st.warning(t("trace.summarised"))
        return
    for l in range(1, stepper.L + 1):
        with st.expander(t("trace.layer_title", l=l, n=stepper.sc.net.layers[l]), expanded=l == stepper.L):
            _layer(rec, l)


def _layer(rec, l):
    left, right = st.columns(2)
    sample = t("trace.sample_col")
    with left:
        for name, arr in (("z", rec.z[l - 1]), ("a", rec.a[l]), ("delta", rec.delta[l - 1])):
            st.caption(t(f"qty.{name}"))
            st.dataframe(_frame(arr, "j=", sample, rec.samples), width="stretch")
    with right:
        for name, arr in (("dW", rec.dW[l - 1]), ("db", rec.db[l - 1]), ("W_after", rec.W_after[l - 1])):
            st.caption(t(f"trace.{name}"))
            st.dataframe(_frame(arr, "j=", "k=" if arr.ndim == 2 else ""), width="stretch")
