"""The presenter view's switch: on with ?present=1 or the sidebar's toggle, off with the view's exit button.

What the view draws is ui.stage.present; the switch is here because the sidebar every page shares holds it."""
import streamlit as st

from ui.session.keys import BLANK, PRESENT
from ui.session.text import t

QUERY = "present"  # ?present=1 opens the app in the presenter view


def start(query: dict):
    """On the session's first run: ?present=1 turns the view on."""
    st.session_state[PRESENT] = query.get(QUERY) == "1"


def active() -> bool:
    return bool(st.session_state.get(PRESENT))


def switch(on: bool | None = None):
    """The sidebar's switch and the view's own exit button."""
    st.session_state[PRESENT] = st.session_state.get("side_present", False) if on is None else on
    st.session_state[BLANK] = False


def toggle():
    """The sidebar's switch, written from the plain key before it is drawn (the exit button changes
    the key while the switch is not drawn) and editing it."""
    st.session_state["side_present"] = active()
    st.toggle(t("present.toggle"), key="side_present", on_change=switch, help=t("present.toggle_help"))
