"""Layout CSS: less empty space above the page (but none of it under Streamlit's 60 px header, which
holds the sidebar's button on a phone), calmer titles, the Step page's buttons in one row on a phone,
the Build page's layer rows at widths their words fit; larger text on a projector."""
import streamlit as st

CSS = """
<style>
.block-container {padding-top: 4rem; padding-bottom: 1rem; max-width: 100%;}
h1 {font-size: 1.9rem !important; padding-top: 0 !important; padding-bottom: 0.4rem !important;}
[data-testid="stMetricValue"] {font-size: 1.5rem;}
.st-key-step_buttons > div {flex: 1 1 0; min-width: 0;}
@media (max-width: 640px) {
  .st-key-step_buttons {gap: 0.3rem !important; flex-wrap: nowrap !important;}
  .st-key-step_buttons button {padding: 0.25rem 0.1rem; min-height: 3.2rem;}
  .st-key-step_buttons button span[data-has-shortcut] {flex-direction: column; gap: 0;}
  .st-key-step_buttons button p {font-size: 0.75rem; white-space: nowrap;}
}
.st-key-build_layers .stHorizontalBlock {column-gap: 0.5rem;}
.st-key-build_layers .stHorizontalBlock > div {flex: 1 1 5.5rem; min-width: 5.5rem;}
.st-key-build_layers .stHorizontalBlock > div:first-child {flex: 0 0 7rem;}
.st-key-build_layers .stHorizontalBlock p {white-space: nowrap; margin: 0;}
.st-key-build_layers .stHorizontalBlock [data-testid="stMarkdown"],
.st-key-build_layers .stHorizontalBlock [data-testid="stMarkdown"] > div {margin-bottom: 0 !important;}
@media (min-width: 1600px) {html {font-size: 18px;}}
</style>
"""


def apply():
    st.html(CSS)


def lazy_expander(label: str, key: str, expanded: bool = False, icon: str | None = None):
    """An expander whose content runs (and is sent) only while it is open; None while closed. A closed
    expander's heat maps and data editors otherwise cost every rerun a large share of its time."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun", icon=icon)
    return box if box.open else None
