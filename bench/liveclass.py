"""A live class over Streamlit's protocol, no browsers (issue 25's targets, one run):

1. follow: a teacher (Mazur's lesson in the presenter view) presses → (the presenter's key) MOVES times,
   2 s apart; STUDENTS protocol clients follow, each listening to /live/events as the browser's
   listener does and rerunning its fragment when the class moved. Measured: from the key press being
   sent to each student's phase line showing the teacher's (checked against the teacher's own line),
   p50 / p95 / max. Targets: p95 <= 1 s, max <= 2 s.
2. idle: the teacher does nothing for IDLE seconds with every student listening; the server's CPU share
   of a core. Target <= 5 %.
3. answers: the teacher goes to the lesson's first question stop; every student answers within 10 s (at
   random moments); each must see its answer received, and the store must hold every one. Target: none lost.

With --replicas 2 the class runs on two replicas behind HAProxy (tests/kit/balancer.py) with Redis on
loopback as the store (the teacher on one replica, students on both); --outage 5 stops Redis for 5 s
between the moves (what happens to the moves meanwhile is reported, and every student must catch up).

    .venv/bin/python bench/liveclass.py [--students 60] [--moves 10] [--idle 60] [--replicas 1|2] [--outage 0]
"""
import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness as h  # noqa: E402
from tests.kit.follower import Events, Follower  # noqa: E402

PHASE = r"\*\*Step (\d+)\*\*[^\n]*"  # the phase line (its first line), teacher's and students'
CODE = re.compile(r"\?join=([A-Z0-9]{6})")
LISTEN, KEYS = "live_listen", "present_keys"
OUTAGE = 5.0  # seconds the store is stopped with --outage


def phase(client) -> str:
    found = re.search(PHASE, client.text())
    return found.group(0) if found else ""


def cpu_seconds(pids) -> float:
    """user + system CPU of the processes so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class Student:
    """One follower, its event stream and what it measured."""

    def __init__(self, base, i):
        self.client, self.i, self.base = Follower(base), i, base
        self.events, self.at, self.seen = None, 0, []  # seen: (version, phase line, time it showed)
        self.up, self.told_down = True, False  # the store as last heard; whether the page said "reconnecting"

    async def join(self, code):
        await self.client.open("", query=f"join={code}", fetch_cookies=True)
        await self.client.change("live_nick", string_value=f"student {self.i}")
        await self.client.click("Join")
        self.at = self.client.listener(LISTEN)["at"]
        self.events = await Events(self.base, code, self.client.cookies).open()

    async def follow(self):
        """As the browser's listener: a newer version reruns the fragment."""
        while True:
            event = await self.events.next()
            up = event.get("up", True)
            if up != self.up:
                self.up = up
                await self.client.trigger(LISTEN, "moved", f"{self.at}{'' if up else ' down'}")
                self.told_down |= not up and "reconnecting" in self.client.text()
            if event.get("v", self.at) > self.at:
                await self.client.trigger(LISTEN, "moved", str(event["v"]))
                self.at = self.client.listener(LISTEN)["at"]
                self.seen.append((self.at, phase(self.client), time.perf_counter()))


async def start_class(base):
    teacher = Follower(base)
    await teacher.open("lessons", query="lesson=mazur&present=1", fetch_cookies=True)
    await teacher.click("Start a live class")
    return teacher, CODE.search(teacher.text()).group(1)


async def follow_phase(teacher, students, moves, gap=2.0, outage=None):
    """Each key press: (whether it was made while the store was up, the teacher's phase line, when it
    was sent). outage: (stop, start) of the store, called halfway through for `gap` * 2.5 seconds."""
    pressed = []
    for i in range(moves):
        if outage and i == moves // 2:
            outage[0]()
            down = time.perf_counter()
            await teacher.trigger(KEYS, "press", "next")  # made while the store is away: heard after it
            await asyncio.sleep(max(0.0, OUTAGE - (time.perf_counter() - down)))
            outage[1]()
        sent = time.perf_counter()
        await teacher.trigger(KEYS, "press", "next")
        pressed.append((True, phase(teacher), sent))
        await asyncio.sleep(gap)
    return pressed


def latencies(pressed, students):
    """Seconds from each press to each student's phase line showing the teacher's; missing ones count."""
    out, wrong, missing = [], 0, 0
    for _, line, sent in pressed:
        for s in students:
            shown = [when for _, got, when in s.seen if got == line and when >= sent]
            if not shown:
                missing += 1
                if os.environ.get("LIVECLASS_DEBUG"):
                    print("missing:", repr(line), [(v, got) for v, got, _ in s.seen])
                continue
            out.append(shown[0] - sent)
    return out, wrong, missing


