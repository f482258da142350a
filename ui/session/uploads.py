"""Reading a file a user uploaded: one way for every uploader (scenarios and traces, runs, lessons).

A bad file changes nothing: its message is kept under the uploader's key in ERRORS, for
state.refusals(key) to show next to the uploader, until the uploader is used again."""
import streamlit as st

from engine import EngineError
from ui.session import keys
from ui.session.text import lang, t

UPLOAD_LIMIT = 5 * 2**20  # bytes; the server's maxUploadSize is the same, checked here too


def read(key: str, reader, refused: str = "io.refused"):
    """(file name, reader(bytes)) for the file under uploader key, or None when there is none or it was
    refused: over UPLOAD_LIMIT, or reader raised an EngineError (worded by the catalogue text refused)."""
    errors = st.session_state[keys.ERRORS]
    errors.pop(key, None)
    upload = st.session_state.get(key)
    if upload is None:
        return None
    try:
        if upload.size > UPLOAD_LIMIT:
            raise EngineError(t("io.too_large", mb=UPLOAD_LIMIT // 2**20))
        return upload.name, reader(upload.getvalue())
    except EngineError as exc:
        errors[key] = t(refused, name=upload.name, error=exc.text(lang()))
        return None
