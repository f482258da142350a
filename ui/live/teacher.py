"""The teacher's side of a live class: start it on the network or lesson on screen, keep the class at
the teacher's point (sync, called by the presenter view and the Lessons page on every run, before the
stage: a key press, a click, a lesson's stop all move the class the same way, with no callback of their
own), and the callbacks of the class's panel (ui.live.panel): ask, reveal, hold, pause, end. Every write
is checked against the teacher's secret by the store."""
import json

import streamlit as st

from engine.files import formats
from engine.teach.classroom import lesson as lessons
from engine.teach.screen import ids
from engine.teach.textbook import notation as nota
from engine.text import i18n
from ui.live import push
from ui.live import point as points
from ui.live.session import call, message, mine
from ui.live.store import LiveError, Refused
from ui.session import state
from ui.session.keys import BLANK, LIVE, NOTATION, SELECTION
from ui.session.text import t


def start(les=None):
    """Open a class on the lesson on screen (les: the Lessons page's open lesson, while its network is
    on screen), else on the network on screen."""
    kind, content, of = _on_screen(les)
    try:
        code, secret = call("create", kind, content, here(les, hold=False))
    except LiveError as err:
        state.tell("error", message(err))
        return
    st.session_state[LIVE] = {"role": "teacher", "code": code, "secret": secret, "kind": kind, "hold": False,
                              "sent": None, "asked": None, "of": of, "network": 0}
    sync(les)


def _on_screen(les) -> tuple:
    """(kind, JSON text, the object) of what the class is to show: the open lesson, else the network."""
    if les:
        return "lesson", lessons.dumps(les["lesson"]), les["lesson"]
    return "scenario", formats.dumps(state.source()), state.source()


def reclaim(code: str, secret: str, open_lesson):
    """The teacher link (a reload, another device): the class's network or lesson on screen again, at
    the class's point, and this session its teacher; open_lesson(lesson, stop) is the Lessons page's
    (which ranks above this package). Raises the store's LiveError."""
    got = call("state", code)
    kind, content = call("content", code)
    p = got.point
    les = None
    if kind == "lesson":
        of = lessons.parse(json.loads(content))
        les = open_lesson(of, p["stop"] or 0)
    else:
        state.install(json.loads(content))
        of = state.source()
    points.reach(state.stepper(), p)
    st.session_state[SELECTION] = p["select"]
    state.view_choice().update({**p["view"], "column": p["column"]})
    st.session_state[BLANK] = p["blank"]
    st.session_state[NOTATION] = p["notation"] if p["notation"] in nota.NOTATIONS else "engine"
    asked = got.question and {"base": got.question["id"].rsplit(".", 1)[0]}
    st.session_state[LIVE] = {"role": "teacher", "code": got.code, "secret": secret, "kind": kind, "of": of,
                              "hold": p["hold"], "sent": here(les, p["hold"], p["network"]), "asked": asked,
                              "asks": got.version, "network": p["network"]}


def here(les, hold: bool, network: int = 0) -> dict:
    """The teacher's point: the step machine's, the lesson's stop, the selection, the view, the blank
    screen, on the class's network-th network."""
    choice = state.view_choice()
    stop = les["stop"] if les is not None and not les["free"] else None
    return points.point_of(state.stepper(), stop=stop, select=st.session_state.get(SELECTION), view=choice,
                           column=choice["column"], blank=st.session_state.get(BLANK, False), hold=hold,
                           notation=st.session_state.get(NOTATION, "engine"), network=network)


def on_class_network(live, les) -> bool:
    """Whether what is on the teacher's stage is the class's: its lesson, or (for a network class, or a
    lesson class whose lesson the teacher closed) its network."""
    if live.get("kind") == "lesson":
        return les is not None and les["lesson"] is live.get("of")
    return les is None and (live.get("of") is None or state.source() is live["of"])


def _load(live, les) -> bool:
    """The teacher opened another network or lesson (a preset, Build, an upload, the Lessons page) and is
    back on a stage that drives the class: the class follows it, its question taken down, and the teacher
    is told so. One too large to share is said once; the class then stays where it was. Whether it
    loaded."""
    kind, content, of = _on_screen(les)
    if live.get("unshared") is of:
        return False
    network = live.get("network", 0) + 1
    point = here(les, live["hold"], network)
    try:
        call("load", live["code"], live["secret"], kind, content, point)
    except Refused as err:
        if err.reason != "invalid":
            raise
        live["unshared"] = of
        st.warning(t("live.unshared"), icon=":material/warning:")  # in the panel, until the next run
        return False
    live.update(kind=kind, of=of, network=network, sent=point, asked=None, unshared=None)
    st.info(t("live.followed"), icon=":material/swap_horiz:")
    push.nudge()
    return True


