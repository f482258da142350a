"""The figure floor: the least a page showing the Step page's network figure can cost a click.

One button that takes a whole step and the network element alone (ui.figure), sized as the Step page
draws it at 1280x800, selectable as there, for the network the link's query names (the default without
one); no sidebar, no other element. bench/click.py times it beside the floor and the app: what the
element costs the server (its payload) and the browser (updating it in place) bounds the app's ratio
from below. The keys are the Step page's (step_whole, step_fig).
"""
import copy
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if sys.path[0] != ROOT:  # Streamlit puts bench/ first, whose engine.py would shadow the engine package
    sys.path.insert(0, ROOT)

import blas  # noqa: E402,F401  numpy's BLAS on one thread, as the app's server has it (blas.py)
import streamlit as st  # noqa: E402

from engine.core.scenarios import scenario  # noqa: E402
from engine.core.stepping.stepper import Stepper  # noqa: E402
from engine.teach.screen.view import current  # noqa: E402
from ui import figure  # noqa: E402
from ui.common import viewport  # noqa: E402
from ui.query import codec, links  # noqa: E402
from viz.element import payload  # noqa: E402

if "stepper" not in st.session_state:
    found = links.from_query(st.query_params.to_dict())
    src = found[0] if found else copy.deepcopy(codec.DEFAULT)
    st.session_state["stepper"] = Stepper(scenario.parse(src))

st.button("Whole step", key="step_whole", on_click=lambda: st.session_state["stepper"].step())
figure.draw(payload(current(st.session_state["stepper"]), digits=4, **viewport.figure_box(0.7, 230)), "step_fig",
            lambda: None)
