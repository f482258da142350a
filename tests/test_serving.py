"""The settings the app is served with: what Streamlit reads from .streamlit/config.toml when started
in the project folder (as `streamlit run app.py` is, here and in the Dockerfile), the Dockerfile
serving with that file, and the session expiry the README describes."""
import gc
import json
import shlex
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from streamlit.runtime.memory_session_storage import MemorySessionStorage

ROOT = Path(__file__).resolve().parent.parent
READ = """
import json
from streamlit import config
names = json.loads(input())
print(json.dumps({n: [config.get_option(n), config.get_where_defined(n)] for n in names}))
"""
SERVING = {
    "server.headless": True,
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "none",  # students never see a traceback with server paths
    "server.maxUploadSize": 16,  # above the app's own 5 MB, which it refuses with its message (ui.session.uploads)
    "server.fileWatcherType": "none",
    "server.disconnectedSessionTTL": 60,  # a reconnecting tab resumes; memory can go back soon after
    "runner.fastReruns": False,  # one run of a session at a time: the Train page's Stop relies on it
    "runner.postScriptGC": False,  # no full collection after every run: bench/soak.py, README "Capacity"
}
TTL = SERVING["server.disconnectedSessionTTL"]


@pytest.fixture(scope="module")
def options():
    """Each option's value and where Streamlit found it, read in a fresh process in the project folder."""
    done = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, input=json.dumps(list(SERVING)),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(SERVING))
def test_option_comes_from_the_project_config(options, name):
    value, where = options[name]
    assert value == SERVING[name]
    assert Path(where) == ROOT / ".streamlit" / "config.toml"


def _instructions(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text().replace("\\\n", " ").splitlines()
    return [(l.split(None, 1)[0].upper(), l.split(None, 1)[1]) for l in lines if l.strip() and not l.startswith("#")]


def test_docker_image_serves_with_the_project_config():
    steps = _instructions(ROOT / "Dockerfile")
    workdir = [arg for op, arg in steps if op == "WORKDIR"][-1]
    copies = [shlex.split(arg) for op, arg in steps if op == "COPY"]
    assert any(c[-2:] == [".", "."] for c in copies)  # the whole project, .streamlit/ included, into WORKDIR
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not any(p.strip("/").startswith(".streamlit") or p in ("*", ".*") for p in ignored)
    cmd = json.loads([arg for op, arg in steps if op == "CMD"][-1])
    assert cmd[:3] == ["streamlit", "run", "serve.py"] and workdir == "/app"  # the app with the live class's push route
    flags = {a.split("=")[0].removeprefix("--") for a in cmd[3:]}
    assert flags <= {"server.port", "server.address"}  # nothing on the command line overrides the file


class Session:
    def __init__(self, sid):
        self.id = sid


def test_expired_sessions_are_freed_only_when_the_store_is_next_written():
    """What the README says of Streamlit 1.67: an expired session stays in memory until another
    session disconnects (a write to the store)."""
    clock = [0.0]
    store = MemorySessionStorage(ttl_seconds=TTL)
    store._cache._timer = lambda: clock[0]
    gone = Session("gone")
    left = weakref.ref(gone)
    store.save(type("Info", (), {"session": gone})())
    del gone
    clock[0] = TTL + 1
    assert store.get("gone") is None  # expired: a reconnect would start afresh
    gc.collect()
    assert left() is not None  # but still held
    store.save(type("Info", (), {"session": Session("next")})())  # another tab disconnects
    gc.collect()
    assert left() is None
