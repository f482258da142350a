"""The live class's store (ui.live): every rule of the class record, against both backends (SQLite in a
temporary folder, Redis on a loopback port of the test's own)."""
import json
import sqlite3
import threading
import time

import pytest

from ui.live import store as live
from ui.live.redis_store import RedisStore
from ui.live.sqlite_store import SQLiteStore
from ui.live.store import Refused, Unavailable
from tests import redis_server

POINT = {"step": 2, "cursor": 3, "stop": None, "select": "n1_0", "view": {"node": "z", "edge": "dW"}}
SCENARIO = json.dumps({"schema": "backprop-scenario/1", "layers": [2, 2, 2]})
QUESTION = {"id": "stop:3", "text": {"en": "What is δ here?"}, "answer": 0.5, "tolerance": 0.01}


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server.running(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


def make(kind, tmp_path, redis_url_factory, **kw):
    if kind == "sqlite":
        return SQLiteStore(tmp_path / "live.sqlite3", **kw)
    url = redis_url_factory()
    db = RedisStore(url, **kw)
    db.db.flushdb()
    return db


@pytest.fixture(params=["sqlite", "redis"])
def backend(request, tmp_path):
    """A function making a store of this backend (keyword arguments: ttl, timeout)."""
    made = []

    def factory(**kw):
        db = make(request.param, tmp_path, lambda: request.getfixturevalue("redis_url"), **kw)
        made.append(db)
        return db
    yield factory
    for db in made:
        db.close()


@pytest.fixture
def db(backend):
    return backend()


def test_a_class_starts_at_the_teachers_point_with_a_readable_code(db):
    code, secret = db.create("scenario", SCENARIO, POINT)
    assert len(code) == live.CODE_LENGTH and set(code) <= set(live.ALPHABET)
    assert not set(code) & set("0O1IL2Z5S8B")
    state = db.state(code)
    assert (state.kind, state.version, state.question) == ("scenario", 1, None)
    assert state.point == {**POINT, "column": 0, "blank": False, "hold": False, "notation": "engine",
                           "network": 0}
    assert db.content(code) == ("scenario", SCENARIO)
    assert db.state(code.lower()[:3] + "-" + code.lower()[3:]).code == code  # typed in any case, with a dash
    assert secret not in json.dumps(vars(state))


@pytest.mark.parametrize("typed", ["", "ABC", "AAAAAA", "O0O0O0", "ACDEFGH", None, "ACD EF"])
def test_a_wrong_code_is_unknown(db, typed):
    with pytest.raises(Refused) as err:
        db.state(typed)
    assert err.value.reason == "unknown"


def test_every_teacher_write_checks_the_secret(db):
    code, secret = db.create("lesson", "{}", POINT)
    student = db.join(code, "Ada")
    for wrong in ("", "x" * 43, student, secret[:-1] + ("A" if secret[-1] != "A" else "B")):
        for write in (lambda s: db.move(code, s, {**POINT, "step": 9}), lambda s: db.ask(code, s, QUESTION),
                      lambda s: db.reveal(code, s), lambda s: db.end(code, s)):
            with pytest.raises(Refused) as err:
                write(wrong)
            assert err.value.reason == "teacher"
        assert not db.is_teacher(code, wrong)
    state = db.state(code)
    assert (state.version, state.point["step"], state.question) == (1, 2, None)  # nothing moved
    assert db.is_teacher(code, secret)
    assert db.move(code, secret, {**POINT, "step": 9, "blank": True}) == 2
    assert db.state(code).point["step"] == 9 and db.state(code).point["blank"] is True


@pytest.mark.parametrize("bad", [{"step": -1}, {"step": 1.5}, {"cursor": True}, {"select": "<b>x</b>"},
                                 {"view": {"node": "W"}}, {"stop": "3"}, {"step": 10**6}, {"notation": "<i>"}])
def test_a_malformed_point_is_refused(db, bad):
    code, secret = db.create("scenario", SCENARIO, POINT)
    with pytest.raises(Refused) as err:
        db.move(code, secret, {**POINT, **bad})
    assert err.value.reason == "invalid"
    assert db.state(code).version == 1


def test_versions_count_teacher_moves_and_activity_counts_joins_and_answers(db):
    code, secret = db.create("scenario", SCENARIO, POINT)
    other, _ = db.create("scenario", SCENARIO, POINT)
    assert db.versions([code, other, "ACDEFG"]) == {code: (1, 0), other: (1, 0)}
    token = db.join(code)
    db.move(code, secret, POINT)
    db.ask(code, secret, QUESTION)
    db.answer(code, token, "stop:3", 1)
    assert db.versions([code]) == {code: (3, 2)}
    assert db.versions([]) == {}


def test_nicknames_are_bounded_plain_text(db):
    code, _ = db.create("scenario", SCENARIO, POINT)
    typed = ["**bold** <script>alert(1)</script>"[:24], "  Ada \n\t Lovelace ", "", "x" * 24]
    for nick in typed:
        db.join(code, nick)
    assert sorted(db.roster(code)) == sorted(["**bold** <script>alert(1", "Ada Lovelace", "", "x" * 24])
    with pytest.raises(Refused) as err:
        db.join(code, "x" * 25)
    assert err.value.reason == "invalid"
    assert db.tally(code).joined == 4


def test_one_answer_per_student_changeable_until_reveal(db):
    code, secret = db.create("lesson", "{}", POINT)
    a, b = db.join(code, "a"), db.join(code, "b")
    with pytest.raises(Refused, match="closed"):
        db.answer(code, a, "stop:3", 1)  # no question yet
    db.ask(code, secret, QUESTION)
    assert db.answer(code, a, "stop:3", "0,25") == 0.25
    db.answer(code, a, "stop:3", 0.5)  # changed: still one answer
    db.answer(code, b, "stop:3", 0.75)
    tally = db.tally(code)
    assert (tally.joined, sorted(tally.values)) == (2, [0.5, 0.75])
    assert tally.question["answer"] == 0.5 and tally.question["revealed"] is False
    for wrong in ("stop:2", "", None):
        with pytest.raises(Refused, match="closed"):
            db.answer(code, a, wrong, 1)
    with pytest.raises(Refused, match="student"):
        db.answer(code, "not-a-student", "stop:3", 1)
    for bad in ("nan", "inf", "1e999", "abc", "1" * 40, True, None):
        with pytest.raises(Refused, match="invalid"):
            db.answer(code, a, "stop:3", bad)
    db.reveal(code, secret)
    assert db.state(code).question["revealed"] is True
    with pytest.raises(Refused, match="closed"):
        db.answer(code, a, "stop:3", 9)
    assert sorted(db.tally(code).values) == [0.5, 0.75]
    db.ask(code, secret, {**QUESTION, "id": "ask:1"})  # the next question starts empty and open
    assert db.tally(code).values == [] and db.state(code).question["revealed"] is False
    db.ask(code, secret, None)
    assert db.state(code).question is None and db.tally(code).values == []


def test_no_answer_is_lost_when_sixty_arrive_at_once(db):
    code, secret = db.create("lesson", "{}", POINT)
    tokens = [db.join(code, f"s{i}") for i in range(60)]
    db.ask(code, secret, QUESTION)
    errors = []

    def send(i, token):
        try:
            db.answer(code, token, "stop:3", i / 10)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
    threads = [threading.Thread(target=send, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(db.tally(code).values) == [i / 10 for i in range(60)]


def test_an_ended_class_says_so_and_refuses_everything(db):
    code, secret = db.create("scenario", SCENARIO, POINT)
    token = db.join(code)
    db.end(code, secret)
    assert code in db.versions([code])  # the push path still tells the students
    for call in (lambda: db.state(code), lambda: db.join(code), lambda: db.move(code, secret, POINT),
                 lambda: db.answer(code, token, "stop:3", 1)):
        with pytest.raises(Refused) as err:
            call()
        assert err.value.reason == "ended"


def test_a_class_expires_without_its_teacher(backend):
    db = backend(ttl=1.0)
    code, secret = db.create("scenario", SCENARIO, POINT)
    kept, _ = db.create("scenario", SCENARIO, POINT)
    time.sleep(0.6)
    assert db.is_teacher(kept, _)  # the teacher's presence keeps a class
    time.sleep(0.6)
    with pytest.raises(Refused, match="unknown"):
        db.state(code)
    with pytest.raises(Refused, match="unknown"):
        db.move(code, secret, POINT)
    assert db.state(kept).version in (1, 2) and list(db.versions([code, kept])) == [kept]


def test_a_locked_sqlite_file_is_unavailable_then_resumes(tmp_path):
    db = SQLiteStore(tmp_path / "live.sqlite3", timeout=0.2)
    code, secret = db.create("lesson", "{}", POINT)
    token = db.join(code)
    db.ask(code, secret, QUESTION)
    other = sqlite3.connect(tmp_path / "live.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing (a backup, a stuck writer)
    with pytest.raises(Unavailable):
        db.answer(code, token, "stop:3", 1.5)
    with pytest.raises(Unavailable):
        db.move(code, secret, POINT)
    other.execute("ROLLBACK")
    other.close()
    db.answer(code, token, "stop:3", 1.5)
    assert db.tally(code).values == [1.5] and db.move(code, secret, POINT) == 3


@pytest.mark.skipif(redis_server.BINARY is None, reason=redis_server.MISSING)
def test_a_stopped_redis_is_unavailable_then_resumes_with_every_acknowledged_answer(tmp_path):
    server = redis_server.RedisServer(tmp_path).start()
    try:
        db = RedisStore(server.url, timeout=0.3)
        code, secret = db.create("lesson", "{}", POINT)
        tokens = [db.join(code) for _ in range(3)]
        db.ask(code, secret, QUESTION)
        db.answer(code, tokens[0], "stop:3", 1)
        server.stop()
        for call in (lambda: db.answer(code, tokens[1], "stop:3", 2), lambda: db.state(code),
                     lambda: db.versions([code]), lambda: db.move(code, secret, POINT)):
            with pytest.raises(Unavailable):
                call()
        server.start()
        db.answer(code, tokens[1], "stop:3", 2)
        assert sorted(db.tally(code).values) == [1, 2] and db.state(code).version == 2
        db.close()
    finally:
        server.stop()


def test_a_teacher_present_without_writing_keeps_the_class_and_one_gone_loses_it(tmp_path):
    """The open teacher's page beats (ui.live.panel.BEAT): five hours of explaining without a key press
    keep the class; once the page is gone, the class expires TTL after the last beat."""
    from ui.live.panel import BEAT
    now = [1000.0]
    db = SQLiteStore(tmp_path / "live.sqlite3", clock=lambda: now[0])
    code, secret = db.create("scenario", SCENARIO, POINT)
    idle, _ = db.create("scenario", SCENARIO, POINT)
    while now[0] < 1000 + 5 * 3600:
        now[0] += BEAT
        assert db.is_teacher(code, secret)  # the beat
    with pytest.raises(Refused, match="unknown"):
        db.state(idle)  # no beat: gone after TTL
    assert db.state(code).version == 1  # presence is not a move: students rerun for nothing
    now[0] += live.TTL - 1
    assert db.state(code).version == 1
    now[0] += 2
    with pytest.raises(Refused, match="unknown"):
        db.state(code)
    assert not db.is_teacher(code, secret)  # a late beat cannot bring it back


def test_loading_another_network_replaces_it_and_takes_the_question_down(db):
    code, secret = db.create("lesson", "{}", POINT)
    token = db.join(code)
    db.ask(code, secret, QUESTION)
    db.answer(code, token, "stop:3", 0.5)
    with pytest.raises(Refused, match="teacher"):
        db.load(code, "not-the-secret", "scenario", SCENARIO, {**POINT, "network": 1})
    with pytest.raises(Refused, match="invalid"):
        db.load(code, secret, "scenario", "x" * (live.CONTENT_MAX + 1), {**POINT, "network": 1})
    assert db.content(code)[0] == "lesson" and db.state(code).question is not None
    version = db.load(code, secret, "scenario", SCENARIO, {**POINT, "step": 0, "network": 1})
    got = db.state(code)
    assert db.content(code) == ("scenario", SCENARIO) and got.version == version == 3
    assert got.question is None and got.point["network"] == 1 and got.point["step"] == 0
    assert db.tally(code).values == [] and db.tally(code).joined == 1  # the roster stays
    with pytest.raises(Refused, match="closed"):
        db.answer(code, token, "stop:3", 0.7)  # the old question's answers are closed with it
