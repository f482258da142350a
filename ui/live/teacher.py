"""The teacher's side of a live class: start it on the network or lesson on screen, keep the class at
the teacher's point (sync, called by the presenter view and the Lessons page on every run, before the
stage: a key press, a click, a lesson's stop all move the class the same way, with no callback of their
own), and the panel the projector shows:
the code large, its QR code and the join link, answered / joined, the questions and their spread.

Nothing on the projector lets anyone else drive: the teacher link (the code and the secret) is inside a
closed expander, and every write is checked against the secret by the store."""
import json
import urllib.parse

import pandas as pd
import segno
import streamlit as st

from engine.files import formats
from engine.teach import ids
from engine.teach import lesson as lessons
from engine.text import i18n
from ui.common import style
from ui.live import listener, push
from ui.live import point as points
from ui.live.session import QUERY, TEACHER, call, message, mine
from ui.live.store import LiveError
from ui.session import state
from ui.session.keys import BLANK, LIVE, SELECTION
from ui.session.text import lang, t

QR_SCALE = 6  # px per module of the QR code
# the code as a class reads it off the wall: large, spaced, in a face where every character is distinct
CODE_CSS = ("<style>.bp-live-code {font: 700 clamp(2.2rem, 5vh, 4.5rem)/1.1 ui-monospace, 'DejaVu Sans Mono', "
            "monospace; letter-spacing: 0.12em;}</style>")


def start(les=None):
    """Open a class on the lesson on screen (les: the Lessons page's open lesson, while its network is
    on screen), else on the network on screen."""
    kind, content = ("lesson", lessons.dumps(les["lesson"])) if les else ("scenario", formats.dumps(state.source()))
    try:
        code, secret = call("create", kind, content, here(les, hold=False))
    except LiveError as err:
        state.tell("error", message(err))
        return
    st.session_state[LIVE] = {"role": "teacher", "code": code, "secret": secret, "kind": kind, "hold": False,
                              "sent": None, "asked": None, "of": les["lesson"] if les else state.source()}
    sync(les)


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
    asked = got.question and {"base": got.question["id"].rsplit(".", 1)[0]}
    st.session_state[LIVE] = {"role": "teacher", "code": got.code, "secret": secret, "kind": kind, "of": of,
                              "hold": p["hold"], "sent": here(les, p["hold"]), "asked": asked,
                              "asks": got.version}


def here(les, hold: bool) -> dict:
    """The teacher's point: the step machine's, the lesson's stop, the selection, the view, the blank screen."""
    choice = state.view_choice()
    stop = les["stop"] if les is not None and not les["free"] else None
    return points.point_of(state.stepper(), stop=stop, select=st.session_state.get(SELECTION), view=choice,
                           column=choice["column"], blank=st.session_state.get(BLANK, False), hold=hold)


def on_class_network(live, les) -> bool:
    """Whether the network on screen is the class's (a teacher who opens another one leaves the class
    where it was until they come back)."""
    if live.get("kind") == "lesson":
        return les is not None and les["lesson"] is live.get("of")
    return live.get("of") is None or state.source() is live["of"]


def sync(les=None):
    """After a teacher's run (les: the open lesson while its network is on screen): write the point
    when it moved, and put the stop's question (or none) to the class when the point left the one it
    was asked at. One store write per move; none otherwise."""
    live = mine()
    if not live or live["role"] != "teacher" or not on_class_network(live, les):
        return
    now, sent = here(les, live["hold"]), live["sent"]
    try:
        if now != sent:
            call("move", live["code"], live["secret"], now)
        if sent is None or any(now[k] != sent[k] for k in ("step", "cursor", "stop")):
            question = _stop_question(les, now["stop"])
            if (question or {}).get("id") != (live["asked"] or {}).get("base"):
                _put(live, question)
        if now != sent:
            push.nudge()
        live["sent"] = now
    except LiveError as err:  # unavailable: the next run writes the point again (the panel says so meanwhile)
        if err.reason in ("unknown", "ended"):
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


def link(code: str, secret: str | None = None) -> str:
    """The join link (the app's address with ?join=CODE), or the teacher's with the secret."""
    parts = urllib.parse.urlsplit(st.context.url or "http://localhost:8501/")
    query = {QUERY: code, **({TEACHER: secret} if secret else {})}
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", urllib.parse.urlencode(query), ""))


