"""Compare: two to four runs overlaid, their weights side by side at a step; rename, delete, export and
import runs; a new run from another's start with one change."""
import streamlit as st

from ui.compare import overlay
from ui.runs import runlist
from ui.session import boot, state
from ui.session.text import t

boot.ensure()
st.title(t("compare.title"))
state.notice()
st.caption(t("compare.caption"))
runlist.one_click()
chosen = overlay.chooser()
if len(chosen) >= 2:
    overlay.figures(chosen)
    overlay.weights(chosen)
else:
    st.info(t("compare.choose"))
runlist.one_change()
runlist.table()
runlist.files()
