"""One training loop at a time per session, and what a loop that a rerun cut short reached.

A click during training makes Streamlit end the running script at its next st.* call. With
runner.fastReruns off (.streamlit/config.toml) the next run starts in the same thread after that;
with it on, the next run starts at once in a new thread while the old loop is still finishing its
step. The lock below makes that second run wait, so two loops never share one Stepper and no page
reads a network that is still changing.
"""
import threading

import streamlit as st

from ui.session import keys, state
from ui.session.text import t

LOCK = keys.LOCK  # threading.Lock held while a loop changes this session's stepper
RUNNING = keys.RUNNING  # {"start": steps before the loop, "total": steps asked} while a loop runs


def busy() -> threading.Lock:
    # made on the session's first run, before any loop exists, so no two threads race to make it
    return st.session_state.setdefault(LOCK, threading.Lock())


def begin(start: int, total: int):
    st.session_state[RUNNING] = {"start": start, "total": total}


def end():
    st.session_state.pop(RUNNING, None)


def settle():
    """Wait for a loop still running in another thread; say where a loop cut short stopped.

    The Stop button's callback, and the first thing every page does."""
    with busy():
        cut = st.session_state.pop(RUNNING, None)
    if cut is not None:
        step = len(state.stepper().records)
        state.tell("info", t("train.stopped", step=step, done=step - cut["start"], total=cut["total"]))
