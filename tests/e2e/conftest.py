"""Browser tests: one Streamlit server per run (tests/kit/server.py), driven by Playwright through
Debian's chromium.

Every wait is on a condition: an action that reruns the script waits until the server has reported one
more finished run (a script_finished message on the session's websocket: the page's own "running"
attribute can skip a whole run when a loaded browser handles its messages in one go) and the page is
idle again; then the tests wait for the text or figure they expect. Playwright never downloads a
browser of its own.
"""
import json
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect as eventually
from playwright.sync_api import sync_playwright
from google.protobuf.message import DecodeError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from engine.text import i18n
from tests.kit.server import ROOT, Server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 800}  # the classroom projector
WAIT_MS = 30_000  # longest wait for one rerun or one expected text
POLL_MS = 50  # between looks at the run counter; Playwright delivers websocket events meanwhile
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a run cut short by the next one: not the end of an action
APP = '[data-testid="stApp"]'

IDLE = f"""() => {{ const app = document.querySelector('{APP}');
  return app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'; }}"""

# The plotly figure inside the element of a widget key: its drawn traces (arrays decoded).
FIGURE = """key => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  if (!gd || !gd._fullData) return [];
  return gd._fullData.map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || []),
    customdata: t.customdata ? Array.from(t.customdata) : null,
    hovertext: t.hovertext ? Array.from(t.hovertext) : null,
    colour: t.marker ? t.marker.color : null,
    text: t.text ? Array.from(t.text) : null}));
}"""
# The network element of a widget key (ui.figure): its neurons and edges by id, each with its accessible
# name, colour, the text in its circle, whether it is pressed (selected), and a point to click it at (a
# neuron's centre; 0.3 of an edge's length from its sending end, where no other edge crosses it).
ELEMENT = """key => {
  const root = document.querySelector(`.st-key-${key} [data-bp-figure]`);
  if (!root) return null;
  const items = {};
  for (const g of root.querySelectorAll('[data-id]')) {
    const id = g.dataset.id, shape = g.querySelector(id[0] === 'n' ? '.bp-nc' : '.bp-ev');
    let x, y;
    if (id[0] === 'n') { const b = shape.getBoundingClientRect(); x = b.left + b.width / 2; y = b.top + b.height / 2; }
    else { const a = ['x1', 'y1', 'x2', 'y2'].map(k => +shape.getAttribute(k)), p = shape.ownerSVGElement.createSVGPoint();
      p.x = a[0] + 0.3 * (a[2] - a[0]); p.y = a[1] + 0.3 * (a[3] - a[1]);
      const q = p.matrixTransform(shape.getScreenCTM()); x = q.x; y = q.y; }
    items[id] = {label: g.getAttribute('aria-label'), colour: g.dataset.colour || null,
      text: id[0] === 'n' ? g.querySelector('.bp-nv').textContent : null, pressed: g.getAttribute('aria-pressed') === 'true',
      classes: g.getAttribute('class'), x, y};
  }
  return items;
}"""
# [shown, exact] of the numbers of the first Markdown block in the main area that contains a text.
NUMBERS = """text => {
  const block = Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stMarkdown"]'))
    .find(b => b.innerText.includes(text));
  return block ? Array.from(block.querySelectorAll('span[title]')).map(s => [s.innerText, s.title]) : [];
}"""
# Screen position of the point whose customdata is cid on the named trace of a key's figure.
POINT = """([key, trace, cid]) => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const t = gd._fullData.find(d => d.name === trace);
  const i = Array.from(t.customdata).indexOf(cid);
  const fl = gd._fullLayout, box = gd.getBoundingClientRect();
  return {x: box.left + fl._size.l + fl.xaxis.l2p(t.x[i]), y: box.top + fl._size.t + fl.yaxis.l2p(t.y[i])};
}"""


