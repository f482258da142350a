"""Callbacks: widgets only edit the session's plain keys, through these functions.

Every change is checked by the engine before it replaces anything: a refused value leaves the
current network, its steps and the selection untouched and records a message for its field.
"""
import streamlit as st

from engine import EngineError, NonFiniteError, csvfile, files
from ui import config, state
from ui.text import t

UPLOAD_LIMIT = 5 * 2**20  # bytes; the server's maxUploadSize is the same, checked here too


def edit(field: str, value=None):
    """Apply a Build page change: the widget's value (key build_<field>) or the value given."""
    if value is None:
        value = st.session_state.get(state.WIDGET_PREFIX + field)
    errors = st.session_state[state.ERRORS]
    try:
        new = config.apply(state.source(), field, value)
        state.install(new, from_outside=False)
    except EngineError as exc:
        errors[field] = t("build.refused", error=str(exc))


def edit_vector(field: str, n: int):
    """A hand-entered x or y: exactly n numbers, else a message and no change."""
    text = st.session_state.get(state.WIDGET_PREFIX + field, "")
    values = config.parse_vector(text, n)
    if values is None:
        st.session_state[state.ERRORS][field] = t("build.bad_vector", n=n, text=text[:40])
        return
    edit(field, [values])


def import_file(key: str):
    """A scenario or trace from an upload; a bad file changes nothing and says why."""
    upload = st.session_state.get(key)
    if upload is None:
        return
    try:
        if upload.size > UPLOAD_LIMIT:
            raise EngineError(t("io.too_large", mb=UPLOAD_LIMIT // 2**20))
        kind, obj = files.read_any(upload.getvalue(), max_bytes=UPLOAD_LIMIT)
    except EngineError as exc:
        state.tell("error", t("io.refused", name=upload.name, error=str(exc)))
        return
    if kind == "scenario":
        state.install(obj.source)
    else:
        obj.budget = state.BUDGET
        state.install(obj.sc.source, stepper=obj)
    state.tell("success", t(f"io.loaded_{kind}", name=upload.name, steps=len(state.stepper().records)))


def move(action: str):
    """One Step page button: sub_step, step, back, reset."""
    st_ = state.stepper()
    try:
        if action == "reset":
            st_.reset()
            st.session_state[state.TRAIN_LOG] = []
        else:
            getattr(st_, action)()
    except NonFiniteError as exc:
        state.tell("error", t("step.nonfinite", step=exc.step, quantity=exc.quantity,
                              layer=exc.layer if exc.layer is not None else "-"))


def select(key: str = "step_fig"):
    """Copy a click on the figure into the plain selection key (the chart's own state resets)."""
    points = st.session_state[key].selection.points if st.session_state.get(key) else []
    ids = [p.get("customdata") for p in points if p.get("customdata")]
    if ids:
        cid = ids[0]
        st.session_state[state.SELECTION] = cid[0] if isinstance(cid, list) else cid


def set_view(name: str, key: str):
    state.view_choice()[name] = st.session_state[key]


CSV = "csv"  # plain key: {"file", "data" (bytes), "names", "targets"} of the last good CSV upload


def load_csv():
    """A CSV upload: read with the last column as target; a bad file changes nothing and says why."""
    upload = st.session_state.get(state.WIDGET_PREFIX + "csv_file")
    if upload is not None:
        _use_csv(upload.name, upload.getvalue(), None)


def choose_targets():
    table = st.session_state[CSV]
    _use_csv(table["file"], table["data"], st.session_state[state.WIDGET_PREFIX + "targets"])


def _use_csv(name: str, data: bytes, targets):
    errors = st.session_state[state.ERRORS]
    try:
        X, Y, xnames, ynames = csvfile.read_csv(data, targets or None, max_bytes=UPLOAD_LIMIT)
        new = config.with_table(state.source(), X.tolist(), Y.tolist())
        state.install(new, from_outside=False)
    except EngineError as exc:
        errors["csv"] = t("io.refused", name=name, error=str(exc))
        return
    st.session_state[CSV] = {"file": name, "data": data, "names": xnames + ynames, "targets": ynames}
