"""Layout CSS for a 1280x800 projector: less empty space above the page, calmer titles."""
import streamlit as st

CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 1rem; max-width: 100%;}
h1 {font-size: 1.9rem !important; padding-top: 0 !important; padding-bottom: 0.4rem !important;}
[data-testid="stMetricValue"] {font-size: 1.5rem;}
/* a hover label wider than the room on either side of its point (exact values on a phone) passes the
   figure's edge instead of being cut off there */
.js-plotly-plot, .js-plotly-plot .plotly .main-svg {overflow: visible !important;}
[data-testid="stElementContainer"]:has(.js-plotly-plot) {overflow: visible !important;}
</style>
"""


def apply():
    st.html(CSS)


def lazy_expander(label: str, key: str, expanded: bool = False, icon: str | None = None):
    """An expander whose content runs (and is sent) only while it is open; None while closed. A closed
    expander's heat maps and data editors otherwise cost every rerun a large share of its time."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun", icon=icon)
    return box if box.open else None
