"""The student's side of a live class: join by code (an optional nickname), then follow the teacher's
point on the class's network, a copy of their own: the sub-step, step, lesson stop, selection and what
the figure shows. "Explore on my own" leaves the copy free to step; "Follow the teacher" brings it back
(unless the teacher holds everyone to following). The question on the teacher's screen comes with an
answer box; an answer counts once the page says it was received.

The view is one fragment: the push path's listener (ui.live.listener) reruns it when the class moved,
so a teacher's key press costs each student one fragment run, and an idle class costs nothing."""
import copy
import json
import threading
import time
import weakref
from collections import OrderedDict

import streamlit as st

from engine import EngineError, Stepper
from engine.core.scenarios import scenario
from engine.teach.classroom import lesson as lessons
from engine.teach.textbook import notation as nota
from ui.stage import keyboard, stage
from ui.live import listener
from ui.live import point as points
from ui.live.session import LIVE_TRIES, call, leave, message, mine, wait_left, wrong_code
from ui.live.store import ANSWER_MAX, NICK_MAX, LiveError, Refused, State, clean_answer, clean_code
from ui.live.panel import question_text
from ui.session import state
from ui.session.keys import NOTATION, SELECTION
from ui.session.text import lang, t

LISTEN = "live_listen"
LATEST_KEPT = 256  # classes whose newest state this process keeps for its followers (_state)
_LATEST: OrderedDict = OrderedDict()  # code -> (version, kind, JSON of [point, question]), oldest first
_LATEST_LOCK = threading.Lock()
FOLLOW = stage.Layout("live", (7, 3), big=False, full=False)  # the followed stage: the Lessons page's


def page():
    """The Live class page of a session that joined (or was sent here by ?join=CODE)."""
    live = mine()
    if live is None or live["role"] != "student":
        st.info(t("live.refused_student"))
        return
    if not live.get("token"):
        _join_form(live)
        return
    _follow()


def _join_form(live):
    st.subheader(t("live.join_title", code=live["code"]))
    if live.get("wait"):
        st.warning(t("live.slowed", seconds=live["wait"]), icon=":material/hourglass_top:")
    elif live.get("error"):
        st.error(message(Refused(live["error"]), code=live["code"]), icon=":material/error:")
    st.text_input(t("live.code"), value=live["code"], key="live_code", max_chars=12)
    st.text_input(t("live.nickname"), key="live_nick", max_chars=NICK_MAX, help=t("live.nickname_help"))
    st.button(t("live.join"), key="live_join", icon=":material/login:", on_click=join, type="primary")


def join():
    """The Join button: a wrong code says so (and, repeated, must wait); a right one puts the student in."""
    live = mine()
    wait = wait_left(st.session_state.get(LIVE_TRIES), time.monotonic())
    live["wait"] = wait
    if wait:
        return
    try:
        code = clean_code(st.session_state.get("live_code") or live["code"])
        token = call("join", code, st.session_state.get("live_nick", ""))
    except LiveError as err:
        if err.reason == "unknown":
            wrong_code()
        live.update(code=str(st.session_state.get("live_code", ""))[:12], error=err.reason)
        return
    live.update(code=code, token=token, nick=st.session_state.get("live_nick", ""), error=None, free=False,
                version=0, answers={}, note=None)


@st.fragment
def _follow():
    live = mine()
    if not live or not live.get("token"):
        return
    try:
        got, up = _state(live["code"]), True
    except Refused as err:
        st.warning(message(err, code=live["code"]), icon=":material/event_busy:")
        st.button(t("live.leave"), key="live_leave", on_click=leave)
        return
    except LiveError:
        got, up = None, False
    listener.listen(LISTEN, live["code"], "v", got.version if got else live.get("version", 0), up,
                    on_moved=lambda: None)
    if not up:
        st.info(t("live.reconnecting"), icon=":material/sync_problem:")
    following = got is not None and (not live["free"] or got.point["hold"])
    if following and not _apply(live, got):
        return
    if following and got.point["blank"]:
        st.info(t("live.paused"), icon=":material/pause_circle:")
        return
    _bar(live, got, following)
    if got is not None and got.question:
        _question(live, got.question)
    if not following:
        keyboard.listen()  # the student's own copy steps with the keys
    stage.draw(state.stepper(), FOLLOW, aside=_note(live, got) if following else None,
               shared=(live["code"], got.version) if following else None)


