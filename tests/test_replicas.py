"""Two replicas of the app behind deploy/haproxy.cfg on loopback (tests/kit/balancer.py), driven by the
protocol client (tests/kit/student.py): a session's clicks and reconnects all reach the replica that
holds it, and a replica that stops takes only its own sessions with it."""
import shutil
from collections import defaultdict

import pytest

from tests.helpers import run_async
from tests.kit import balancer
from tests.kit.student import Student

pytestmark = pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy is not installed (.ci/run does)")
STEPS = r"\*\*Step (\d+)\*\*"  # the Step page's count of the session's steps (its phase line)
COOKIE = "STREAMLIT_REPLICA"
SESSIONS = 4



@pytest.fixture(scope="module")
def cluster():
    """Two replicas and HAProxy for the module; the last test stops one replica."""
    with balancer.cluster(2) as running:
        yield running


def replica_of(student) -> str:
    return dict(c.split("=", 1) for c in student.cookies.split("; "))[COOKIE]


async def arrive(base, n=SESSIONS):
    """n students, each loading the app as a browser does (the balancer's cookie) and its Step page."""
    students = [Student(base) for _ in range(n)]
    for s in students:  # one after the other: the balancer spreads them by open connections
        await s.open("step", fetch_cookies=True)
        assert s.number(STEPS) == 0
    return students


async def click(student, expected):
    await student.click("Whole step")
    assert student.number(STEPS) == expected


def test_sessions_keep_their_replica_across_clicks_and_reconnects(cluster):
    async def go(base):
        students = await arrive(base)
        assert len({replica_of(s) for s in students}) == 2  # both replicas hold sessions
        for n in range(1, 4):
            for s in students:
                await click(s, n)
                await s.close()  # a network blip: the tab reconnects with its cookie and session id
                await s.open("step", resume=True)
                assert s.number(STEPS) == n  # the same session, on the same replica: nothing reset
        for s in students:
            await s.close()
    run_async(go(cluster[0]))


def test_stopping_a_replica_loses_only_its_sessions(cluster):
    async def go(base, victim):
        students = await arrive(base)
        for s in students:
            await click(s, 1)
        victim.terminate()
        victim.wait(30)
        outcome = defaultdict(set)  # replica cookie -> {clicked fine?}
        for s in students:
            try:
                await click(s, 2)
                outcome[replica_of(s)].add(True)
            except Exception:  # noqa: BLE001 - the socket to the stopped replica is gone
                outcome[replica_of(s)].add(False)
        assert sorted(map(sorted, outcome.values())) == [[False], [True]]  # one replica's sessions, all of them
        survivors = [s for s in students if outcome[replica_of(s)] == {True}]
        for n in (3, 4):
            for s in survivors:
                await click(s, n)
        lost = next(s for s in students if outcome[replica_of(s)] == {False})
        await lost.close()
        await lost.open("step", fetch_cookies=True, resume=True)  # sent to the other replica, afresh
        assert lost.number(STEPS) == 0
        await click(lost, 1)
        for s in students:
            await s.close()
    run_async(go(cluster[0], cluster[1][0]))
