"""A Streamlit server of a test's or a benchmark's own: the app (or a benchmark's page) on a free
port, headless, started in its own process group so that stopping it stops whatever it started.
tests/e2e keeps its output in a log shown when a test fails; the benchmarks drop it."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
START_TIMEOUT = 60  # s for a server to answer its health check on a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
            return resp.read().decode().strip() == "ok"
    except OSError:
        return False


def wait_healthy(base, proc, limit=START_TIMEOUT, name="streamlit", tail=lambda: ""):
    """Until base/_stcore/health answers ok (an app, or a balancer in front of apps); raises if proc
    exits or limit seconds pass first, with what tail() returns (the server's last output)."""
    end = time.monotonic() + limit
    while not healthy(base):
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with code {proc.returncode}\n{tail()}")
        if time.monotonic() > end:
            raise RuntimeError(f"{name} did not become healthy within {limit} s\n{tail()}")
        time.sleep(0.2)


class Server:
    """script served from cwd (whose .streamlit/config.toml applies) with extra options such as
    "--server.disconnectedSessionTTL", "10"; its output goes to log when given."""

    def __init__(self, script=APP, *options, cwd=ROOT, env=None, log: Path | None = None):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = log
        cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(self.port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *options]
        with open(log or os.devnull, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                         start_new_session=True)

    def wait(self):
        wait_healthy(self.url, self.proc, tail=self.tail)

    def tail(self, n: int = 40) -> str:
        if self.log is None:
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass


@contextmanager
def serve(script=APP, *options, cwd=ROOT, env=None, log: Path | None = None):
    """A Server once it answers; yields (its base URL, its Popen) and stops it afterwards."""
    srv = Server(script, *options, cwd=cwd, env=env, log=log)
    try:
        srv.wait()
        yield srv.url, srv.proc
    finally:
        srv.stop()
