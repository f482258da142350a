"""What the browser benchmarks share: a Streamlit server on a free port (the test kit's,
tests/kit/server.py), its memory and CPU, headless chromium, and a click timer that runs inside the page.

The timer is in-page JavaScript: it notes performance.now() when the click reaches the button and
again when the figure differs from what it held at the click (checked on every DOM mutation), so the
browser's own time is measured, not Playwright's messaging around it. The figure is the network element
(ui.figure: its neurons' and edges' accessible names, which hold every number, and their colours) or,
on the floor app, a plotly chart (its traces' data).
"""
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python bench/x.py`: the repository after bench/, whose engine.py
    sys.path.append(str(ROOT))  # would shadow the engine package, for the test kit the benchmarks share
from tests.kit.server import serve  # noqa: E402,F401 - the benchmarks' servers

FLOOR = Path(__file__).resolve().parent / "floor_app.py"
FIGURE = Path(__file__).resolve().parent / "figure_floor.py"  # the network element alone
CHROMIUM = dict(executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync"])
VIEWPORT = {"width": 1280, "height": 800}  # the projector the app is laid out for
BUTTON = ".st-key-step_whole button"
PLOT = ".st-key-step_fig"  # the element of the figure's key, whichever figure it holds
TIMEOUT_MS = 60_000  # one click or page load on a loaded 2-core machine

# Installed once per page. The signature covers every drawn value: on the element, each neuron's and
# edge's accessible name (its numbers) and colour, the motion not counted (it starts after them); on a
# plotly chart, every trace's values and hover texts, null until plotly has laid out the figure and
# drawn a group for each of its (scatter) traces.
PROBE = """([button, plot]) => {
  if (window.__bench) return;
  const plotly = (gd) => {
    const drawn = gd && gd.data && gd._fullLayout && gd.querySelectorAll('g.trace').length >= gd.data.length;
    return drawn ? JSON.stringify(gd.data.map(t => [t.y, t.text, t.hovertext])) : null; };
  const sig = () => { const box = document.querySelector(plot);
    const el = box && box.querySelector('[data-bp-figure]');
    if (!el) return box ? plotly(box.querySelector('.js-plotly-plot')) : null;
    const items = Array.from(el.querySelectorAll('[data-id]'));
    return items.length ? items.map(i => i.getAttribute('aria-label') + (i.dataset.colour || '')).join('|') : null; };
  const b = window.__bench = {clickAt: null, doneAt: null, before: null, sig};
  new MutationObserver(() => {
    if (b.clickAt === null || b.doneAt !== null) return;
    const now = sig();
    if (now !== null && now !== b.before) b.doneAt = performance.now();
  }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener('click', e => {
    if (e.target.closest(button)) { b.before = sig(); b.doneAt = null; b.clickAt = performance.now(); }
  }, true);
}"""
DONE = "() => window.__bench.doneAt !== null"
ELAPSED = "() => window.__bench.doneAt - window.__bench.clickAt"


def tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def rss_tree(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_tree(pid: int) -> float:
    """CPU seconds (user + system) a process tree has used so far, its ended and reaped
    descendants included (they are in their parents' children's times)."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def pct(values, q) -> float:
    """The q-th percentile (0..100), linear between ranks."""
    xs = sorted(values)
    if len(xs) == 1:
        return xs[0]
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    return xs[lo] + (xs[min(lo + 1, len(xs) - 1)] - xs[lo]) * (pos - lo)


def median(values) -> float:
    return statistics.median(values)


def step_link(base: str, query: str = "") -> str:
    """The first URL a fresh session opens: the entry page, with a network in the query if given."""
    return f"{base}/?{query}" if query else f"{base}/"


async def launch(playwright):
    return await playwright.chromium.launch(**CHROMIUM)


async def open_session(browser, base: str, query: str = "", step: bool = True, timeout=TIMEOUT_MS):
    """A fresh browser session (its own context) on the entry page, then on the Step page by its
    sidebar link; returns the page, ready to click, with the timer installed."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    page = await ctx.new_page()
    page.received = [0]  # bytes the server sent over the session's websocket so far
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: _count(page, data)))
    await page.goto(step_link(base, query), timeout=timeout)
    if step:
        link = page.locator('[data-testid="stSidebarNav"] a[href$="/step"]')
        await link.click(timeout=timeout)
    await page.wait_for_selector(PLOT, timeout=timeout)
    await page.wait_for_selector(BUTTON, timeout=timeout)
    await _idle(page, timeout)
    await page.evaluate(PROBE, [BUTTON, PLOT])
    await page.wait_for_function("() => window.__bench.sig() !== null", timeout=timeout)  # the figure is drawn
    return page


def _count(page, data):
    page.received[0] += len(data)


async def click_ms(page) -> float:
    """Milliseconds from the click reaching the button to the changed figure being in the DOM;
    page.last_bytes is what the server sent for that click."""
    before = page.received[0]
    await page.click(BUTTON, timeout=TIMEOUT_MS)
    await page.wait_for_function(DONE, timeout=TIMEOUT_MS, polling=20)
    await _idle(page)
    page.last_bytes = page.received[0] - before
    return await page.evaluate(ELAPSED)


async def _idle(page, timeout=TIMEOUT_MS):
    """Wait until the script run has finished, so the next click starts a run of its own."""
    await page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout)