def answer_key(client) -> str:
    """The key of the answer box on the page (it names the question: live_answer_<id>)."""
    for el in client.elements.values():
        if el.WhichOneof("type") == "text_input" and "-live_answer_" in el.text_input.id:
            return "live_answer_" + el.text_input.id.split("-live_answer_", 1)[1]
    raise LookupError("no answer box on the page")


def has_box(client) -> bool:
    try:
        return bool(answer_key(client))
    except LookupError:
        return False


async def answers(teacher, students, store_check):
    await teacher.click("Next stop")  # stop 2 of Mazur's lesson asks a question
    for _ in range(100):  # every student's page shows it once the push reached them
        await asyncio.sleep(0.1)
        if all(has_box(s.client) for s in students):
            break
    qid_key = answer_key(students[0].client)

    async def send(s):
        await asyncio.sleep(random.uniform(0, 8))
        await s.client.change(qid_key, string_value=f"{0.5 + s.i / 1000:.3f}")
        await s.client.click("Send")
        return "Answer received" in s.client.text()
    start = time.perf_counter()
    acked = await asyncio.gather(*(send(s) for s in students))
    return sum(acked), time.perf_counter() - start, store_check()


async def run(args, base, pids, store_check, outage=None):
    teacher, code = await start_class(base)
    students = [Student(base, i) for i in range(args.students)]
    for s in students:
        await s.join(code)
    replicas = {dict(c.split("=", 1) for c in s.client.cookies.split("; ") if "=" in c).get("STREAMLIT_REPLICA")
                for s in students}
    print(f"students on {len(replicas)} replica(s)", flush=True)
    tasks = [asyncio.create_task(s.follow()) for s in students]
    print(f"students {args.students}, moves {args.moves}, replicas {args.replicas}", flush=True)
    before = cpu_seconds(pids)
    pressed = await follow_phase(teacher, students, args.moves, outage=outage)
    busy = cpu_seconds(pids) - before
    lat, _, missing = latencies(pressed, students)
    q = statistics.quantiles(lat, n=20) if len(lat) > 1 else [0] * 19
    print(f"follow: key press to every student's phase line: p50 {statistics.median(lat) * 1000:.0f} ms, "
          f"p95 {q[18] * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms, missing {missing}; server CPU "
          f"{busy / args.moves * 1000:.0f} ms a move ({'PASS' if q[18] <= 1 and max(lat) <= 2 and not missing else 'FAIL'}:"
          f" p95 <= 1 s, max <= 2 s)", flush=True)
    before, wall = cpu_seconds(pids), time.perf_counter()
    await asyncio.sleep(args.idle)
    idle = (cpu_seconds(pids) - before) / (time.perf_counter() - wall)
    if outage:
        print(f"outage: {sum(s.told_down for s in students)} of {len(students)} students were told the class is "
              f"reconnecting; {sum(bool(s.seen) and s.seen[-1][1] == pressed[-1][1] for s in students)} at the "
              f"teacher's point at the end", flush=True)
    print(f"idle: {idle:.1%} of a core over {args.idle:.0f} s ({'PASS' if idle <= 0.05 else 'FAIL'}: <= 5 %)", flush=True)
    acked, took, stored = await answers(teacher, students, lambda: store_check(code))
    for t in tasks:
        t.cancel()
    print(f"answers: {acked} of {args.students} acknowledged within {took:.1f} s, {stored} in the store "
          f"({'PASS' if acked == stored == args.students else 'FAIL'}: none lost)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--idle", type=float, default=60)
    parser.add_argument("--replicas", type=int, default=1, help="2: two replicas behind HAProxy, Redis as the store")
    parser.add_argument("--outage", action="store_true", help=f"with --replicas 2: Redis stopped {OUTAGE:.0f} s mid-class")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data, ExitStack() as stack:
        if args.replicas == 1:
            from ui.live.sqlite_store import SQLiteStore
            env = {**os.environ, "BACKPROP_DATA": data}
            base, proc = stack.enter_context(h.serve(h.ROOT / "serve.py", env=env))
            store, pids, outage = SQLiteStore(Path(data) / "live.sqlite3"), [proc.pid], None
        else:
            from tests.kit import balancer
            from tests.redis_server import RedisServer
            from ui.live.redis_store import RedisStore
            redis = RedisServer(data).start()
            stack.callback(redis.stop)
            os.environ["BACKPROP_STORE"] = redis.url
            base, procs, proxy = stack.enter_context(balancer.cluster(args.replicas, h.ROOT / "serve.py"))
            store, pids = RedisStore(redis.url), [p.pid for p in procs] + [proxy.pid]
            outage = (redis.stop, redis.start) if args.outage else None
        asyncio.run(run(args, base, pids, lambda code: len(store.tally(code).values), outage))


if __name__ == "__main__":
    main()
