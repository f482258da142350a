"""Compare: two to four runs overlaid, their weights side by side at a step; rename, delete, export and
import runs; a new run from another's start with one change."""
import streamlit as st

from ui import boot, compare_panel, runlist, state
from ui.text import t

boot.ensure()
st.title(t("compare.title"))
state.notice()
st.caption(t("compare.caption"))
runlist.one_click()
chosen = compare_panel.chooser()
if len(chosen) >= 2:
    compare_panel.figures(chosen)
    compare_panel.weights(chosen)
else:
    st.info(t("compare.choose"))
runlist.one_change()
runlist.table()
runlist.files()
