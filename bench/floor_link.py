"""What the two figure floors (figure_floor.py, plotly_floor.py) share: the project ahead of bench/ on the
import path, and a session's network from the link's query with the Step page's Whole step button.

Import it first: Streamlit puts bench/ first on the path, whose engine.py would shadow the engine package."""
import copy
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if sys.path[0] != ROOT:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402

from engine.core import scenario  # noqa: E402
from engine.core.stepper import Stepper  # noqa: E402
from ui.query import codec, links  # noqa: E402


def stepper() -> Stepper:
    """The link's network (the default without one), kept in the session, and the button that steps it."""
    if "stepper" not in st.session_state:
        found = links.from_query(st.query_params.to_dict())
        src = found[0] if found else copy.deepcopy(codec.DEFAULT)
        st.session_state["stepper"] = Stepper(scenario.parse(src))
    st.button("Whole step", key="step_whole", on_click=lambda: st.session_state["stepper"].step())
    return st.session_state["stepper"]
