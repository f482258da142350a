"""A redis-server of the test's own on a free loopback port (Debian's redis-server; .ci/run installs it),
with an append-only file fsynced on every write, so that stopping and starting it again keeps the data,
as a production Redis with persistence does."""
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest

BINARY = shutil.which("redis-server")
MISSING = "redis-server is not installed (.ci/run installs Debian's redis-server)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, folder, port: int | None = None):
        self.folder, self.port, self.proc = folder, port or free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [BINARY, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@contextmanager
def running(folder):
    if BINARY is None:
        pytest.skip(MISSING)
    server = RedisServer(folder).start()
    try:
        yield server
    finally:
        server.stop()
