"""A guard at the top of every page for Streamlit's legacy pages-folder path.

Streamlit treats a folder named pages/ beside the entry script as an old-style multipage app until
st.navigation has run in the process: a deep link (/step) as a fresh server's first request, and
every run of Streamlit's AppTest, run the page alone, without app.py. Then run the entry point here
(it draws the navigation, the sidebar and this very page) and stop the legacy run.
"""
import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui.session import keys, state, train_lock

APP = Path(__file__).resolve().parents[2] / "app.py"


def ensure():
    if PagesManager.uses_pages_directory or keys.STEPPER not in st.session_state:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
    train_lock.settle()  # a training loop of this session still finishing in another thread ends first
