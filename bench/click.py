"""Click latency of the Step page's "whole step" against the floor a Streamlit round trip sets.

For each network: one session on the app (built from the link's query), one on the floor app
(bench/floor_app.py) and one on the element's floor (bench/figure_floor.py: the same network's element and
a button, nothing else), clicked in turn in the same run so machine noise hits all three; the time is from
the click reaching the button to the changed figure being in the DOM (see harness.PROBE), the motion not
counted; the bytes are what the server sent for the click. The element floor's ratio is the least any page
drawing this figure could reach. (The plotly chart the pages drew before the element was measured here
too until its code was removed: the README keeps its last figures.)

    python bench/click.py [--quick] [--clicks N] [--only NAME]

Prints a table and exits 0 whatever the verdicts: it is a report, not a test.
"""
import argparse
import asyncio
from pathlib import Path

from playwright.async_api import async_playwright

import harness as h

ZEROS = "act={acts}&loss=squared_error&lr=0.5&batch=sample&init=xavier&seed=0"  # x, y default to zeros
# (shown name, query building the network, target ratio of the app to the floor's median, target KB per
# click): issue 24's 1.2x and 10 KB on the default network, 1.5x and 40 KB on [784,128,64,10]; the middle
# one is held to the larger network's
NETWORKS = [
    ("default 2-3-2", "", 1.2, 10),
    ("16-32-32-10", "layers=16,32,32,10&" + ZEROS.format(acts="sigmoid,sigmoid,sigmoid"), 1.5, 40),
    ("784-128-64-10", "layers=784,128,64,10&" + ZEROS.format(acts="sigmoid,sigmoid,sigmoid"), 1.5, 40),
]
SIDES = ("floor", "figure", "app")
WARMUP = 2  # clicks per session not counted: the first runs import and cache


async def measure(browser, bases, name, query, clicks):
    """Click times (ms) and bytes (KB) of the floor, the figure floor and the app taking turns, each
    session fresh."""
    pages = {"floor": await h.open_session(browser, bases["floor"], step=False),
             "figure": await h.open_session(browser, bases["figure"], query, step=False)}
    pages["app"] = app = await h.open_session(browser, bases["app"], query)
    layers = name.split()[-1].replace("-", " → ")  # as the sidebar writes the network
    if layers not in await app.locator('[data-testid="stSidebar"]').inner_text():
        raise SystemExit(f"the app's session is not on the {name} network: its link was lost")
    order = list(pages.items())
    for _ in range(WARMUP):
        for _, page in order:
            await h.click_ms(page)
    times = {side: [] for side in SIDES} | {f"{side} kb": [] for side in SIDES}
    for i in range(clicks):
        for side, page in order if i % 2 == 0 else order[::-1]:
            times[side].append(await h.click_ms(page))
            times[f"{side} kb"].append(page.last_bytes / 1024)
    for page in pages.values():
        await page.context.close()
    return times


def report(rows):
    head = f"{'network':<16} {'floor ms':>8} {'element ms':>10} {'app ms':>7} {'elem/fl':>7} {'app/fl':>6} " \
           f"{'app p90':>7} {'KB elem':>7} {'KB app':>6} {'target':>12}  verdict"
    print(head)
    print("-" * len(head))
    for name, times, target, kb_target in rows:
        f, g, a = (h.median(times[k]) for k in SIDES)
        kb = {side: max(times[f"{side} kb"]) for side in SIDES}
        fails = [what for what, bad in (("time", a / f > target), ("bytes", kb["app"] > kb_target)) if bad]
        verdict = "PASS" if not fails else "FAIL (" + ", ".join(fails) + ")"
        print(f"{name:<16} {f:8.0f} {g:10.0f} {a:7.0f} {g / f:7.2f} {a / f:6.2f} {h.pct(times['app'], 90):7.0f} "
              f"{kb['figure']:7.1f} {kb['app']:6.1f} {f'<= {target:g}x, {kb_target} KB':>12}  {verdict}")


async def main(clicks, app, only=None):
    rows = []
    with h.serve(h.FLOOR) as (floor, _), h.serve(h.FIGURE) as (figure, _), \
            h.serve(app, cwd=app.parent) as (app_base, _):
        bases = {"floor": floor, "figure": figure, "app": app_base}
        async with async_playwright() as p:
            browser = await h.launch(p)
            for name, query, target, kb in [n for n in NETWORKS if not only or only in n[0]]:
                rows.append((name, await measure(browser, bases, name, query, clicks), target, kb))
                print(f"measured {name}", flush=True)
            await browser.close()
    print(f"\n{clicks} clicks per app, medians (and p90) of click -> updated figure in the DOM; KB: the largest "
          f"message a click brought\n")
    report(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 clicks per network instead of 25")
    parser.add_argument("--clicks", type=int, help="clicks per network and app")
    parser.add_argument("--app", type=Path, default=h.ROOT / "app.py", help="entry point (e.g. of a patched copy)")
    parser.add_argument("--only", help="measure only the networks whose name holds this, e.g. 2-3-2")
    args = parser.parse_args()
    asyncio.run(main(args.clicks or (8 if args.quick else 25), args.app.resolve(), args.only))
