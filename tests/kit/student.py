"""One student's browser tab without the browser: Streamlit 1.67's WebSocket protocol, spoken directly.

What a browser does, reduced to what the server sees: open `/_stcore/stream` (subprotocol
"streamlit"; a reconnecting tab adds a placeholder XSRF token and its session id), send a BackMsg
`rerun_script` whose ClientState names the page (by its URL path on the first run, later by the
page_script_hash the `navigation` message gave it), then read ForwardMsgs until `script_finished`. A click is the same rerun
carrying the button's WidgetState with `trigger_value = true`, and the button's fragment id when the
button is drawn inside a fragment. Widgets the client does not send keep their values on the server
(SessionState keeps the previous run's widget values), so a click sends only its trigger, and an
edit (`change`) only its widget's new value.

The elements of the last run are kept by delta path (a whole-app run starts afresh at its
`new_session` message, a fragment's run, which that message's metadata names, replaces only its own),
so callers find buttons by label and read the page's own text; `sent` holds the paths the last run
sent (the sidebar's begin with 1). Used by bench/classroom.py, bench/soak.py, bench/replicas.py,
tests/test_replicas.py and tests/test_fragment_runs.py.
"""
import asyncio
import re
import time
import urllib.request

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
TEXT_KINDS = ("markdown", "alert", "heading", "text", "exception")  # elements whose body is page text
MAX_MESSAGE = 2**27  # a page with digits' figures sends a few MB in one ForwardMsg


class RunFailed(Exception):
    """A run that did not finish well: a compile error or an exception shown on the page. (A closed
    socket raises websockets' ConnectionClosed.)"""


