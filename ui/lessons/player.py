"""The open lesson: which one, at which stop, and the callbacks that play and edit it.

The lesson lives under one per-session key (LESSON): it survives stepping and page changes. It holds
a weak reference to the step machine it put on screen; when the network on screen is another one
(loaded from a preset or file, edited on the Build page, a weight edited), the lesson is *detached*:
the page says so, and "Back to the lesson" puts the lesson's own network back at the stop where the
student left it. Stepping the lesson's network (the Step page, the keys) keeps it attached.
"""
import copy
import dataclasses
import weakref

import streamlit as st

from engine import EngineError, NonFiniteError
from engine.teach.classroom import lesson as lessons
from ui.session import state, uploads
from ui.session.keys import LESSON, NOTATION, SELECTION, SETTINGS, VIEW
from ui.session.text import lang, t

UPLOAD = "lesson_upload"  # the uploader; its refusal is kept under this key in ERRORS
QUERY = "lesson"  # ?lesson=NAME opens a built-in lesson
ANSWER = "lesson_answer"  # the answer box of the stop's question


def current() -> dict | None:
    return st.session_state.get(LESSON)


def attached() -> bool:
    """Whether the network on screen is the one the lesson put there (stepped or not)."""
    les = current()
    return les is not None and les["stepper"]() is state.stepper()


def _scene(les, i) -> dict:
    """The {"preset"} or {"scenario"} stop i plays on."""
    return next((s.scene for s in reversed(les.stops[:i + 1]) if s.scene), les.scene)


def go(i: int):
    """Put the lesson at stop i: its network (reused while it runs that scene), selection and view."""
    les = current()
    lesson, i = les["lesson"], max(0, min(i, len(les["lesson"].stops) - 1))
    mine = state.stepper() if attached() else None
    try:
        stepper = lessons.stepper_at(lesson, i, mine)
    except NonFiniteError as exc:
        state.tell("error", t("lesson.nonfinite", stop=i + 1, quantity=exc.quantity))
        return
    if stepper is not mine:
        state.install(copy.deepcopy(lesson.scenario(i).source), stepper=stepper,
                      preset=_scene(lesson, i).get("preset"))
    stop = lesson.stops[i]
    st.session_state[SELECTION] = stop.select
    st.session_state[VIEW].update(stop.view or {})
    if stop.check:  # the gradient-check page opens on the variant this stop compares
        st.session_state[SETTINGS]["check_variant"] = stop.check
    les.update(stop=i, free=False, stepper=weakref.ref(stepper))
    _unanswered(les)


def _unanswered(les):
    """Another question, or the same one edited: an empty box and no verdict. (A box drawn in two runs
    in a row, as on two question stops in a row, would keep what was typed for the first.)"""
    les["verdict"], les["revealed"] = None, False
    st.session_state.pop(ANSWER, None)


def open_lesson(lesson, name: str | None):
    """Make lesson the open one, at its first stop, in the notation its notes are written in."""
    st.session_state[LESSON] = {"lesson": lesson, "name": name, "stop": 0, "free": False, "verdict": None,
                                "stepper": weakref.ref(state.stepper())}
    if lesson.notation:
        st.session_state[NOTATION] = lesson.notation
    go(0)


def open_at(lesson, stop: int) -> dict:
    """Open lesson at stop (a live class's teacher taking it back); the open lesson's record."""
    open_lesson(lesson, None)
    go(stop)
    return current()


def open_builtin(key: str = "lesson_pick"):
    name = st.session_state[key]
    open_lesson(lessons.get(name), name)


def from_link(query: dict) -> bool:
    """?lesson=NAME on a session's first run: whether it opened (the app then shows the Lessons page); an
    unknown name says which exist and opens nothing."""
    name = query.get(QUERY)
    if name is None:
        return False
    if name not in lessons.names():
        state.tell("warning", t("lesson.bad_link", name=str(name)[:40], known=", ".join(lessons.names())))
        return False
    open_lesson(lessons.get(name), name)
    return True



