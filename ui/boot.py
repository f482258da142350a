"""A guard at the top of every page for Streamlit's one legacy path.

A server whose first request is a deep link (/step) before any session ran app.py treats pages/ as
an old-style pages folder and runs the page alone. Then the entry point has not run: run it here
(it draws the navigation and this very page) and stop the legacy run.
"""
import runpy
from pathlib import Path

import streamlit as st

from ui import state

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure():
    if state.STEPPER not in st.session_state:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
