"""A classroom at once: many browser sessions stepping the default network on one server.

First one session alone (its median click time is the yardstick), then N sessions in one headless
chromium, each on its own Step page clicking "whole step" with a student's pause between clicks.
Reports click latency (p50, p95), errors (failed or lost clicks, exceptions on a page) and the
server's resident memory (its process tree, from /proc): before, at the peak, and after closing,
and how the machine's CPU was shared while the class clicked: the server against the browsers,
which here run on the server's own 2 cores (in a classroom each student's browser has its own).
`--app floor` runs the same class on bench/floor_app.py, the one-button app of bench/click.py:
what Streamlit's round trip alone makes of the same load.

Streamlit keeps a closed session for server.disconnectedSessionTTL seconds (120 by default) in
case the tab reconnects, and only drops expired ones when another session disconnects. So the
server runs here with a shorter TTL, and one late visitor comes and goes once it has passed.

    python bench/load.py [--quick] [--app app|floor] [--sessions N] [--clicks N] [--wait S] [--think S]

Prints the figures and the verdicts; exits 0 whatever they are.
"""
import argparse
import asyncio
import os
import random
import re
import time

from playwright.async_api import async_playwright

import harness as h

MB = 2**20
OPEN_TIMEOUT_MS = 300_000  # a whole class loading its pages at once on a 2-core machine is slow
STEP_NO = re.compile(r"[Ss]tep (\d+)")  # the app's phase line "Step N" (English), the floor's "step N"
# Where each app says how many steps it took: the app's phase line, the floor's figure.
SHOWN = {"app": '[data-testid="stAlert"]', "floor": ".st-key-step_fig .textpoint"}
SCRIPT = {"app": h.ROOT / "app.py", "floor": h.FLOOR}


class Roll:
    """The class register: clicking starts once every session has opened its page (or failed to)."""

    def __init__(self, n):
        self.missing = n  # sessions still opening their page
        self.complete = asyncio.Event()  # set when none is missing

    def arrive(self):
        self.missing -= 1
        if self.missing == 0:
            self.complete.set()


async def student(browser, base, app, clicks, think, rng, latencies, errors, roll=None, arrive=0.0):
    """One session: come in within `arrive` seconds, open the app, go to Step, wait for the class,
    click `clicks` times with a pause, check that no click was lost. Returns the seconds its page
    took to open."""
    roll = roll or Roll(1)
    page, opened = None, float("nan")
    try:
        await asyncio.sleep(rng.uniform(0, arrive))
        t = time.monotonic()
        page = await h.open_session(browser, base, step=app == "app", timeout=OPEN_TIMEOUT_MS)
        opened = time.monotonic() - t
        roll.arrive()
        await roll.complete.wait()
        for _ in range(clicks):
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            latencies.append(await h.click_ms(page))
        shown = STEP_NO.search(await page.locator(SHOWN[app]).first.text_content())
        if not shown or int(shown.group(1)) != clicks:
            errors.append(f"lost clicks: the page shows {shown and shown.group(0)!r} after {clicks}")
        if await page.locator('[data-testid="stException"]').count():
            errors.append("an exception is shown on the page")
    except Exception as exc:  # noqa: BLE001 - every failure of a session is a finding to count
        errors.append(f"{type(exc).__name__}: {' / '.join(str(exc).splitlines()[:3])[:200]}")
        if opened != opened:  # failed before arriving: do not keep the class waiting
            roll.arrive()
    finally:
        if page is not None:
            await page.context.close()
    return opened


async def sample_rss(pid, out, stop):
    while not stop.is_set():
        out.append(h.rss_tree(pid))
        await asyncio.sleep(0.5)


def cpu_now(pid):
    """(server CPU s, the rest's CPU s, wall s): the rest are the browsers and the Playwright driver."""
    server = h.cpu_tree(pid)
    return server, h.cpu_tree(os.getpid()) - server, time.monotonic()


async def cpu_at_first_click(pid, roll):
    await roll.complete.wait()
    return cpu_now(pid)


async def classroom(browser, base, pid, args):
    """The class comes in within args.arrive seconds; page loads are timed apart from the clicks."""
    latencies, errors, rss, stop, roll = [], [], [], asyncio.Event(), Roll(args.sessions)
    sampler = asyncio.create_task(sample_rss(pid, rss, stop))
    start = asyncio.create_task(cpu_at_first_click(pid, roll))
    opened = await asyncio.gather(*(student(browser, base, args.app, args.clicks, args.think, random.Random(i),
                                            latencies, errors, roll, args.arrive) for i in range(args.sessions)))
    end = cpu_now(pid)
    stop.set()
    await sampler
    cpu = [b - a for a, b in zip(await start, end)]  # (server, browsers, wall) while the class clicked
    return latencies, errors, max(rss), opened, cpu


