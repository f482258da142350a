"""Edit and see: change a weight, bias, input or target in a table; the step is recomputed from the
edit and every value that moved downstream is listed with its before and after."""
import numpy as np
import pandas as pd
import streamlit as st

from engine import EngineError, edit
from ui import state
from ui.text import t

CHANGES = "changes"  # plain key: the Change list of the last edit, shown until the next one
MAX_CELLS = 4096  # larger matrices are edited in a file, not in a table on a projector


def _table(arr, rows, cols):
    arr = np.atleast_2d(arr)
    return pd.DataFrame(arr, index=[f"{rows}{i}" for i in range(arr.shape[0])],
                        columns=[f"{cols}{i}" for i in range(arr.shape[1])])


def draw(stepper):
    with st.expander(t("edit.title"), expanded=bool(st.session_state.get(CHANGES))):
        _changes()
        L = stepper.L
        l = st.selectbox(t("edit.layer"), range(1, L + 1), L - 1, key="edit_layer")
        if stepper.W[l - 1].size > MAX_CELLS:
            st.caption(t("edit.too_large", cells=MAX_CELLS))
            return
        a, b = st.columns([4, 1])
        W = a.data_editor(_table(stepper.W[l - 1], "j=", "k="), key=f"edit_W{l}")
        bias = b.data_editor(_table(stepper.b[l - 1][:, None], "j=", "b"), key=f"edit_b{l}")
        one = stepper.sc.X.shape[1] == 1 and "X" in stepper.sc.source
        x = st.data_editor(_table(stepper.sc.X[:, 0], "", "x"), key="edit_x") if one else None
        y = st.data_editor(_table(stepper.sc.Y[:, 0], "", "y"), key="edit_y") if one else None
        if st.button(t("edit.apply"), key="edit_apply", icon=":material/edit:"):
            _apply(stepper, l, W, bias, x, y)


def _apply(stepper, l, W, bias, x, y):
    Ws = [w.copy() for w in stepper.W]
    bs = [v.copy() for v in stepper.b]
    Ws[l - 1], bs[l - 1] = W.to_numpy(dtype=float), bias.to_numpy(dtype=float)[:, 0]
    extra = {} if x is None else {"x": x.to_numpy(dtype=float)[0], "y": y.to_numpy(dtype=float)[0]}
    samples = stepper.shown().samples if stepper.shown() is not None else stepper.next_samples(stepper.pos)[0]
    try:
        src, _, found = edit.edit(stepper, samples, W=Ws, b=bs, **extra)
    except (EngineError, ValueError) as exc:
        st.error(t("edit.refused", error=str(exc)))
        return
    cursor, stepped = stepper.cursor if stepper.pending is not None else 0, bool(stepper.records)
    state.install(src, from_outside=False)
    if cursor:
        state.stepper().goto(0, cursor)  # show the edited step at the same sub-step
    elif stepped:
        state.stepper().step()
    st.session_state[CHANGES] = found
    st.rerun()


def _changes():
    found = st.session_state.get(CHANGES)
    if not found:
        return
    st.markdown(t("edit.changed", n=len(found)))
    st.dataframe(pd.DataFrame([{t("edit.quantity"): c.quantity, t("edit.where"): f"{c.layer} {list(c.index)}",
                                t("edit.before"): c.before, t("edit.after"): c.after} for c in found]),
                 hide_index=True, width="stretch", height=min(400, 40 + 35 * len(found)))