class Student:
    """One session. `cookies` ("name=value; ...") travel with every request, as a browser's do;
    `open(fetch_cookies=True)` first loads the app's index page as a browser does, keeping the
    cookies a load balancer sets there (its session affinity)."""

    def __init__(self, base: str, cookies: str = ""):
        self.base = base.rstrip("/")
        self.cookies = cookies
        self.ws = None
        self.session_id = ""
        self.query = ""  # the URL's query string, sent with every run as the browser does
        self.pages = {}  # url path -> page_script_hash, from new_session
        self.page_hash = ""
        self.elements = {}  # delta path -> Element or Block (a container, an expander) of the last runs
        self.fragments = {}  # delta path -> fragment id the element was drawn in
        self.sent = []  # delta paths the last run sent (a fragment's run sends its own part only)
        self.navigated = False  # whether the last run sent the navigation (the page list) again
        self.fragment_run = False  # whether the last run was a fragment's alone (else the whole app's)
        self.cut_short = 0  # runs the server stopped for a newer request (FINISHED_EARLY_FOR_RERUN)

    async def open(self, page: str = "", query: str = "", fetch_cookies: bool = False, resume: bool = False):
        """Connect and run `page` (its URL path, "" for the default page); `resume` reconnects to
        this student's existing session, as a tab does after a network blip. Returns the run's seconds."""
        await self._connect(query, fetch_cookies, resume)
        return await self._rerun(page_name=page)

    async def start(self, page: str = "", query: str = ""):
        """Connect and ask for `page`'s first run, returning once the browser would show the page list
        (the `navigation` message; on a fresh server, Streamlit's pages-folder mode sends it as the run
        begins); a goto now interrupts the run, as a fast user's click does."""
        await self._connect(query)
        msg = BackMsg()
        msg.rerun_script.query_string, msg.rerun_script.page_name = query, page
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            if fwd.WhichOneof("type") == "new_session":
                self._new_run(fwd)
            elif fwd.WhichOneof("type") == "navigation":
                self._pages(fwd.navigation)
                return

    async def _connect(self, query: str, fetch_cookies: bool = False, resume: bool = False):
        if fetch_cookies:
            self.cookies = await asyncio.to_thread(_cookies_of, self.base + "/", self.cookies)
        protocols = ["streamlit", "xsrf", self.session_id] if resume and self.session_id else ["streamlit"]
        headers = {"Cookie": self.cookies} if self.cookies else {}
        url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await connect(url, subprotocols=protocols, additional_headers=headers,
                                max_size=MAX_MESSAGE, open_timeout=60, ping_interval=None)
        self.query = query or self.query

    async def goto(self, page: str):
        """Follow a sidebar link: a full run of another page, by its hash."""
        return await self._rerun(page_hash=self.pages[page])

    async def click(self, label: str, key: str = ""):
        """Click the button showing `label` (and whose widget id ends with `key`, when given);
        returns the seconds from sending the click to the run's end."""
        wid, fragment = self.find(label, key)
        return await self._rerun(page_hash=self.page_hash, fragment=fragment, states={wid: {"trigger_value": True}})

    def find(self, label: str, key: str = ""):
        """(widget id, fragment id) of the enabled button showing `label`."""
        for path, el in self.elements.items():
            kind = el.WhichOneof("type")
            if kind in ("button", "download_button") and getattr(el, kind).label == label \
                    and getattr(el, kind).id.endswith(key) and not getattr(el, kind).disabled:
                return getattr(el, kind).id, self.fragments.get(path, "")
        raise LookupError(f"no enabled button {label!r} on the page")

    def widget(self, key: str):
        """(widget id, fragment id) of the element or expander whose widget id ends with `key` (its
        user key: Streamlit's ids end "-<key>")."""
        for path, el in self.elements.items():
            kind = el.WhichOneof("type")
            wid = getattr(getattr(el, kind), "id", "")
            if isinstance(wid, str) and wid.endswith("-" + key):
                return wid, self.fragments.get(path, "")
        raise LookupError(f"no widget {key!r} on the page")

    async def change(self, key: str, **value):
        """Send a widget's new value, as the browser does when it is edited (e.g. bool_value=True opens
        an expander, string_value=... a data editor's edits); returns the run's seconds."""
        wid, fragment = self.widget(key)
        return await self._rerun(page_hash=self.page_hash, fragment=fragment, states={wid: value})

    def text(self) -> str:
        """The page's text as drawn by the last runs: markdown, alerts, headings, figures' specs."""
        out = []
        for el in self.elements.values():
            kind = el.WhichOneof("type")
            if kind in TEXT_KINDS:
                out.append(getattr(el, kind).message if kind == "exception" else getattr(el, kind).body)
            elif kind == "plotly_chart":
                out.append(el.plotly_chart.spec)
        return "\n".join(out)

    def number(self, pattern: str) -> int:
        """The integer that `pattern`'s first group captures in the page's text (e.g. the steps taken)."""
        found = re.search(pattern, self.text())
        if not found:
            raise LookupError(f"{pattern!r} is not on the page")
        return int(found.group(1))

    async def close(self):
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    async def _rerun(self, page_name="", page_hash="", fragment="", states=None):
        """A rerun carrying `states` ({widget id: {WidgetState field: value}}), read to its end."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = page_name
        state.page_script_hash = page_hash
        state.fragment_id = fragment
        for wid, value in (states or {}).items():
            widget = state.widget_states.widgets.add(id=wid)
            for name, v in value.items():
                setattr(widget, name, v)
        self.sent, self.navigated = [], False
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await self._read_run()
        return time.perf_counter() - start

    async def _read_run(self):
        """Read until the run's script_finished, keeping its elements; exceptions on the page fail it."""
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self._new_run(fwd)
            elif kind == "navigation":  # st.navigation names the pages and the one that runs
                self._pages(fwd.navigation)
                self.navigated = True
            elif kind == "delta":
                self._delta(fwd)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    self.cut_short += 1
                    continue  # a rerun the server queued behind this one follows
                if fwd.script_finished not in FINISHED:
                    raise RunFailed(f"script finished with status {fwd.script_finished}")
                if any(el.WhichOneof("type") == "exception" for el in self.elements.values()):
                    raise RunFailed("an exception is shown on the page")
                return

    def _new_run(self, fwd):
        """A run begins: a whole-app run draws the page afresh, a fragment's run only its own part."""
        new = fwd.new_session
        if new.initialize.session_id:
            self.session_id = new.initialize.session_id
        self.fragment_run = bool(fwd.metadata.run.fragment_ids)
        if not self.fragment_run:
            self._pages(new)
            self.elements, self.fragments = {}, {}
        elif new.page_script_hash:  # a fragment's run names its pages by title, not by URL path: keep ours
            self.page_hash = new.page_script_hash

    def _pages(self, msg):
        if msg.app_pages:
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.app_pages}
        self.page_hash = msg.page_script_hash

    def _delta(self, fwd):
        path = tuple(fwd.metadata.delta_path)
        self.sent.append(path)
        kind = fwd.delta.WhichOneof("type")
        if kind in ("new_element", "add_block"):
            self.elements[path] = getattr(fwd.delta, kind)
            self.fragments[path] = fwd.delta.fragment_id


def _cookies_of(url: str, cookies: str) -> str:
    """Load url as a browser does and return its cookies merged with the ones already held."""
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        jar = dict(c.split("=", 1) for c in cookies.split("; ") if "=" in c)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            jar[name.strip()] = value.strip()
    return "; ".join(f"{k}={v}" for k, v in jar.items())
