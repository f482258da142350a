"""Edit and see on the Step page: change a weight, bias, input or target of the step on screen. The
step is recomputed from the edit at the same sub-step; the values that moved are listed before and
after and marked in the figure; "undo" brings back the exact previous network and its history."""
import numpy as np
import pandas as pd
import streamlit as st

from engine import EngineError

from engine.teach.screen import edit
from engine.teach.screen import ids
from engine.teach.screen.view import current
from engine.teach.textbook import notation as nota
from ui.session import keys, state
from ui.common.numbers import columns, hover, markdown, notation, option_name, table, tex
from ui.common.style import lazy_expander
from ui.session.text import count, lang, t

CHANGES = keys.CHANGES  # {"stepper", "at", "found", "numbers"}: the last edit's Change list, shown while
# the edited step machine stays where the edit left it
UNDO = keys.UNDO  # {"edited": the edited step machine, "state": the per-network keys before it}
ERROR = keys.EDIT_ERROR  # why the last edit was refused, shown next to the Apply button
LAYER = "step_edit_layer"  # the layer whose table is open: the edit keeps the layers, so it stays
MAX_CELLS = 4096  # larger matrices are edited in a file, not in a table on a projector
MAX_LISTED = 60  # changes listed one by one; the rest are counted


def _at(stepper):
    return len(stepper.records), stepper.cursor, stepper.pending is not None


def found(stepper) -> list:
    """The last edit's changes while the page still shows the step it recomputed, else []."""
    done = st.session_state.get(CHANGES)
    return done["found"] if done and done["stepper"] is stepper and done["at"] == _at(stepper) else []


def marked(changes) -> list:
    """Neuron and edge ids of the changed values, for the figure's blue diamonds."""
    marks = {ids.edge(c.layer, *c.index) if c.quantity in ("W", "dW") else ids.neuron(c.layer, c.index[0])
             for c in changes if c.layer is not None}
    return sorted(marks)


def _param_frame(W, b, l) -> pd.DataFrame:
    """Layer l's parameters as one table: Ng's Theta with the bias in column 0, else W then b."""
    nt = notation()
    rows = [f"j = {j + nt.base}" for j in range(W.shape[0])]
    if nt.bias_column:
        return pd.DataFrame(nota.theta([W], [b])[0], index=rows, columns=[f"k = {k}" for k in range(W.shape[1] + 1)])
    cols = [f"k = {k + nt.base}" for k in range(W.shape[1])] + [option_name("b", l)]
    return pd.DataFrame(np.hstack([W, b[:, None]]), index=rows, columns=cols)


def _split(M):
    """(W, b) from a table of _param_frame."""
    return (M[:, 1:], M[:, 0]) if notation().bias_column else (M[:, :-1], M[:, -1])


def _sample_frame(kind, values) -> pd.DataFrame:
    return pd.DataFrame([values], columns=[option_name(kind, None, j) for j in range(len(values))])




def _edited(frame, key):
    """The table with the cells edited under widget key applied, or None when none was edited."""
    rows = (st.session_state.get(key) or {}).get("edited_rows") or {}
    if not any(rows.values()):
        return None
    M = frame.to_numpy(dtype=float).copy()
    for row, cells in rows.items():
        for col, value in cells.items():
            M[int(row), list(frame.columns).index(col)] = float("nan") if value is None else value
    return M


def draw(stepper, column):
    box = lazy_expander(t("edit.title"), "step_edit_open", expanded=bool(found(stepper)) or ERROR in st.session_state)
    if box is None:
        return
    with box:
        _listing(stepper)
        _undo_button(stepper)
        now, L = edit.on_screen(stepper), stepper.L
        st.caption(t("edit.about", sample=_shown_sample(now, column)))
        names = {l: option_name("W", l) for l in range(1, L + 1)}  # looked up now: Streamlit may call it after the run
        if st.session_state.get(LAYER) not in names:  # the last layer at first; the box then keeps its own
            st.session_state[LAYER] = L  # (no index as well: Streamlit warns of a value set twice)
        l = st.selectbox(t("edit.layer"), list(names), key=LAYER, format_func=names.get)
        if now.W[l - 1].size > MAX_CELLS:
            st.caption(t("edit.too_large", cells=MAX_CELLS))
        else:
            _heading(l)
            frame = _param_frame(now.W[l - 1], now.b[l - 1], l)
            st.data_editor(frame, key=f"step_edit_W{l}", column_config=columns(frame.columns))
        _sample_editors(stepper, now, column)
        st.button(t("edit.apply"), key="step_edit_apply", icon=":material/edit:", on_click=_apply, args=(l, column))
        if ERROR in st.session_state:
            st.error(st.session_state.pop(ERROR))  # said once; the typed values stay in the tables


