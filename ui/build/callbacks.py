"""The Build page's callbacks: widgets only edit the session's plain keys, through these functions.

Every change is checked by the engine before it replaces anything: a refused value leaves the
current network, its steps and the selection untouched and records a message under its field (or
its uploader's key), which state.refusals shows next to the widget until the widget is used again.
"""
import streamlit as st

from engine import EngineError
from engine.core.scenarios import batches
from engine.files import csvfile
from ui.build import form
from ui.query import codec
from ui.session import keys, state, uploads
from ui.session.text import count, lang, t

P = state.WIDGET_PREFIX
CSV_FILE = P + "csv_file"  # the CSV uploader; its refusals are kept under this key


def edit(field: str, value=None) -> bool:
    """Apply a Build page change: the widget's value (key build_<field>) or the value given.

    True when applied; a refusal names the value, and the widget goes back to the value in force.
    """
    if value is None:
        value = st.session_state.get(P + field)
    errors = st.session_state[keys.ERRORS]
    errors.pop(field, None)
    before = form.current()
    try:
        state.install(codec.apply(state.source(), field, value), from_outside=False)
    except EngineError as exc:
        errors[field] = t("build.refused", value=_shown(value), error=exc.text(lang()))
        return False
    form.forget_moved(before)
    return True


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def edit_vector(field: str, n: int):
    """A hand-entered x or y: exactly n numbers, else a message and no change."""
    text = st.session_state.get(P + field, "")
    values = codec.parse_vector(text, n)
    if values is None:
        st.session_state[keys.ERRORS][field] = t("build.bad_vector", n=count("number", n), text=text[:40])
        return
    edit(field, [values])


def choose_batch_mode():
    mode = st.session_state[P + "mode"]
    edit("batch", batches.setting(mode))


def choose_data_mode():
    """The data source: CSV waits for an upload, keeping the current data until then."""
    mode = st.session_state[P + "data"]
    if mode != "csv" and not edit("data", mode):
        return
    st.session_state[keys.DATA_MODE] = mode
    if mode != "csv":
        st.session_state.pop(keys.CSV, None)  # the table no longer feeds the network


def load_csv():
    """A CSV upload: read with the last column as target; a bad file changes nothing and says why."""
    st.session_state[keys.ERRORS].pop(CSV_FILE, None)
    upload = st.session_state.get(CSV_FILE)
    if upload is not None:
        _use_csv(upload.name, upload.getvalue(), None, CSV_FILE)


def choose_targets():
    table = st.session_state[keys.CSV]
    _use_csv(table["file"], table["data"], st.session_state[P + "targets"], "targets")


def _use_csv(name: str, data: bytes, targets, where: str):
    errors = st.session_state[keys.ERRORS]
    errors.pop(where, None)
    before = form.current()
    try:
        table = csvfile.read_csv(data, targets or None, max_bytes=uploads.UPLOAD_LIMIT)
        state.install(codec.with_table(state.source(), table), from_outside=False)
    except EngineError as exc:
        errors[where] = t("io.refused", name=name, error=exc.text(lang()))
        return
    st.session_state[keys.CSV] = {"file": name, "data": data, "names": table.inputs + table.targets,
                                   "targets": table.targets}
    form.forget_moved(before)
