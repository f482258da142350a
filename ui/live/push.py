"""The push path: students learn of the teacher's move by being told, not by rerunning every second.

One route of the app's own server (serve.py mounts it with st.App): GET /live/events?code=CODE is a
stream of server-sent events, one `data: {"v": version, "a": activity, "up": true}` line when the
class's version or activity changes (and at once on connecting), `{"up": false}` while the store cannot
be reached, `{"gone": true}` once the class is gone. The browser's listener (ui.live.listener) reruns
the student's fragment when the version moved, the teacher's when the activity did.

One Hub per process watches the classes that have listeners and reads their versions from the store in
one call (whatever replica the teacher is on, the store has the move), so 60 students of a class cost
one read, not 60. It reads when told: at once when a teacher's session of this process wrote (nudge),
and, with Redis, when any replica wrote (the store's pub/sub, heard on a thread of the hub's own); and
every POLL seconds besides (POLL_HEARD with Redis, whose pub/sub tells it), which is also how it notices
the store going away and coming back. It holds no class data, only what it last read.
"""
import asyncio
import json
import threading

from starlette.responses import PlainTextResponse, StreamingResponse
from starlette.routing import Route

from ui.live.store import LiveError, Unavailable, clean_code

PATH = "/live/events"
POLL = 0.2  # seconds between the hub's reads of the watched classes' versions
POLL_HEARD = 1.0  # the same with a store whose writes the hub hears (Redis): a fallback only
PING = 20.0  # seconds between keep-alive comments (HAProxy's `timeout server` is 60 s)
MAX_LISTENERS = 5000  # streams one process keeps open
RETRY_MS = 1000  # the browser's reconnection delay after a dropped stream


class Listener:
    """One open stream: the newest event for it, and a flag its generator waits on."""

    def __init__(self):
        self.event = None
        self.ready = asyncio.Event()

    def tell(self, event: dict):
        self.event = event
        self.ready.set()


_HUBS = []  # the hubs of this process's server (one), for nudge()


def nudge():
    """A teacher's session of this process wrote a move: read the store now, not at the next poll
    (with Redis, every replica's hub hears the write itself, this one's too). Safe from any thread."""
    for hub in list(_HUBS):
        hub.poke()


class Hub:
    def __init__(self, store_fn, poll: float = POLL):
        self.store_fn, self.poll = store_fn, poll
        self.listeners: dict[str, set[Listener]] = {}
        self.last: dict[str, dict] = {}  # code -> the last event sent to its listeners
        self.task = self.hearing = None  # the polling task; the thread hearing the store's writes
        self.loop = self.wake = None  # set by the first listener, in the server's event loop
        _HUBS.append(self)

    def poke(self):
        """Read the store now (from any thread)."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.wake.set)

    def heard(self, code=None):
        """The store says a class was written (None: it cannot say which): read now if it is watched here."""
        if code is None or code in self.listeners:
            self.poke()

    def _hear(self):
        """Listen to the store's writes while anyone listens here, if the store can be heard."""
        store = self.store_fn()
        if getattr(store, "listen", None) is None or self.hearing is not None and self.hearing.is_alive():
            return
        self.hearing = threading.Thread(target=store.listen, args=(self.heard, lambda: bool(self.listeners)),
                                        name="live-hear", daemon=True)
        self.hearing.start()

    def count(self) -> int:
        return sum(map(len, self.listeners.values()))

    def watch(self, code: str) -> Listener:
        listener = Listener()
        self.listeners.setdefault(code, set()).add(listener)
        if code in self.last:
            listener.tell(self.last[code])
        if self.task is None or self.task.done():
            self.loop, self.wake = asyncio.get_running_loop(), asyncio.Event()
            self.task = self.loop.create_task(self._run())
            self._hear()
        return listener

    def unwatch(self, code: str, listener: Listener):
        found = self.listeners.get(code, set())
        found.discard(listener)
        if not found:
            self.listeners.pop(code, None)
            self.last.pop(code, None)

    async def _run(self):
        """Poll while anyone listens; the first read happens at once (a new listener hears it)."""
        while self.listeners:
            await self.read()
            poll = self.poll if getattr(self.store_fn(), "listen", None) is None else max(self.poll, POLL_HEARD)
            try:
                await asyncio.wait_for(self.wake.wait(), poll)
            except asyncio.TimeoutError:
                pass
            self.wake.clear()
        self.task = None

    async def read(self):
        codes = list(self.listeners)
        try:
            found = await asyncio.to_thread(self.store_fn().versions, codes)
            events = {c: {"v": found[c][0], "a": found[c][1], "up": True} if c in found else {"gone": True}
                      for c in codes}
        except Unavailable:
            events = {c: {"up": False} for c in codes}
        for code, event in events.items():
            if self.last.get(code) != event:
                self.last[code] = event
                for listener in list(self.listeners.get(code, ())):
                    listener.tell(event)


async def stream(hub: Hub, code: str, ping: float = PING):
    """The event stream of one listener, until the client goes."""
    listener = hub.watch(code)
    try:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            try:
                await asyncio.wait_for(listener.ready.wait(), ping)
            except asyncio.TimeoutError:
                yield ": ping\n\n"
                continue
            listener.ready.clear()
            yield f"data: {json.dumps(listener.event)}\n\n"
    finally:
        hub.unwatch(code, listener)


def routes(store_fn, poll: float = POLL) -> list:
    """The Starlette routes serve.py hands to st.App; store_fn gives the process's store."""
    hub = Hub(store_fn, poll)

    async def events(request):
        try:
            code = clean_code(request.query_params.get("code"))
        except LiveError:
            return PlainTextResponse("no such class", status_code=404)
        if hub.count() >= MAX_LISTENERS:
            return PlainTextResponse("busy", status_code=503, headers={"Retry-After": "5"})
        return StreamingResponse(stream(hub, code), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    return [Route(PATH, events, methods=["GET"])]
