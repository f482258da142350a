"""A live class's student (or teacher) without the browser: tests/kit/student.py's protocol client, plus what
the live class's listener does in a browser (ui/live/listener.py): read the class's server-sent events
from /live/events and, when what it watches moved, send the listener's trigger, which reruns the
fragment it is drawn in. Used by bench/liveclass.py and tests/test_live_protocol.py."""
import asyncio
import json
import urllib.parse

from tests.kit.student import Student

INTERNAL = "$$STREAMLIT_INTERNAL_KEY"  # Streamlit's prefix of a components-v2 element's trigger widget


class Follower(Student):
    def listener(self, key: str) -> dict:
        """The data the listener element with this key was drawn with (url, field, at, up)."""
        for el in self.elements.values():
            if el.WhichOneof("type") == "bidi_component" and el.bidi_component.id.endswith("-" + key):
                return json.loads(el.bidi_component.json)
        raise LookupError(f"no listener {key!r} on the page")

    async def trigger(self, key: str, event: str, value) -> float:
        """What the listener's setTriggerValue(event, value) sends: a rerun of its fragment."""
        wid, fragment = self.widget(key)
        payload = json.dumps([{"event": event, "value": value}])
        return await self._rerun(page_hash=self.page_hash, fragment=fragment,
                                 states={f"{INTERNAL}_{wid}__events": {"json_trigger_value": payload}})


class Events:
    """One /live/events stream, read as the browser's EventSource reads it (HTTP/1.1, chunked)."""

    def __init__(self, base: str, code: str, cookies: str = ""):
        self.url = urllib.parse.urlsplit(base)
        self.code, self.cookies = code, cookies
        self.reader = self.writer = None
        self._buffer = ""

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.url.hostname, self.url.port)
        cookie = f"Cookie: {self.cookies}\r\n" if self.cookies else ""
        self.writer.write(f"GET /live/events?code={self.code} HTTP/1.1\r\nHost: {self.url.netloc}\r\n"
                          f"Accept: text/event-stream\r\n{cookie}\r\n".encode())
        await self.writer.drain()
        status = (await self.reader.readline()).decode()
        if " 200 " not in status:
            raise ConnectionError(status.strip())
        while (await self.reader.readline()).strip():
            pass  # the headers: uvicorn streams the body chunked
        return self

    async def _chunk(self) -> str:
        size = int((await self.reader.readline()).strip() or b"0", 16)
        if size == 0:
            raise ConnectionError("the stream ended")
        data = await self.reader.readexactly(size + 2)
        return data[:-2].decode()

    async def next(self) -> dict:
        """The next event's data (comments and the retry line skipped)."""
        while True:
            while "\n\n" not in self._buffer:
                self._buffer += await self._chunk()
            block, self._buffer = self._buffer.split("\n\n", 1)
            for line in block.splitlines():
                if line.startswith("data: "):
                    return json.loads(line[6:])

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            self.writer = None
