"""Trace: every logged value of any step in tables; download the trace, upload one to inspect."""
import streamlit as st

from engine.files import formats
from ui.common import actions
from ui.session import boot, state
from ui.trace import cursor, tables
from ui.session.text import t

boot.ensure()

stepper = state.stepper()
st.title(t("trace.title"))
state.notice()

a, b = st.columns(2)
# the file is written on click, in a server thread without this session: bind the stepper now
a.download_button(t("trace.download"), icon=":material/download:", data=lambda: formats.dumps(formats.trace_dict(stepper)),
                  file_name="trace.json", mime="application/json", key="trace_download", on_click="ignore",
                  disabled=not stepper.records, width="stretch")
with b:
    st.file_uploader(t("trace.upload"), type=["json"], key="trace_upload", on_change=actions.import_file,
                     args=("trace_upload",), help=t("trace.upload_help"))
    state.refusals("trace_upload")  # a refused file's message, kept by actions.import_file under this key

if not stepper.records:
    st.info(t("trace.empty"))
else:
    step = cursor.slider(t("trace.step"), stepper)
    tables.step(stepper.records[step - 1], stepper)
