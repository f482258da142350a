"""Which step the Trace page shows, kept while steps are added or taken back and across pages.

The newest step is followed until the student picks an older one with the slider; that one stays
put while later steps are added (training more, stepping on), and the newest is followed again
when it is picked, or when the picked step is taken back or the network is replaced.
"""
import weakref

import streamlit as st

from ui.session import keys

SLIDER = "trace_step"
PINNED = keys.PINNED  # (weak reference to the stepper, 1-based step picked), or absent: follow the newest


def shown_step(stepper) -> int:
    """The 1-based step to show of the stepper's committed steps (at least one)."""
    n = len(stepper.records)
    ref, step = st.session_state.get(PINNED, (None, None))
    if ref is None or ref() is not stepper or step >= n:
        st.session_state.pop(PINNED, None)
        return n
    return step


def slider(label: str, stepper) -> int:
    """The step slider (when there is more than one step to choose from); returns the step shown."""
    n, step = len(stepper.records), shown_step(stepper)
    if n > 1:
        st.session_state[SLIDER] = step  # the widget forgets its value whenever the page is left
        st.slider(label, 1, n, key=SLIDER, on_change=_pick, args=(stepper, n))
    return step


def _pick(stepper, n: int):
    step = st.session_state[SLIDER]
    if step < n:
        st.session_state[PINNED] = (weakref.ref(stepper), step)
    else:
        st.session_state.pop(PINNED, None)