def follow_screen(les=None):
    """Called by the class's panel, so only where a stage drives the class (the presenter view, the
    Lessons page with its lesson attached or none open): when the stage shows another network or lesson
    than the class's, the class follows it (_load), with the stop's question if it has one."""
    live = mine()
    if not live or live["role"] != "teacher" or on_class_network(live, les):
        return
    try:
        if _load(live, les):
            question = _stop_question(les, live["sent"]["stop"])
            if question is not None:
                _put(live, question)
    except LiveError as err:
        _lost(err)


def sync(les=None):
    """After a teacher's run (les: the open lesson while its network is on screen): write the point
    when it moved, and put the stop's question (or none) to the class when the point left the one it
    was asked at. One store write per move; none otherwise. (Another network on screen: the class
    stays where it was, until the panel has it follow, follow_screen.)"""
    live = mine()
    if not live or live["role"] != "teacher" or not on_class_network(live, les):
        return
    try:
        now, sent = here(les, live["hold"], live["network"]), live["sent"]
        if now != sent:
            call("move", live["code"], live["secret"], now)
        if sent is None or any(now[k] != sent[k] for k in ("step", "cursor", "stop")):
            question = _stop_question(les, now["stop"])
            if (question or {}).get("id") != (live["asked"] or {}).get("base"):
                _put(live, question)
        if now != sent:
            push.nudge()
        live["sent"] = now
    except LiveError as err:
        _lost(err)


def _lost(err: LiveError):
    """A write that failed: a class gone is this session's no more; an outage is tried again at the next
    run (the panel says so meanwhile)."""
    if err.reason in ("unknown", "ended"):
        st.session_state.pop(LIVE, None)
        state.tell("info", t("live.ended_teacher"))


def present():
    """The teacher's page is still open (its listener's beat): the store keeps the class as long as it
    would after a write. A class gone meanwhile (ended on another device, expired) is said here; a store
    that cannot be reached is tried again at the next beat."""
    live = mine()
    if not live or live["role"] != "teacher":
        return
    try:
        here_still = call("is_teacher", live["code"], live["secret"])
    except LiveError:
        return
    if not here_still:
        st.session_state.pop(LIVE, None)
        state.tell("info", t("live.ended_teacher"))


def _put(live, question):
    """Ask the class (None: take the question down). Each asking is a question of its own (its id
    counts them), so an answer a student saw received stays with the asking it answered."""
    if question is None:
        call("ask", live["code"], live["secret"], None)
        live["asked"] = None
        return
    live["asks"] = live.get("asks", 0) + 1
    base = question["id"]
    call("ask", live["code"], live["secret"], {**question, "id": f"{base}.{live['asks']}"})
    live["asked"] = {"base": base}
    push.nudge()


def _stop_question(les, stop):
    if stop is None or les is None:
        return None
    q = les["lesson"].stops[stop].question
    if not q or "answer" not in q:
        return None
    return {"id": f"stop:{stop}", "text": q["text"], "answer": q["answer"],
            **({"tolerance": q["tolerance"]} if "tolerance" in q else {})}


def _write(method: str, *args):
    live = mine()
    try:
        done = call(method, live["code"], live["secret"], *args)
    except LiveError as err:
        state.tell("warning", message(err))
        return None
    push.nudge()
    return done


def ask_spot():
    """Ask about the selected neuron's δ or weight's ∂J/∂W at this sub-step; the engine's value is the answer."""
    live, choice = mine(), state.view_choice()
    found = points.spot(state.stepper(), st.session_state.get(SELECTION), choice["column"])
    if found is None:
        state.tell("info", t("live.ask_nothing"))
        return
    kind, select, value = found
    parts = ids.parse(select)
    text = {code: i18n.text(code, f"live.ask_{kind}", name=_name(code, parts)) for code in i18n.LANGS}
    question = {"id": "ask", "text": text, "answer": value, "tolerance": max(0.01 * abs(value), 1e-6)}
    try:
        _put(live, question)
    except LiveError as err:
        state.tell("warning", message(err))


def _name(code: str, parts) -> str:
    if parts[0] == "n":
        return i18n.text(code, "panel.neuron", l=parts[1], j=parts[2] + 1).replace("*", "")
    return i18n.text(code, "panel.edge", l=parts[1], j=parts[2] + 1, k=parts[3] + 1).replace("*", "")


def reveal():
    _write("reveal")


def hold():
    mine()["hold"] = bool(st.session_state.get("live_hold"))


def pause():
    st.session_state[BLANK] = bool(st.session_state.get("live_pause"))


def end():
    """End the class for everyone. When the store cannot be told, the class stays this session's (the
    secret with it), so that End can be pressed again."""
    live = mine()
    try:
        call("end", live["code"], live["secret"])
    except LiveError as err:
        if err.reason == "unavailable":
            state.tell("warning", message(err))
            return
    push.nudge()
    st.session_state.pop(LIVE, None)
