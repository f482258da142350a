"""A class at once, without browsers: simulated students speak Streamlit's protocol (tests/kit/student.py).

Each student comes in within --arrive seconds, opens the page (the app's Step page; the floor app's
only page), waits until the whole class is in, then clicks "Whole step" --clicks times with a
seeded pause of --think seconds (1-3 by default) between clicks: a closed loop, as a class is.
Every click is checked on the page's own text (the app's phase line "Step N", the floor's "step N" in
its figure): a click whose count did not go up by one is lost.

Both apps run in the same invocation under the same settings, one server at a time; --server-args
adds settings to both (e.g. "--runner.postScriptGC=false"). Server CPU is the process's user +
system time from /proc while the class clicks, so the clients' own CPU is not counted.

    python bench/classroom.py [--students 20] [--clicks 30] [--think 1-3] [--arrive 10]
                              [--apps app,floor] [--server-args=--runner.postScriptGC=false]

Prints one row per app and the app/floor ratios; exits 0 whatever they are.
"""
import argparse
import asyncio
import random
import shlex
import time
from dataclasses import dataclass, field

import harness as h  # first: it puts the repository on sys.path for tests.kit
from tests.kit.student import Student

MB = 2**20
# app name -> (script, page's URL path, button label, the page's count of steps taken)
APPS = {"app": (h.ROOT / "app.py", "step", "Whole step", r"\*\*Step (\d+)\*\*"),
        "floor": (h.FLOOR, "", "Whole step", r"step (\d+)")}


@dataclass
class Tally:
    """What a class did: click latencies (s), errors, lost clicks, and the clicking phase's span."""
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lost: int = 0
    clicks: int = 0
    begun: asyncio.Event = field(default_factory=asyncio.Event)
    missing: int = 0  # students not yet in (the class starts clicking when none is)

    def arrived(self):
        self.missing -= 1
        if self.missing <= 0:
            self.begun.set()


def think_range(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    return float(lo), float(hi or lo)


async def one_student(base, app, args, i, tally, fetch_cookies=False):
    """Come in, open the page, wait for the class, click with pauses; every failure is counted."""
    _, page, label, count = APPS[app]
    rng, think = random.Random(args.seed * 10_000 + i), think_range(args.think)
    student, arrived = Student(base), False
    try:
        await asyncio.sleep(rng.uniform(0, args.arrive))
        await asyncio.wait_for(student.open(page, fetch_cookies=fetch_cookies), args.timeout * 3)
        shown = student.number(count)
        tally.arrived()
        arrived = True
        await tally.begun.wait()
        for _ in range(args.clicks):
            await asyncio.sleep(rng.uniform(*think))
            tally.latencies.append(await asyncio.wait_for(student.click(label), args.timeout))
            tally.clicks += 1
            now = student.number(count)
            tally.lost += now != shown + 1
            shown = now
    except Exception as exc:  # noqa: BLE001 - every failure of a session is a finding to count
        tally.errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
        if not arrived:
            tally.arrived()
    finally:
        await student.close()


async def sample_rss(pids, peak, stop):
    while not stop.is_set():
        peak[0] = max(peak[0], sum(h.rss_tree(p) for p in pids))
        await asyncio.sleep(0.5)


async def run_class(base, pids, app, args, fetch_cookies=False):
    """One class on one server (or a balancer in front of `pids`); returns its figures."""
    tally = Tally(missing=args.students)
    peak, stop = [0], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pids, peak, stop))
    students = asyncio.gather(*(one_student(base, app, args, i, tally, fetch_cookies)
                                for i in range(args.students)))
    await tally.begun.wait()
    cpu0, t0 = sum(h.cpu_tree(p) for p in pids), time.monotonic()
    await students
    cpu, wall = sum(h.cpu_tree(p) for p in pids) - cpu0, time.monotonic() - t0
    stop.set()
    await sampler
    return {"app": app, "tally": tally, "cpu": cpu, "wall": wall, "rss": peak[0]}


def row(r) -> str:
    t, lat = r["tally"], r["tally"].latencies or [float("nan")]
    clicks = max(t.clicks, 1)
    return (f"{r['app']:<6} {t.clicks:>6} {1000 * h.pct(lat, 50):>8.0f} {1000 * h.pct(lat, 95):>8.0f} "
            f"{1000 * max(lat):>8.0f} {len(t.errors):>6} {t.lost:>5} {1000 * r['cpu'] / clicks:>11.1f} "
            f"{r['cpu'] / r['wall']:>8.0%} {t.clicks / r['wall']:>9.2f} {r['rss'] / MB:>7.0f}")


HEADER = (f"{'':<6} {'clicks':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6} {'lost':>5} "
          f"{'CPU ms/click':>11} {'CPU/core':>8} {'clicks/s':>9} {'RSS MB':>7}")


def report(results, args):
    print(f"\n{args.students} students x {args.clicks} clicks, {args.think} s between clicks, arriving within "
          f"{args.arrive:g} s; server args: {args.server_args or '(none)'}\n")
    print(HEADER)
    for r in results:
        print(row(r))
        for e in sorted(set(r["tally"].errors))[:5]:
            print(f"       error: {e}")
    by = {r["app"]: r for r in results}
    if {"app", "floor"} <= set(by):
        a, f = by["app"], by["floor"]
        per = [r["cpu"] / max(r["tally"].clicks, 1) for r in (a, f)]
        p95 = [h.pct(r["tally"].latencies or [float("nan")], 95) for r in (a, f)]
        print(f"\napp / floor: server CPU per click {per[0] / per[1]:.2f}x, p95 {p95[0] / p95[1]:.2f}x")


async def main(args):
    results = []
    for app in args.apps.split(","):
        with h.serve(APPS[app][0], *shlex.split(args.server_args)) as (base, proc):
            results.append(await run_class(base, [proc.pid], app, args))
    report(results, args)


def parser(doc=__doc__):
    p = argparse.ArgumentParser(description=doc.split("\n")[0])
    p.add_argument("--students", type=int, default=20)
    p.add_argument("--clicks", type=int, default=30, help="clicks per student")
    p.add_argument("--think", default="1-3", help="seconds between a student's clicks, lo-hi (seeded)")
    p.add_argument("--arrive", type=float, default=10.0, help="seconds over which the class comes in")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=120.0, help="seconds one run may take before it is an error")
    p.add_argument("--server-args", default="", help='extra streamlit settings: --server-args="--runner.postScriptGC=false ..."')
    return p


if __name__ == "__main__":
    cli = parser()
    cli.add_argument("--apps", default="app,floor", help="which apps, in this order: app, floor or both")
    asyncio.run(main(cli.parse_args()))