class App:
    """One browser tab on the app: actions that wait for the rerun they cause, and DOM readers."""

    def __init__(self, page, server: Server, shots: Path):
        self.page, self.server, self.shots = page, server, shots
        self.runs = 0  # runs of this tab's session that the server reported finished
        page.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, payload):
        try:
            msg = ForwardMsg.FromString(payload) if isinstance(payload, bytes) else None
        except DecodeError:
            return
        if msg is not None and msg.HasField("script_finished") and msg.script_finished != EARLY:
            self.runs += 1

    def open(self, path: str = "/"):
        self.page.goto(self.server.url + path)
        self._wait_runs(0)
        self.page.wait_for_selector('[data-testid="stSidebarNav"]', state="attached", timeout=WAIT_MS)  # hidden on a phone
        self.check()
        return self

    def _wait_runs(self, before: int):
        deadline = time.monotonic() + WAIT_MS / 1000
        while self.runs <= before:
            if time.monotonic() > deadline:
                pytest.fail(f"no run finished within {WAIT_MS} ms (after {before})\n{self.server.tail()}")
            self.page.wait_for_timeout(POLL_MS)
        self.page.wait_for_function(IDLE, timeout=WAIT_MS)

    def check(self):
        """Fail with the app's traceback when a run raised."""
        errors = self.page.locator('[data-testid="stException"]')
        if errors.count():
            pytest.fail(f"the app raised:\n{errors.first.inner_text()}\n--- server log ---\n{self.server.tail()}")

    def begin(self, action):
        """Do something that reruns the script; returns a function that waits until that run ends."""
        before = self.runs
        action()

        def finished():
            self._wait_runs(before)
            self.check()
        return finished

    def act(self, action):
        self.begin(action)()

    def click(self, key: str, name: str | None = None):
        """Press the button of a widget key (a segmented control's option by its exact label).

        Streamlit keeps a hidden copy of some buttons for measuring; only the visible one counts."""
        box = self.page.locator(f".st-key-{key}")
        button = box.get_by_role("radio", name=name, exact=True) if name else box.locator("button")
        self.act(button.filter(visible=True).click)

    def nav(self, page: str):
        """Switch page by the sidebar link labelled (in English) like nav.<page>: build, step, train, trace."""
        label = i18n.text("en", f"nav.{page}")
        link = self.page.locator('[data-testid="stSidebarNav"] a').filter(
            has=self.page.get_by_text(label, exact=True))
        self.act(link.click)

    def number(self, key: str, value):
        box = self.page.locator(f".st-key-{key} input")

        def enter():
            box.fill(str(value))
            box.press("Enter")
        self.act(enter)

    def upload(self, key: str, path: Path):
        self.act(lambda: self.page.locator(f".st-key-{key} input[type=file]").set_input_files(str(path)))

    def expect_values(self, prefix: str, values: list):
        """Wait until the number inputs prefix0, prefix1, ... show these values."""
        for i, value in enumerate(values):
            eventually(self.page.locator(f".st-key-{prefix}{i} input")).to_have_value(str(value), timeout=WAIT_MS)

    def expect(self, text: str, where: str = '[data-testid="stMain"]'):
        """Wait until text is shown (as part of an element's text) in where."""
        self.page.locator(where).get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)

    def numbers(self, text: str) -> list:
        """[shown, exact] of every number (a span titled with its exact value) in the Markdown block
        that contains text."""
        return self.page.evaluate(NUMBERS, text)

    def wait_numbers(self, text: str, exact: list):
        """Wait until the Markdown block containing text shows numbers whose exact values are these."""
        try:
            self.page.wait_for_function(f"([text, want]) => JSON.stringify(({NUMBERS})(text).map(n => n[1])) === want",
                                        arg=[text, json.dumps(exact, separators=(",", ":"))], timeout=WAIT_MS)
        except PlaywrightTimeout:
            pytest.fail(f"the block with {text!r} shows {self.numbers(text)!r}, expected exact values {exact!r}")

    def expect_sidebar(self, *texts: str):
        for text in texts:
            self.expect(text, '[data-testid="stSidebar"]')

    def figure(self, key: str) -> list:
        """The drawn traces of a key's figure (empty while it is not drawn)."""
        return self.page.evaluate(FIGURE, key) or []

    def trace(self, key: str, name: str) -> dict:
        """The named trace of a key's figure, once it is drawn."""
        self.page.wait_for_function(f"key => ({FIGURE})(key).some(t => t.name === {name!r})", arg=key,
                                    timeout=WAIT_MS)
        return next(t for t in self.figure(key) if t["name"] == name)

    def wait_trace(self, key: str, name: str, field: str, value):
        """Wait until the named trace's field equals value (figures redraw after the run ends)."""
        js = f"""([key, want]) => {{ const t = ({FIGURE})(key).find(t => t.name === {name!r});
          return t !== undefined && JSON.stringify(t[{field!r}]) === want; }}"""
        try:
            self.page.wait_for_function(js, arg=[key, json.dumps(value, separators=(",", ":"))],
                                        timeout=WAIT_MS)
        except PlaywrightTimeout:
            pytest.fail(f"{key}/{name}.{field} is {self.trace(key, name)[field]!r}, expected {value!r}")

    def wait_hover(self, key: str, name: str, want: dict):
        """Wait until, on the named trace, the hover text of each point id holds all the given pieces."""
        js = f"""([key, want]) => {{ const t = ({FIGURE})(key).find(t => t.name === {name!r});
          if (!t || !t.hovertext) return false;
          return Object.entries(want).every(([id, parts]) => {{ const i = t.customdata.indexOf(id);
            return i >= 0 && parts.every(p => t.hovertext[i].includes(p)); }}); }}"""
        try:
            self.page.wait_for_function(js, arg=[key, want], timeout=WAIT_MS)
        except PlaywrightTimeout:
            t = self.trace(key, name)
            pytest.fail(f"{key}/{name} hovers {dict(zip(t['customdata'], t['hovertext']))!r}, expected {want!r}")

    def wait_colourbar(self, key: str, title: str):
        """Wait until the key's figure is redrawn with its edge colour bar titled title."""
        self.page.wait_for_function(
            f"key => ({FIGURE})(key).some(t => t.name === 'edge_scale_title' && t.text[0] === {title!r})",
            arg=key, timeout=WAIT_MS)

    def element(self, key: str) -> dict:
        """The network element of a key: id -> its name, colour, text, pressed, x, y (ELEMENT); {} while not drawn."""
        return self.page.evaluate(ELEMENT, key) or {}

    def wait_element(self, key: str, test: str, what: str = "", arg=None):
        """Wait until test, a JS function of (the ELEMENT items, arg), holds on the key's element."""
        try:
            self.page.wait_for_function(f"([key, arg]) => {{ const items = ({ELEMENT})(key); "
                                        f"return !!items && ({test})(items, arg); }}", arg=[key, arg], timeout=WAIT_MS)
        except PlaywrightTimeout:
            pytest.fail(f"{key}: {what or test} never held; the element holds {self.element(key)!r}")

    def click_item(self, key: str, cid: str):
        """Click a neuron or an edge of the key's element (a select, which reruns)."""
        self.wait_element(key, "(items, id) => id in items", f"{cid} drawn", cid)
        pos = self.element(key)[cid]
        self.act(lambda: self.page.mouse.click(pos["x"], pos["y"]))

    def click_point(self, key: str, trace: str, cid: str):
        pos = self.page.evaluate(POINT, [key, trace, cid])
        self.act(lambda: self.page.mouse.click(pos["x"], pos["y"]))

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    """The app as the image serves it (serve.py: the app and the live class's push route), its live
    classes in a folder of its own (never a configured store)."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {k: v for k, v in os.environ.items() if k != "BACKPROP_STORE"} | {"BACKPROP_DATA": str(log.parent / "data")}
    srv = Server(ROOT / "serve.py", env=env, log=log)
    try:
        srv.wait()
        # the first page a fresh server runs must be the entry point, not a deep link
        ctx = browser.new_context(viewport=VIEWPORT)
        App(ctx.new_page(), srv, Path()).open("/")
        ctx.close()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: $E2E_SHOTS when set (to look at them), else a temporary folder."""
    folder = Path(os.environ.get("E2E_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True  # read by new_app to keep screenshots of the pages at the failure
    return report


@pytest.fixture
def new_app(request, browser, server, shots):
    """Open a fresh browser context (its own Streamlit session) on a path; closed after the test."""
    apps = []

    def make(path: str = "/", viewport: dict = VIEWPORT, **context) -> App:
        """context: more options of the browser context (color_scheme="dark", ...)."""
        ctx = browser.new_context(**{"viewport": viewport, "accept_downloads": True, **context})
        apps.append(App(ctx.new_page(), server, shots))
        return apps[-1].open(path)
    yield make
    for i, app in enumerate(apps):
        if getattr(request.node, "failed_call", False):
            app.shot(f"FAILED-{request.node.name}-{i}")
        app.page.context.close()
