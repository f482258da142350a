"""Does the server's memory hold without Streamlit's full garbage collection after every run?

For each setting of runner.postScriptGC (--gc on,off), a fresh server and two phases on it, its
resident memory (RSS, from /proc) sampled every second:
  1. steady: --students sessions each make --clicks clicks across every page (CYCLE: Step,
     Train runs, Trace, Gradient check, Quiz, the digits preset and back to Mazur's, Build), then leave;
  2. churn: the same clicks, but each student leaves after --visit clicks and a new session takes
     its place, so disconnected sessions expire (TTL --ttl s) and are dropped while the class runs.
After each phase the server idles for the TTL, then one late visitor comes and goes (Streamlit
drops expired sessions only when another session disconnects), and RSS is read again.

    python bench/soak.py [--students 40] [--clicks 300] [--visit 30] [--think 1-3] [--gc on,off]
                         [--csv FILE]

Prints per setting: latency and server CPU per click; RSS at start, at its peak and after each
phase; and the growth over each phase's second half in MB per 1,000 clicks (in a short run this is
mostly the sessions moving on to the digits preset; over 300 clicks the CYCLE of 26 repeats, and a
leak shows as a slope that does not flatten). With --csv, every sample too. Exits 0 whatever they are.
"""
import asyncio
import random
import shlex
import time

import harness as h  # first: it puts the repository on sys.path for tests.kit
from classroom import parser, think_range
from tests.kit.student import Student

MB = 2**20
# (page's URL path, button label or None to follow the sidebar link, the button's key suffix)
CYCLE = [("step", None, ""), ("step", "Whole step", ""), ("step", "Whole step", ""), ("step", "Forward", ""),
         ("step", "Whole step", ""), ("step", "Sub-step back", ""), ("train", None, ""), ("train", "Train", ""),
         ("trace", None, ""), ("gradcheck", None, ""), ("gradcheck", "Run the check", ""),
         ("quiz", None, ""), ("quiz", "New question", ""), ("presets", None, ""),
         ("presets", "Load", "digits"), ("step", None, ""), ("step", "Whole step", ""), ("train", None, ""),
         ("train", "Train", ""), ("gradcheck", None, ""), ("gradcheck", "Run the check", ""),
         ("presets", None, ""), ("presets", "Load", "mazur"), ("", None, ""), ("", "Add layer", ""),
         ("", "Remove layer", "")]


class Phase:
    def __init__(self, name):
        self.name, self.clicks, self.errors, self.latencies = name, 0, [], []
        self.samples = []  # (seconds since the server started, clicks so far, RSS bytes)


async def act(student, step):
    page, label, key = step
    if label is None:
        return await student.goto(page)
    return await student.click(label, key)


async def visitor(base, phase, rng, think, clicks, timeout):
    """One session: open the default page, then `clicks` actions of CYCLE from its start (a fresh
    session has no steps yet, which the Quiz needs, so every session begins with the Step page)."""
    student = Student(base)
    try:
        await asyncio.wait_for(student.open(""), timeout * 3)
        for n in range(clicks):
            await asyncio.sleep(rng.uniform(*think))
            phase.latencies.append(await asyncio.wait_for(act(student, CYCLE[n % len(CYCLE)]), timeout))
            phase.clicks += 1
    except Exception as exc:  # noqa: BLE001 - every failure is a finding to count
        phase.errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
    finally:
        await student.close()


async def seat(base, phase, args, i, visit):
    """One student's seat: arrives, then makes --clicks clicks in sessions of `visit` clicks each."""
    rng, think = random.Random(args.seed * 10_000 + i), think_range(args.think)
    await asyncio.sleep(rng.uniform(0, args.arrive))
    done = 0
    while done < args.clicks:
        n = min(visit, args.clicks - done)
        await visitor(base, phase, rng, think, n, args.timeout)
        done += n


async def sample(pid, phase, start, stop):
    while not stop.is_set():
        phase.samples.append((time.monotonic() - start, phase.clicks, h.rss_tree(pid)))
        await asyncio.sleep(1.0)


