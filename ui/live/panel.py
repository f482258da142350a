"""The class's panel, as the projector shows it beside the figure: the join code large, its QR code and
the join link, answered / joined, the question and, once revealed, its spread; the teacher's controls
(ui.live.teacher's callbacks); the roster and the teacher link inside closed expanders, so nothing on
the projector names a student or lets anyone else drive."""
import urllib.parse

import pandas as pd
import segno
import streamlit as st

from engine.teach.classroom import lesson as lessons
from ui.common import style
from ui.live import listener, point as points
from ui.live.session import QUERY, TEACHER, call, message, mine
from ui.live.store import LiveError
from ui.live.teacher import ask_spot, end, follow_screen, hold, pause, present, reveal, start
from ui.session.keys import BLANK
from ui.session.text import lang, t

QR_SCALE = 6  # px per module of the QR code
BEAT = 600  # seconds between the open teacher page's signs of presence (the store keeps a class 4 h after the last)
# the code as a class reads it off the wall: large, spaced, in a face where every character is distinct
CODE_CSS = ("<style>.bp-live-code {font: 700 clamp(2.2rem, 5vh, 4.5rem)/1.1 ui-monospace, 'DejaVu Sans Mono', "
            "monospace; letter-spacing: 0.12em;}</style>")


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
        follow_screen(les)  # the stage shows another network than the class's: the class follows it
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
    listener.listen("live_teacher_listen", live["code"], "a", activity, up, on_moved=lambda: _heard(live),
                    beat=BEAT, on_beat=present)
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
