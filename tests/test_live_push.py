"""The push path's hub (ui.live.push): one read of the store per poll for every listener of a process,
an event when a class's version or activity moved, none otherwise, and the store's outage told."""
import asyncio
import json

import pytest

from tests import redis_server
from ui.live import push
from ui.live.redis_store import RedisStore
from ui.live.push import Hub, stream
from ui.live.sqlite_store import SQLiteStore
from ui.live.store import Unavailable
from tests.helpers import run_async

POINT = {"step": 0, "cursor": 0}


class Counting:
    """A store whose versions() calls are counted and can be made to fail."""

    def __init__(self, store):
        self.store, self.calls, self.down = store, 0, False

    def versions(self, codes):
        self.calls += 1
        if self.down:
            raise Unavailable("stopped")
        return self.store.versions(codes)


async def next_event(gen, timeout=2.0) -> dict:
    while True:
        line = await asyncio.wait_for(gen.__anext__(), timeout)
        if line.startswith("data: "):
            return json.loads(line[6:])


def test_listeners_hear_moves_and_answers_once_each_and_the_outage(tmp_path):
    db = SQLiteStore(tmp_path / "live.sqlite3")
    code, secret = db.create("scenario", "{}", POINT)
    counted = Counting(db)
    hub = Hub(lambda: counted, poll=0.05)

    async def go():
        students = [stream(hub, code) for _ in range(30)]
        first = [await next_event(s) for s in students]
        assert first == [{"v": 1, "a": 0, "up": True}] * 30
        calls = counted.calls
        await asyncio.sleep(0.3)
        assert counted.calls - calls <= 8  # one read per poll for the 30 of them, whatever their number
        await asyncio.to_thread(db.move, code, secret, {"step": 1, "cursor": 0})
        assert [await next_event(s) for s in students] == [{"v": 2, "a": 0, "up": True}] * 30
        token = await asyncio.to_thread(db.join, code, "x")
        assert await next_event(students[0]) == {"v": 2, "a": 1, "up": True}
        counted.down = True
        assert await next_event(students[0]) == {"up": False}
        counted.down = False
        await asyncio.to_thread(db.end, code, secret)
        assert await next_event(students[0]) == {"v": 3, "a": 1, "up": True}
        for s in students:
            await s.aclose()
        assert hub.count() == 0 and token
        await asyncio.sleep(0.15)
        assert hub.task is None  # nobody listens: no more reads
    run_async(go())


def test_a_wrong_code_hears_that_the_class_is_gone(tmp_path):
    hub = Hub(lambda: SQLiteStore(tmp_path / "live.sqlite3"), poll=0.05)

    async def go():
        s = stream(hub, "ACDEFG")
        assert await next_event(s) == {"gone": True}
        await s.aclose()
    run_async(go())


def test_a_teachers_write_in_this_process_is_heard_before_the_next_poll(tmp_path):
    db = SQLiteStore(tmp_path / "live.sqlite3")
    code, secret = db.create("scenario", "{}", POINT)
    hub = Hub(lambda: db, poll=30)  # a poll that would never come within the test

    async def go():
        s = stream(hub, code)
        assert (await next_event(s))["v"] == 1
        await asyncio.sleep(0.05)

        def teacher():  # a session's script thread: the write, then the nudge
            db.move(code, secret, {"step": 1, "cursor": 0})
            push.nudge()
        started = asyncio.get_running_loop().time()
        await asyncio.to_thread(teacher)
        assert (await next_event(s, timeout=1))["v"] == 2
        assert asyncio.get_running_loop().time() - started < 1
        await s.aclose()
    run_async(go())


@pytest.mark.skipif(redis_server.BINARY is None, reason=redis_server.MISSING)
def test_with_redis_a_write_on_another_replica_and_the_outage_are_heard_before_the_next_poll(tmp_path):
    """The hub subscribes to the store's writes: a move by a teacher on another replica (another store
    client, no nudge here) and Redis going away and coming back are told at once, not at the next poll."""
    server = redis_server.RedisServer(tmp_path).start()
    try:
        other = RedisStore(server.url, timeout=0.3)  # the teacher's replica
        code, secret = other.create("scenario", "{}", POINT)
        mine = RedisStore(server.url, timeout=0.3)  # this replica's
        hub = Hub(lambda: mine, poll=30)  # a poll that would never come within the test

        async def go():
            s = stream(hub, code)
            assert (await next_event(s))["v"] == 1
            await asyncio.sleep(0.2)  # subscribed
            for version in (2, 3):
                await asyncio.to_thread(other.move, code, secret, {"step": version, "cursor": 0})
                assert await next_event(s, timeout=1.5) == {"v": version, "a": 0, "up": True}
            await asyncio.to_thread(server.stop)
            assert await next_event(s, timeout=2) == {"up": False}
            await asyncio.to_thread(server.start)
            assert await next_event(s, timeout=3) == {"v": 3, "a": 0, "up": True}
            await s.aclose()
            await asyncio.sleep(1.2)
            assert not hub.hearing.is_alive()  # nobody listens: the subscription ends too
        run_async(go())
    finally:
        server.stop()
