"""This session's part in a live class, under one per-session key (LIVE): a teacher's {"role":
"teacher", "code", "secret", ...} or a student's {"role": "student", "code", "token", ...}. It survives
the network changing (a student's network is the class's copy, installed like any other), and goes
when the class ends or the user leaves it. Everything the class shares is in the store (ui.live.open_store),
reached only through call(), which turns the store's refusals and outages into messages."""
import time

import streamlit as st

from ui.live import open_store
from ui.live.store import LiveError, Refused, clean_code
from ui.session.keys import LIVE, LIVE_TRIES
from ui.session.text import t

QUERY = "join"  # ?join=CODE on any page joins a class; ?join=CODE&teacher=SECRET takes it back as its teacher
TEACHER = "teacher"
FREE_TRIES = 3  # wrong codes a session may type before each further try must wait
LONGEST_WAIT = 60  # seconds


def mine() -> dict | None:
    return st.session_state.get(LIVE)


def role() -> str | None:
    return (mine() or {}).get("role")


def call(method: str, *args):
    """The store's method called; a refusal or an outage is raised as the LiveError it is."""
    return getattr(open_store(), method)(*args)


def message(err: LiveError, code: str = "") -> str:
    detail = str(err).split(": ", 1)[1] if ": " in str(err) else ""
    return t(f"live.refused_{err.reason}", code=code, detail=detail)


def leave():
    st.session_state.pop(LIVE, None)


def wait_left(tries: dict | None, now: float) -> int:
    """Seconds before this session may try another code: none for the first FREE_TRIES wrong ones, then
    1, 2, 4... up to LONGEST_WAIT after the last wrong one."""
    if not tries or tries["n"] < FREE_TRIES:
        return 0
    wait = min(2 ** (tries["n"] - FREE_TRIES), LONGEST_WAIT)
    return max(0, int(tries["at"] + wait - now + 0.999))


def wrong_code():
    tries = st.session_state.get(LIVE_TRIES) or {"n": 0}
    st.session_state[LIVE_TRIES] = {"n": tries["n"] + 1, "at": time.monotonic()}


def from_link(query: dict, open_lesson):
    """?join=CODE on the session's first run: a student's class to join (asked for a nickname first);
    with &teacher=SECRET, the teacher's own class back (a reload, another device; open_lesson(lesson,
    stop), the Lessons page's, puts a lesson class's lesson on screen)."""
    typed, secret = query.get(QUERY), query.get(TEACHER)
    if typed is None:
        return
    try:
        code = clean_code(typed)
    except Refused:
        st.session_state[LIVE] = {"role": "student", "code": str(typed)[:12], "token": None, "error": "unknown",
                                  "arrived": True}
        wrong_code()
        return
    if secret:
        from ui.live import teacher  # the teacher's side builds on this module
        try:
            if call("is_teacher", code, secret):
                teacher.reclaim(code, secret, open_lesson)
                return
        except LiveError:
            pass
    st.session_state[LIVE] = {"role": "student", "code": code, "token": None, "error": None, "arrived": True}


def arrived() -> bool:
    """Once, after a ?join link opened this session: the Live class page is to be shown."""
    live = mine()
    return bool(live and live.pop("arrived", False))
