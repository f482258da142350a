"""The Trace page's tables: one step's logged values, layer by layer. A matrix too large to read as a
table, and to send on every rerun, is a pooled heat map with every exact value in a CSV download."""
import pandas as pd
import streamlit as st

from engine.teach.textbook import notation as nota
from ui.common.numbers import columns, fmt
from ui.session.keys import NOTATION
from ui.common.style import lazy_expander
from ui.session.text import count, lang, t
from viz.matrices import heatmap

MAX_TABLE = 4096  # cells of the largest matrix shown as a table: a 64 x 64 W still reads on a projector


def _frame(arr, rows: str, cols: str, names=None):
    """A matrix as a table with named rows and columns (neurons, samples, inputs)."""
    arr = arr if arr.ndim == 2 else arr[:, None]
    names = range(arr.shape[1]) if names is None else names
    return pd.DataFrame(arr, index=[f"{rows}{i}" for i in range(arr.shape[0])],
                        columns=[f"{cols}{i}" for i in names])


def step(rec, stepper):
    st.markdown(t("trace.summary", step=rec.index + 1, m=count("sample", len(rec.samples)), J=fmt(rec.J),
                  samples=", ".join(map(str, rec.samples[:20])) + (" …" if len(rec.samples) > 20 else "")))
    st.dataframe(pd.DataFrame({t("trace.layer"): range(1, len(rec.grad_norms) + 1),
                               t("trace.grad_norm"): rec.grad_norms}), hide_index=True,
                 column_config=columns([t("trace.grad_norm")]))
    if not rec.full:
        st.warning(t("trace.summarised"))
        return
    notation = st.session_state[NOTATION]
    for l in range(1, stepper.L + 1):
        title = t("trace.layer_title", l=nota.layer_name(notation, l, lang()), n=count("neuron", stepper.sc.net.layers[l]))
        # a closed layer runs nothing and sends nothing: a wide network's trace stays light
        box = lazy_expander(title, f"trace_open{l}", expanded=l == stepper.L)
        if box is not None:
            with box:
                _layer(rec, l, notation)


def _layer(rec, l, notation):
    """The layer's values, each headed by its name in the chosen notation (the numbers never change)."""
    left, right = st.columns(2)
    sample = t("trace.sample_col")
    with left:
        for kind, arr in (("z", rec.z[l - 1]), ("a", rec.a[l]), ("delta", rec.delta[l - 1])):
            st.markdown(f"${nota.name(notation, kind, l)}$ · {t(f'qty.{kind}')}")
            _show(arr, "j=", sample, f"step{rec.index + 1}-{kind}{l}", rec.samples, t("trace.batch_col"))
    with right:
        for kind, arr, label in (("dW", rec.dW[l - 1], "trace.dW"), ("db", rec.db[l - 1], "trace.db"),
                                 ("W", rec.W_after[l - 1], "trace.W_after")):
            st.markdown(f"${nota.name(notation, kind, l)}$ · {t(label)}")
            _show(arr, "j=", "k=" if arr.ndim == 2 else "", f"step{rec.index + 1}-{kind}{l}")


def _show(arr, rows, cols, name, names=None, x_title="k"):
    """An exact table, or past MAX_TABLE cells a heat map (pooled like the Step page's) and a download."""
    if arr.size <= MAX_TABLE:
        frame = _frame(arr, rows, cols, names)
        st.dataframe(frame, width="stretch", column_config=columns(frame.columns))
        return
    M = arr if arr.ndim == 2 else arr[:, None]
    st.caption(t("trace.large", rows=M.shape[0], cols=M.shape[1], max=MAX_TABLE))
    st.plotly_chart(heatmap(M, f"{M.shape[0]} × {M.shape[1]}", x_title=x_title, square=names is None),
                    key=f"trace_heat_{name}", config={"displayModeBar": False})
    st.download_button(t("trace.csv"), data=lambda: _frame(arr, rows, cols, names).to_csv(), file_name=f"{name}.csv",
                       mime="text/csv", key=f"trace_csv_{name}", on_click="ignore", icon=":material/download:")
