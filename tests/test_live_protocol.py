"""A live class over Streamlit's own protocol (tests/kit/follower.py, no browser): a teacher in the presenter
view and students joining by code on one server (serve.py, the push route included). A student's
session cannot move the class; a nickname stays text; the store going away shows "reconnecting" on a
page that keeps working, and the class resumes."""
import asyncio
import re
import sqlite3

import pytest

from tests import redis_server
from tests.helpers import run_async
from tests.kit.follower import INTERNAL, Events, Follower
from tests.kit.server import ROOT, serve
from ui.live import panel
from ui.live.redis_store import RedisStore
from ui.live.sqlite_store import SQLiteStore

PHASE = r"\*\*Step (\d+)\*\*[^\n]*"
CODE = re.compile(r"\?join=([A-Z0-9]{6})")
TEACHER_CONTROLS = ("live_hold", "live_pause", "live_ask", "live_reveal", "live_end")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("live")
    env = {**__import__("os").environ, "BACKPROP_DATA": str(data)}
    with serve(ROOT / "serve.py", env=env) as (url, _):
        yield url, SQLiteStore(data / "live.sqlite3")


def phase(client) -> str:
    found = re.search(PHASE, client.text())
    return found.group(0) if found else ""


async def teacher_and_student(base, nick="Ada"):
    teacher = Follower(base)
    await teacher.open("lessons", query="lesson=mazur&present=1")
    await teacher.click("Start a live class")
    code = CODE.search(teacher.text()).group(1)
    student = Follower(base)
    await student.open("", query=f"join={code}")
    await student.change("live_nick", string_value=nick)
    await student.click("Join")
    return teacher, student, code


def test_a_student_follows_the_teachers_key_press_by_push(served):
    base, store = served

    async def go():
        teacher, student, code = await teacher_and_student(base)
        assert phase(student) == phase(teacher) != ""
        events = await Events(base, code).open()
        first = await events.next()
        await teacher.trigger("present_keys", "press", "next")
        moved = await events.next()
        assert moved["v"] > first["v"]
        await student.trigger("live_listen", "moved", str(moved["v"]))
        assert student.fragment_run and phase(student) == phase(teacher)
        await events.close()
        for c in (teacher, student):
            await c.close()
    run_async(go())


def test_a_students_session_cannot_move_the_class(served):
    base, store = served

    async def go():
        teacher, student, code = await teacher_and_student(base)
        before = store.state(code)
        ids = {key: teacher.widget(key)[0] for key in TEACHER_CONTROLS}
        for key, wid in ids.items():  # the teacher's controls, their ids copied into the student's session
            await student._rerun(page_hash=student.page_hash, states={wid: {"trigger_value": True}})
            await student._rerun(page_hash=student.page_hash, states={wid: {"bool_value": True}})
        keys = f"{INTERNAL}_{teacher.widget('present_keys')[0]}__events"  # the presenter's key press
        await student._rerun(page_hash=student.page_hash,
                             states={keys: {"json_trigger_value": '[{"event": "press", "value": "next"}]'}})
        after = store.state(code)
        assert (after.version, after.point, after.question) == (before.version, before.point, before.question)
        thief = Follower(base)  # a teacher link with a wrong secret is a student's join, nothing more
        await thief.open("", query=f"join={code}&teacher=not-the-secret")
        assert "Join" in thief.text() or thief.find("Join")
        with pytest.raises(LookupError):
            thief.widget("live_end")
        for c in (teacher, student, thief):
            await c.close()
    run_async(go())


def seen(store, code) -> float:
    """When the store last heard of the class's teacher."""
    with sqlite3.connect(store.path) as db:
        return db.execute("SELECT seen FROM classes WHERE code = ?", (code,)).fetchone()[0]


def test_the_open_teachers_page_beats_and_so_keeps_the_class(served):
    base, store = served

    async def go():
        teacher, student, code = await teacher_and_student(base)
        assert teacher.listener("live_teacher_listen")["beat"] == panel.BEAT < store.ttl / 10
        assert student.listener("live_listen")["beat"] == 0  # a student's presence keeps no class
        before, version = seen(store, code), store.state(code).version
        await asyncio.sleep(0.05)
        await teacher.trigger("live_teacher_listen", "beat", 1)  # what the page's timer sends, no key press
        assert seen(store, code) > before and store.state(code).version == version  # no move: no student reruns
        wid = teacher.widget("live_teacher_listen")[0]  # the same trigger from a student's session: nothing
        before = seen(store, code)
        await student._rerun(page_hash=student.page_hash, states={
            f"{INTERNAL}_{wid}__events": {"json_trigger_value": '[{"event": "beat", "value": 1}]'}})
        assert seen(store, code) == before
        for c in (teacher, student):
            await c.close()
    run_async(go())


def test_a_nickname_stays_text(served):
    base, store = served
    typed = "**x**<img src=x onerr=1>"  # 24 characters, the most a nickname holds

    async def go():
        teacher, student, code = await teacher_and_student(base, nick=typed)
        assert store.roster(code) == [typed]
        shown = [el.text.body for el in student.elements.values() if el.WhichOneof("type") == "text"]
        assert f"You joined as {typed}" in shown  # drawn with st.text: no Markdown, no HTML
        for c in (teacher, student):
            await c.close()
    run_async(go())


@pytest.mark.skipif(redis_server.BINARY is None, reason=redis_server.MISSING)
def test_the_store_going_away_says_reconnecting_and_the_class_resumes(tmp_path):
    server = redis_server.RedisServer(tmp_path).start()
    env = {**__import__("os").environ, "BACKPROP_STORE": server.url}
    try:
        with serve(ROOT / "serve.py", env=env) as (base, _):
            async def go():
                teacher, student, code = await teacher_and_student(base)
                server.stop()
                await student.trigger("live_listen", "moved", "0 down")
                assert "reconnecting" in student.text() and phase(student)  # its own network still drawn
                await student.goto("step")
                await student.click("Whole step")  # every page keeps working on the student's own network
                await teacher.trigger("present_keys", "press", "next")  # the teacher's own view goes on
                server.start()
                # the teacher's listener hears the store is back and reruns the page: the move made
                # meanwhile is written then, with no other key press
                await teacher.trigger("live_teacher_listen", "moved", "0")
                await student.goto("live")
                assert "reconnecting" not in student.text()
                assert phase(student) == phase(teacher)
                assert RedisStore(server.url).state(code).point["cursor"] == 1
                for c in (teacher, student):
                    await c.close()
            run_async(go())
    finally:
        server.stop()