def _state(code: str) -> State:
    """The class's state. A run the listener set off names the version it heard; when a follower of this
    process has read that version (or a newer one) already, its copy serves: 60 followers of one move
    cost one read of the store, not 60. Kept as JSON text, so no session holds another's objects."""
    heard = str((st.session_state.get(LISTEN) or {}).get("moved") or "")
    with _LATEST_LOCK:
        kept = _LATEST.get(code)
    if heard.isdigit() and kept is not None and kept[0] >= int(heard):
        return State(code, kept[1], kept[0], *json.loads(kept[2]))
    got = call("state", code)
    with _LATEST_LOCK:
        if code not in _LATEST or _LATEST[code][0] < got.version:
            _LATEST[code] = (got.version, got.kind, json.dumps([got.point, got.question]))
            _LATEST.move_to_end(code)
            while len(_LATEST) > LATEST_KEPT:
                _LATEST.popitem(last=False)
    return got


def _apply(live, got) -> bool:
    """Put the class's network at the teacher's point on screen (the student's copy, built once a network:
    again when the teacher opened another one)."""
    try:
        if "kind" not in live or live.get("network") != got.point["network"]:
            if "kind" in live:  # the teacher opened another network or lesson: the follower's copy is of it now
                st.info(t("live.new_network"), icon=":material/swap_horiz:")  # until the teacher's next move
                live["stepper"] = None
            live["kind"], content = call("content", live["code"])
            parsed = json.loads(content)
            live["of"] = lessons.parse(parsed) if live["kind"] == "lesson" else parsed
            live["network"] = got.point["network"]
        ref = live.get("stepper")
        mine_now = state.stepper() if ref is not None and ref() is state.stepper() else None
        if live["kind"] == "lesson":
            stepper = points.lesson_stepper(live["of"], got.point, mine_now)
            src = live["of"].scenario(min(got.point["stop"] or 0, len(live["of"].stops) - 1)).source
        else:
            src = live["of"]
            stepper = points.reach(mine_now or Stepper(scenario.parse(copy.deepcopy(src)), budget=state.BUDGET),
                                   got.point)
    except (LiveError, EngineError, ValueError) as err:
        st.error(message(err) if isinstance(err, LiveError) else str(err))
        return False
    if stepper is not state.stepper():
        state.install(copy.deepcopy(src), stepper=stepper)
    live["stepper"], live["version"] = weakref.ref(stepper), got.version
    st.session_state[SELECTION] = got.point["select"]
    state.view_choice().update({**got.point["view"], "column": got.point["column"]})
    if got.point["notation"] in nota.NOTATIONS:  # the teacher's names (a lesson's, Mazur's own...)
        st.session_state[NOTATION] = got.point["notation"]
    return True


def explore():
    mine()["free"] = True


def follow():
    mine()["free"] = False


def _bar(live, got, following):
    if live.get("nick"):  # as typed, never read as Markdown or HTML
        st.text(f"{t('live.you_are')} {live['nick']}")
    a, b = st.columns([3, 1], vertical_alignment="center")
    if following:
        a.markdown(f":material/sensors: **{t('live.following')}**" +
                   (f" · {t('live.held')}" if got.point["hold"] else ""))
        b.button(t("live.explore"), key="live_explore", on_click=explore, disabled=got.point["hold"],
                 help=t("live.explore_help"), width="stretch")
    else:
        a.markdown(t("live.exploring", step=got.point["step"] + 1 if got else "?"))
        b.button(t("live.follow"), key="live_follow", on_click=follow, type="primary", width="stretch")


def _note(live, got):
    """A lesson class's stop note, beside the figure."""
    stop = got.point["stop"]
    if live.get("kind") != "lesson" or stop is None:
        return None
    return lambda: st.markdown(lessons.text(live["of"].stops[stop].note, lang()))


def _question(live, question):
    qid = question["id"]
    kept = live["answers"].get(qid)
    with st.container(key="live_question", border=True):
        st.markdown(f"**{t('live.question')}** {question_text(question)}")
        if question["revealed"]:
            if "answer" in question:
                st.markdown(t("live.revealed", value=f"{question['answer']:.6g}"))
                if kept is not None:
                    right = lessons.answered(question, kept)
                    (st.success if right else st.warning)(t("live.you_were" if right else "live.you_were_not",
                                                            value=f"{kept:.6g}"))
            return
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        key = f"live_answer_{qid}"
        a.text_input(t("live.your_answer"), key=key, max_chars=ANSWER_MAX)
        b.button(t("live.send"), key="live_send", on_click=answer, args=(qid, key), width="stretch")
        if live.get("note"):
            st.error(live["note"])
        elif kept is not None:
            st.success(t("live.sent", value=f"{kept:.6g}"))


def answer(qid: str, key: str):
    """Send the typed answer; it shows as received only once the store has it."""
    live = mine()
    live["note"] = None
    try:
        value = clean_answer(st.session_state.get(key) or "")
        live["answers"][qid] = call("answer", live["code"], live["token"], qid, value)
    except LiveError as err:
        live["note"] = t("live.bad_answer") if err.reason == "invalid" else message(err)
