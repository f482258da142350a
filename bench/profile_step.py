"""Where a "whole step" click spends its time: the server's script run and the browser's drawing.

Server: the Step page run in Streamlit's AppTest (no browser) with cProfile in the script thread;
prints the project's functions and Streamlit's element calls by cumulative time per run, next to
the floor app's whole run. Browser: chromium's sampling profiler over the same clicks as
bench/click.py times; prints CPU milliseconds per click by script bundle (plotly.js, React, ...).

    python bench/profile_step.py [--layers 784,128,64,10] [--clicks N] [--top N]
"""
import argparse
import asyncio
import cProfile
import collections
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if Path(sys.path[0]).resolve() == HERE:  # Streamlit imports the package "click", which
    sys.path[0] = str(HERE.parent)  # bench/click.py would shadow in this process

from playwright.async_api import async_playwright  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import harness as h  # noqa: E402

PROJECT = ("/pages/", "/ui/", "/viz/", "/engine/")  # path parts of the project's own code
ELEMENTS = ("plotly_chart", "dataframe", "markdown", "button", "segmented_control", "selectbox", "expander")
NATIVE = "browser itself (style, layout, paint, DOM calls)"
GROUPS = {"(idle)": "idle", "(garbage collector)": "garbage collection", "(program)": NATIVE}


def _query(layers):
    if not layers:
        return {}
    acts = ",".join(["sigmoid"] * (len(layers.split(",")) - 1))
    return {"layers": layers, "act": acts, "loss": "squared_error", "init": "xavier"}


def _app_test(layers):
    at = AppTest.from_file(str(h.ROOT / "app.py"), default_timeout=120)
    for k, v in _query(layers).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/step.py").run()
    return at


def _click(at):
    next(b for b in at.button if b.key == "step_whole").click().run()


def server(layers, clicks, top):
    """Run times of the floor and the Step page in alternation, then a cProfile of `clicks` Step runs."""
    prof, on = cProfile.Profile(), [False]
    run = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):
        if on[0]:
            prof.enable()
        try:
            return run(self, *args, **kwargs)
        finally:
            prof.disable()

    script_runner.ScriptRunner._run_script = profiled
    app, floor = _app_test(layers), AppTest.from_string(h.FLOOR.read_text(), default_timeout=60)
    floor.run()
    for at in (app, floor):
        _click(at)
    times = {"floor": [], "app": []}
    for _ in range(clicks):  # timing first, unprofiled, the two apps taking turns
        for name, at in (("floor", floor), ("app", app)):
            t = time.perf_counter()
            _click(at)
            times[name].append((time.perf_counter() - t) * 1000)
    on[0] = True
    for _ in range(clicks):
        _click(app)
    script_runner.ScriptRunner._run_script = run
    print(f"Server, one whole-step run in AppTest (median of {clicks}, taking turns): floor "
          f"{h.median(times['floor']):.0f} ms, Step page {h.median(times['app']):.0f} ms\n")
    _print_profile(prof, clicks, top)


def _print_profile(prof, runs, top):
    stats = pstats.Stats(prof).stats
    rows = []
    for (path, line, func), (_, _, _, cum, _) in stats.items():
        mine = any(part in path for part in PROJECT) and "/site-packages/" not in path
        if mine or (func in ELEMENTS and "streamlit" in path):
            where = path.split("/work/main/")[-1] if mine else "streamlit"
            rows.append((cum * 1000 / runs, f"{where}:{line} {func}"))
    print(f"{'ms/run':>7}  cumulative, profiled (cProfile slows Python ~2x; compare rows with each other)")
    for ms, name in sorted(rows, reverse=True)[:top]:
        print(f"{ms:7.1f}  {name}")


async def browser(layers, clicks):
    """CPU ms per click in the browser, by bundle, from chromium's sampling profiler."""
    query = "&".join(f"{k}={v}" for k, v in _query(layers).items())
    with h.serve(h.ROOT / "app.py") as (base, _):
        async with async_playwright() as p:
            b = await h.launch(p)
            page = await h.open_session(b, base, query)
            for _ in range(2):
                await h.click_ms(page)
            cdp = await page.context.new_cdp_session(page)
            await cdp.send("Profiler.enable")
            await cdp.send("Profiler.start")
            ms = [await h.click_ms(page) for _ in range(clicks)]
            profile = (await cdp.send("Profiler.stop"))["profile"]
            await b.close()
    by = _by_bundle(profile)
    print(f"\nBrowser, click -> figure median {h.median(ms):.0f} ms; CPU ms per click by bundle:")
    for name, us in by.most_common():
        print(f"{us / 1000 / clicks:7.1f}  {name}")


def _by_bundle(profile):
    """Self time per sample, charged to plotly.js, the rest of Streamlit's frontend, or the browser."""
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    spent = collections.Counter()
    for node, dt in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[node]
        if "PlotlyChart" in frame["url"]:
            group = "plotly.js"
        elif frame["url"]:
            group = "Streamlit frontend (React, styling, messages)"
        else:
            group = GROUPS.get(frame["functionName"], NATIVE)
        spent[group] += dt
    return spent


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layers", default="", help="e.g. 784,128,64,10 (default: the default network)")
    parser.add_argument("--clicks", type=int, default=8)
    parser.add_argument("--top", type=int, default=25, help="rows of the server profile")
    args = parser.parse_args()
    server(args.layers, args.clicks, args.top)
    asyncio.run(browser(args.layers, args.clicks))