def start_button(les=None):
    st.button(t("live.start"), key="live_start", icon=":material/groups:", on_click=start, args=(les,),
              help=t("live.start_help"))


def aside(les=None):
    """The class's panel, else the button that starts one (les: the lesson on screen, if any)."""
    if (mine() or {}).get("role") == "teacher":
        panel()
    else:
        start_button(les)


def panel():
    """The class's box: join code, QR, link, counts, the questions, the teacher's controls."""
    live = mine()
    with st.container(key="live_panel", border=True):
        code, url = live["code"], link(live["code"])
        a, b = st.columns([3, 2], vertical_alignment="center")
        a.markdown(t("live.code"))
        a.html(CODE_CSS + f'<div class="bp-live-code" aria-label="{t("live.code")}: {code}">{code[:3]} {code[3:]}</div>')
        a.markdown(t("live.join_at", link=url))
        b.image(segno.make(url, error="m").svg_data_uri(scale=QR_SCALE, dark="#ffffff" if style.dark() else "#000000",
                                                       light=None), width=160, alt=t("live.qr_alt", link=url))
        _counts(live)
        _controls(live)
        with st.expander(t("live.roster"), icon=":material/group:"):
            _roster(live)
        with st.expander(t("live.teacher_link"), icon=":material/key:"):
            st.code(link(code, live["secret"]), language=None, wrap_lines=True)
            st.markdown(t("live.teacher_link_help"))


def _roster(live):
    """The nicknames, on the teacher's screen only when opened, each as plain text."""
    try:
        names = call("roster", live["code"])
    except LiveError as err:
        st.markdown(message(err))
        return
    for name in names:
        st.text(name or t("live.no_nickname"))


def _counts(live):
    try:
        tally, up = call("tally", live["code"]), True
    except LiveError as err:
        tally, up = None, False
        st.info(message(err), icon=":material/sync_problem:")
    activity = (live.get("activity") or 0)
    listener.listen("live_teacher_listen", live["code"], "a", activity, up, on_moved=lambda: _heard(live))
    if tally is None:
        return
    question = tally.question
    if question is None:
        st.markdown(t("live.joined", joined=tally.joined))
        return
    st.markdown(f"**{t('live.question')}** " + question_text(question))
    st.markdown(t("live.counts", answered=len(tally.values), joined=tally.joined))
    if question["revealed"]:
        _spread(question, tally.values)


def question_text(question) -> str:
    text = question["text"]
    return lessons.text(text, lang()) if isinstance(text, dict) else str(text)


def _heard(live):
    got = st.session_state.get("live_teacher_listen") or {}
    moved = str(got.get("moved", "")).split()[0] if got.get("moved") is not None else ""
    if moved.lstrip("-").isdigit():
        live["activity"] = int(moved)


def _spread(question, values):
    """The histogram (no names), the right answer and the share within tolerance."""
    got = points.spread(question, values)
    if not got["n"]:
        st.markdown(t("live.no_answers"))
        return
    edges = got["edges"]
    mids = [f"{(lo + hi) / 2:.4g}" for lo, hi in zip(edges, edges[1:])]
    frame = pd.DataFrame({t("live.spread_axis"): mids, t("live.spread_count"): got["counts"]})
    st.bar_chart(frame, x=t("live.spread_axis"), y=t("live.spread_count"), height=220, sort=False)
    if got["right"] is not None:
        st.markdown(t("live.right_answer", value=f"{question['answer']:.6g}") + " · " +
                    t("live.share", right=got["right"], n=got["n"], share=f"{got['share']:.0%}"))


def _controls(live):
    # written from the plain keys before they are drawn: B pauses too, and a reclaimed class holds already
    st.session_state["live_hold"], st.session_state["live_pause"] = live["hold"], bool(st.session_state.get(BLANK))
    st.toggle(t("live.hold"), key="live_hold", on_change=hold)
    st.toggle(t("live.pause"), key="live_pause", on_change=pause)
    c, d = st.columns(2)
    c.button(t("live.ask"), key="live_ask", icon=":material/help:", on_click=ask_spot, help=t("live.ask_help"),
             width="stretch")
    d.button(t("live.reveal"), key="live_reveal", icon=":material/bar_chart:", on_click=reveal, width="stretch",
             disabled=not live.get("asked"))
    st.button(t("live.end"), key="live_end", icon=":material/stop_circle:", on_click=end)
