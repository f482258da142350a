"""Replicas behind deploy/haproxy.cfg on loopback, no containers: Debian's haproxy in front of N
Streamlit servers on free ports, all with one cookie secret. The shipped configuration is used as
it is, except that its server-template line (replicas found through Docker's DNS) becomes one
`server` line per loopback replica. Used by bench/replicas.py and tests/test_replicas.py.
"""
import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.kit.server import APP, ROOT, free_port, serve, wait_healthy

CONFIG = ROOT / "deploy" / "haproxy.cfg"
SECRET = "one-secret-for-every-replica"


def loopback_config(ports) -> str:
    lines = CONFIG.read_text().splitlines()
    (i,) = [n for n, l in enumerate(lines) if l.strip().startswith("server-template")]
    servers = [f"    server app{k} 127.0.0.1:{port}" for k, port in enumerate(ports, 1)]
    return "\n".join(lines[:i] + servers + lines[i + 1:]) + "\n"


@contextmanager
def haproxy(ports, secret=SECRET):
    """HAProxy in front of the replicas on `ports`; yields (its base URL, Popen) once it answers."""
    listen = free_port()
    with tempfile.TemporaryDirectory() as folder:
        cfg = Path(folder) / "haproxy.cfg"
        cfg.write_text(loopback_config(ports))
        env = {**os.environ, "LISTEN": f"127.0.0.1:{listen}", "COOKIE_SECRET": secret}
        proc = subprocess.Popen([shutil.which("haproxy"), "-db", "-f", str(cfg)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{listen}"
            wait_healthy(base, proc, limit=30.0, name="haproxy")
            yield base, proc
        finally:
            proc.terminate()
            proc.wait(10)


@contextmanager
def cluster(n, script=APP, *options):
    """n replicas of `script` sharing one cookie secret, behind HAProxy: yields (base URL, the
    replicas' Popens, HAProxy's Popen)."""
    with ExitStack() as stack:
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": SECRET}  # as compose.yaml passes it
        servers = [stack.enter_context(serve(script, *options, env=env)) for _ in range(n)]
        ports = [int(base.rsplit(":", 1)[1]) for base, _ in servers]
        base, proxy = stack.enter_context(haproxy(ports))
        yield base, [proc for _, proc in servers], proxy