async def main(args):
    ttl = max(5, args.wait // 2)
    with h.server(SCRIPT[args.app], "--server.disconnectedSessionTTL", str(ttl)) as (base, proc):
        async with async_playwright() as p:
            browser = await h.launch(p)
            alone, errs1 = [], []
            await student(browser, base, args.app, args.clicks, args.think, random.Random(-1), alone, errs1)
            baseline = h.rss_tree(proc.pid)
            lat, errors, peak, opened, cpu = await classroom(browser, base, proc.pid, args)
            closed = time.monotonic()
            await asyncio.sleep(ttl + 3)
            before_visit = h.rss_tree(proc.pid)
            await student(browser, base, args.app, 1, 0.2, random.Random(-2), [], [])  # the late visitor
            await asyncio.sleep(max(0.0, args.wait - (time.monotonic() - closed)))
            after = h.rss_tree(proc.pid)
            await browser.close()
    report(args, ttl, alone, errs1 + errors, lat, opened, (baseline, peak, before_visit, after), cpu)


def report(args, ttl, alone, errors, lat, opened, memory, cpu):
    baseline, peak, before_visit, after = memory
    server, browsers, wall = cpu
    single = h.median(alone) if alone else float("nan")
    p50, p95 = (h.pct(lat, 50), h.pct(lat, 95)) if lat else (float("nan"),) * 2
    per_session = (peak - baseline) / args.sessions / MB
    print(f"\nserver.disconnectedSessionTTL = {ttl} s (command line); pause between clicks "
          f"{0.5 * args.think:g}-{1.5 * args.think:g} s\n")
    print(f"one session alone:        median {single:6.0f} ms over {len(alone)} clicks")
    print(f"{args.sessions} sessions at once:     p50 {p50:6.0f} ms, p95 {p95:6.0f} ms, max "
          f"{max(lat, default=float('nan')):6.0f} ms over {len(lat)} clicks")
    opened = [o for o in opened if o == o] or [float("nan")]  # NaN: the page never opened
    print(f"opening the Step page:    {args.sessions} arriving within {args.arrive:g} s took "
          f"{max(opened):.1f} s at most (median {h.median(opened):.1f} s), not counted above")
    print(f"server memory (RSS, MB):  baseline {baseline / MB:.0f}, peak {peak / MB:.0f}, "
          f"{ttl + 3} s after closing {before_visit / MB:.0f}, {args.wait} s after closing {after / MB:.0f} "
          f"(a late visitor came at {ttl + 3} s)")
    clicks = max(len(lat), 1)
    print(f"CPU while the class clicked: server {server / wall:.0%} of one core, browsers and Playwright "
          f"{browsers / wall:.0%}, of the machine's {os.cpu_count()} cores; per click server "
          f"{1000 * server / clicks:.0f} ms, browsers and Playwright {1000 * browsers / clicks:.0f} ms")
    for e in errors[:10]:
        print("error:", e)
    rows = [("no errors", f"{len(errors)} errors", not errors),
            ("p95 <= 3x one session's median", f"{p95 / single:.2f}x", p95 <= 3 * single),
            ("memory per active session <= 30 MB", f"{per_session:.1f} MB", per_session <= 30),
            (f"memory {args.wait} s after closing within 20% of baseline", f"{after / baseline - 1:+.0%}",
             after <= 1.2 * baseline)]
    print()
    for target, value, ok in rows:
        print(f"{target:<52} {value:>12}  {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 sessions, 10 clicks, 20 s wait, 10 s arrival")
    parser.add_argument("--sessions", type=int, help="concurrent sessions (default 20)")
    parser.add_argument("--clicks", type=int, help="clicks per session (default 30)")
    parser.add_argument("--wait", type=int, help="seconds after closing before the last memory reading (120)")
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between a student's clicks, s")
    parser.add_argument("--app", choices=sorted(SCRIPT), default="app",
                        help="serve the app, or the floor app of bench/click.py to see Streamlit's own share")
    parser.add_argument("--arrive", type=float, help="seconds over which the class opens the app (30)")
    a = parser.parse_args()
    a.sessions = a.sessions or (5 if a.quick else 20)
    a.clicks = a.clicks or (10 if a.quick else 30)
    a.wait = a.wait or (20 if a.quick else 120)
    a.arrive = a.arrive if a.arrive is not None else (10 if a.quick else 30)
    asyncio.run(main(a))