def upload():
    """A lesson file: a bad one says why and changes nothing (the network and the open lesson stay)."""
    got = uploads.read(UPLOAD, lambda data: lessons.read(data, max_bytes=uploads.UPLOAD_LIMIT), "lesson.refused")
    if got is None:
        return
    name, lesson = got
    open_lesson(lesson, None)
    state.tell("success", t("lesson.loaded", name=name))


def step(by: int):
    go(current()["stop"] + by)


def leave():
    """Try it yourself: the network stays, the student steps it freely; the stop is remembered."""
    current()["free"] = True


def back():
    """Back to the lesson: the stop where the student left, on the lesson's own network."""
    go(current()["stop"])


def close():
    st.session_state.pop(LESSON, None)


def check_answer(key: str = ANSWER):
    """The verdict on the number typed, or the index of the choice picked; none for an empty box."""
    les = current()
    question = les["lesson"].stops[les["stop"]].question
    value = st.session_state.get(key)
    les["verdict"] = None if value is None else lessons.answered(question, float(value))


def reveal():
    """Show the question's answer without answering (a class discussing it, or a student stuck)."""
    current()["revealed"] = True


def _edited(stops: list, at: int):
    """Replace the open lesson's stops (checked like a file) and stand at stop `at`."""
    les = current()
    try:
        les["lesson"] = lessons.with_stops(les["lesson"], stops)
    except EngineError as exc:
        state.tell("error", t("lesson.refused_edit", error=exc.text(lang())))
        return False
    les["stop"] = max(0, min(at, len(stops) - 1))
    _unanswered(les)
    return True


def _note_text(key: str) -> dict | None:
    text = (st.session_state.get(key) or "").strip()
    return {lang(): text} if text else None


def add_note(key: str = "lesson_new_note"):
    """A stop at the network's current point, after the current stop (a new lesson when none is open
    or the network on screen is not the lesson's), with the selection and view on screen."""
    note = _note_text(key)
    if note is None:
        state.tell("warning", t("lesson.empty_note"))
        return
    view = {k: state.view_choice()[k] for k in ("node", "edge")}
    stop = lessons.stop_here(state.stepper(), note, select=st.session_state[SELECTION], view=view)
    if not attached():
        title = {lang(): t("lesson.new_title")}
        found = _new(title, stop)
        if found is None:
            return
        open_lesson(found, None)
        return
    les = current()
    stops = list(les["lesson"].stops)
    at = les["stop"] + 1
    if _edited(stops[:at] + [stop] + stops[at:], at):
        les["stepper"] = weakref.ref(state.stepper())
        st.session_state[key] = ""


def _new(title: dict, stop):
    """A new lesson on the network on screen (its scenario as it started), holding one stop."""
    obj = {"schema": lessons.SCHEMA, "title": title, "tab": "step", "scenario": copy.deepcopy(state.source()),
           "stops": [{"step": 0, "at": "start", "note": stop.note}]}
    try:
        return lessons.with_stops(lessons.parse(obj), [stop])
    except EngineError as exc:
        state.tell("error", t("lesson.refused_edit", error=exc.text(lang())))
        return None


def save_note(key: str = "lesson_edit_note"):
    les = current()
    stops = list(les["lesson"].stops)
    stop = stops[les["stop"]]
    note = _note_text(key)
    if note is None:
        state.tell("warning", t("lesson.empty_note"))
        return
    stops[les["stop"]] = dataclasses.replace(stop, note={**stop.note, **note})
    _edited(stops, les["stop"])


def delete_note():
    """Delete the current stop; the last one cannot go (a lesson holds at least one)."""
    les = current()
    stops = list(les["lesson"].stops)
    if len(stops) == 1:
        state.tell("warning", t("lesson.last_stop"))
        return
    del stops[les["stop"]]
    if _edited(stops, les["stop"]):
        go(les["stop"])