async def run_phase(base, pid, args, name, visit, start):
    phase, stop = Phase(name), asyncio.Event()
    sampler = asyncio.create_task(sample(pid, phase, start, stop))
    cpu = h.cpu_tree(pid)
    await asyncio.gather(*(seat(base, phase, args, i, visit) for i in range(args.students)))
    phase.cpu = h.cpu_tree(pid) - cpu
    await asyncio.sleep(args.ttl + 2)  # the class has left; their sessions expire
    await visitor(base, Phase("late"), random.Random(-1), (0.1, 0.1), 1, args.timeout)  # the store is written: expired go
    await asyncio.sleep(2)
    stop.set()
    await sampler
    phase.after = h.rss_tree(pid)
    return phase


def slope(phase) -> float:
    """MB per 1,000 clicks over the second half of the phase's clicking (least squares)."""
    total = phase.clicks
    pts = [(c, r / MB) for _, c, r in phase.samples if total / 2 <= c < total]
    if len(pts) < 3 or pts[-1][0] == pts[0][0]:
        return float("nan")
    mx, my = sum(c for c, _ in pts) / len(pts), sum(r for _, r in pts) / len(pts)
    num = sum((c - mx) * (r - my) for c, r in pts)
    return 1000 * num / sum((c - mx) ** 2 for c, _ in pts)


async def soak(gc, args):
    settings = ["--runner.postScriptGC", "true" if gc == "on" else "false",
                "--server.disconnectedSessionTTL", str(args.ttl), *shlex.split(args.server_args)]
    with h.serve(h.ROOT / "app.py", *settings) as (base, proc):
        start = time.monotonic()
        warm = Phase("warm")
        await visitor(base, warm, random.Random(-2), (0.1, 0.1), len(CYCLE), args.timeout)  # imports, caches
        if warm.errors:
            raise RuntimeError(f"the warm-up visit through every page failed: {warm.errors[0]}")
        first = h.rss_tree(proc.pid)
        phases = [await run_phase(base, proc.pid, args, "steady", args.clicks, start),
                  await run_phase(base, proc.pid, args, "churn", args.visit, start)]
    return first, phases


def report(gc, first, phases, args):
    print(f"\nrunner.postScriptGC = {gc}: {args.students} students x {args.clicks} clicks per phase, "
          f"{args.think} s between clicks, sessions of {args.visit} clicks in churn, TTL {args.ttl} s")
    print(f"  RSS after a warm-up visit: {first / MB:.0f} MB")
    for p in phases:
        lat = p.latencies or [float("nan")]
        print(f"  {p.name:<6}: {p.clicks} clicks, {len(p.errors)} errors, p50 {1000 * h.pct(lat, 50):.0f} ms, "
              f"p95 {1000 * h.pct(lat, 95):.0f} ms, server CPU {1000 * p.cpu / max(p.clicks, 1):.0f} ms/click; RSS peak {max(r for *_, r in p.samples) / MB:.0f} MB, "
              f"after leaving {p.after / MB:.0f} MB, second-half growth {slope(p):+.2f} MB per 1,000 clicks")
        for e in sorted(set(p.errors))[:5]:
            print(f"          error: {e}")


async def main(args):
    for gc in args.gc.split(","):
        first, phases = await soak(gc, args)
        report(gc, first, phases, args)
        if args.csv:
            with open(args.csv, "a") as out:
                for p in phases:
                    out.writelines(f"{gc},{p.name},{t:.1f},{c},{r}\n" for t, c, r in p.samples)


if __name__ == "__main__":
    cli = parser(__doc__)
    cli.set_defaults(students=40, clicks=300, arrive=20.0)
    cli.add_argument("--visit", type=int, default=30, help="clicks per session in the churn phase")
    cli.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL for the soak, s")
    cli.add_argument("--gc", default="on,off", help="runner.postScriptGC settings to soak, in order")
    cli.add_argument("--csv", help="append every RSS sample as gc,phase,seconds,clicks,rss_bytes")
    asyncio.run(main(cli.parse_args()))
