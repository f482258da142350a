"""The server: the app (app.py) and the live class's push route (ui.live.push) on one Starlette server
(st.App, Streamlit 1.67). Start it as `streamlit run serve.py`; `streamlit run app.py` serves the app
without the live class's push, whose students then hear of the teacher's moves only when they rerun."""
import blas  # noqa: F401  first: numpy's BLAS on one thread (blas.py)
import streamlit as st

from ui.live import open_store
from ui.live.push import routes

app = st.App("app.py", routes=routes(open_store))