def _heading(l):
    if notation().bias_column:
        st.markdown(t("explain.theta", name=tex("W", l)))
    else:
        st.markdown(t("explain.matrix", W=tex("W", l), b=tex("b", l)))


def _shown_sample(now, column):
    return int(now.samples[min(column, len(now.samples) - 1)])


def _sample_editors(stepper, now, column):
    """x and y of the shown sample; a generated data set is written out as rows when they change."""
    if "dataset" in stepper.sc.source:
        st.caption(t("edit.generated", name=stepper.sc.source["dataset"].get("name", "?")))
    s = _shown_sample(now, column)
    left, right = st.columns(2)
    for place, kind, values in ((left, "x", stepper.sc.X[:, s]), (right, "y", stepper.sc.Y[:, s])):
        frame = _sample_frame(kind, values)
        place.data_editor(frame, key=f"step_edit_{kind}", hide_index=True, column_config=columns(frame.columns))


def _apply(l, column):
    """Apply the edited cells to the step on screen; a refused edit changes nothing and says why."""
    stepper = state.stepper()
    now = edit.on_screen(stepper)
    W, b = list(now.W), list(now.b)
    M = _edited(_param_frame(now.W[l - 1], now.b[l - 1], l), f"step_edit_W{l}")
    if M is not None:
        W[l - 1], b[l - 1] = _split(M)
    inputs, s = {}, _shown_sample(now, column)
    for kind, arr in (("x", stepper.sc.X[:, s]), ("y", stepper.sc.Y[:, s])):
        row = _edited(_sample_frame(kind, arr), f"step_edit_{kind}")
        if row is not None:
            inputs[kind] = row[0]
    if M is None and not inputs:
        st.session_state[ERROR] = t("edit.nothing")
        return
    try:
        done = edit.edit(stepper, column=column, W=W, b=b, **inputs)
    except EngineError as exc:
        st.session_state[ERROR] = t("edit.refused", error=exc.text(lang()))
        return
    _install(done, stepper, column)


def _install(done, stepper, column):
    before = state.snapshot()
    _keeping_layer(state.install, done.source, stepper=done.stepper, from_outside=False)  # typed cells go
    st.session_state[keys.SELECTION] = before["keys"][keys.SELECTION]  # the item looked at stays selected
    st.session_state[UNDO] = {"edited": done.stepper, "state": before}
    numbers = (current(stepper, column).sample, current(done.stepper, column).sample)
    st.session_state[CHANGES] = {"stepper": done.stepper, "at": _at(done.stepper), "found": done.changes,
                                 "numbers": numbers}


def _undo():
    """The network before the edit with everything that belonged to it (its check, quiz, log, an
    earlier edit's undo), none of what belonged to the edited one."""
    _keeping_layer(state.restore, st.session_state[UNDO]["state"])


def _keeping_layer(change, *args, **kw):
    """Make a change that keeps the layers (an edit, its undo) with the open table's layer kept."""
    layer = st.session_state.get(LAYER)
    change(*args, **kw)
    if layer is not None:
        st.session_state[LAYER] = layer


def _undo_button(stepper):
    undo = st.session_state.get(UNDO)
    if undo and undo["edited"] is stepper:
        st.button(t("edit.undo"), key="step_edit_undo", icon=":material/undo:", on_click=_undo,
                  help=t("edit.undo_help"))


def _name(c) -> str:
    if c.quantity in ("loss", "J"):
        nt = notation()
        return f"${nt.loss if c.quantity == 'loss' else nt.cost}$"
    if c.quantity in ("x", "y"):
        return tex(c.quantity, None, *c.index)
    return tex(c.quantity, c.layer, *c.index)


def _listing(stepper):
    changes = found(stepper)
    if not changes:
        return
    old, new = st.session_state[CHANGES]["numbers"]
    if old != new:
        st.caption(t("edit.renumbered", old=old, new=new))
    markdown(t("edit.changed", n=count("value", len(changes))) + "\n\n" + table(
        [t("edit.quantity"), t("edit.before"), t("edit.after")],
        [(_name(c), hover(c.before), hover(c.after)) for c in changes[:MAX_LISTED]]))
    if len(changes) > MAX_LISTED:
        st.caption(t("edit.more", n=count("value", len(changes) - MAX_LISTED)))
