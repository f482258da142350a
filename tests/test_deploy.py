"""deploy/: the HAProxy configuration, the compose file and the Kubernetes manifests agree with the
Dockerfile's image and with each other (the port, the health path, the shared cookie secret, the
affinity), and HAProxy itself accepts its configuration."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
HEALTH = "/_stcore/health"
SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
HAPROXY = shutil.which("haproxy")


def image_port() -> int:
    """The port the Dockerfile's CMD serves on."""
    cmd = next(l for l in (ROOT / "Dockerfile").read_text().splitlines() if l.startswith("CMD"))
    return int(re.search(r"--server\.port=(\d+)", json.dumps(json.loads(cmd[3:]))).group(1))


def manifests() -> dict:
    """The app's manifests by kind (the live class's Redis, named backprop-redis, under "Redis <kind>")."""
    docs = [d for f in sorted((DEPLOY / "kubernetes").glob("*.yaml")) for d in yaml.safe_load_all(f.read_text())]
    return {("Redis " if d["metadata"]["name"] == "backprop-redis" else "") + d["kind"]: d for d in docs}


def test_kubernetes_pods_probe_health_on_the_image_port_and_share_one_secret():
    pod = manifests()["Deployment"]["spec"]["template"]["spec"]
    (app,) = pod["containers"]
    ports = {p["name"]: p["containerPort"] for p in app["ports"]}
    assert ports == {"http": image_port()}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"] == {"path": HEALTH, "port": "http"}
    (secret,) = [e for e in app["env"] if e["name"] == SECRET_ENV]
    assert "secretKeyRef" in secret["valueFrom"]  # one Secret, the same in every pod


def test_kubernetes_service_and_ingress_reach_the_pods_with_cookie_affinity():
    m = manifests()
    deployment, service, ingress = m["Deployment"], m["Service"], m["Ingress"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] == "http"
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600  # silent sockets stay open
    (rule,) = ingress["spec"]["rules"]
    backends = [p["backend"]["service"] for p in rule["http"]["paths"]]
    assert backends == [{"name": service["metadata"]["name"], "port": {"name": port["name"]}}]


def test_compose_runs_replicas_of_the_image_behind_haproxy_with_one_secret():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app, balancer = compose["services"]["app"], compose["services"]["balancer"]
    assert (DEPLOY / app["build"] / "Dockerfile").resolve() == ROOT / "Dockerfile"
    assert app["deploy"]["replicas"] != 1
    secret = app["environment"][SECRET_ENV]
    assert secret.startswith("${COOKIE_SECRET:?")  # refused to start without one
    assert balancer["environment"]["COOKIE_SECRET"] == secret
    assert balancer["environment"]["REPLICAS_AT"] == f"app:{image_port()}"
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in balancer["volumes"]


def test_haproxy_configuration_has_affinity_health_checks_and_websocket_timeouts():
    lines = [l.split("#")[0].split() for l in (DEPLOY / "haproxy.cfg").read_text().splitlines()]
    directives = {" ".join(l[:2]): l for l in lines if l}
    assert directives["cookie STREAMLIT_REPLICA"][2] == "insert"
    assert directives["option httpchk"][2:] == ["GET", HEALTH]
    assert directives["http-check expect"][2:] == ["string", "ok"]
    assert directives["timeout tunnel"][2] in ("1h", "2h", "4h", "8h")
    assert "/_stcore/stream" in directives["acl stream"]
    assert "option http-no-delay" in directives  # else each live-class event waits up to 200 ms in HAProxy


def test_every_replica_shares_the_live_classes_through_one_redis():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app, redis = compose["services"]["app"], compose["services"]["redis"]
    assert app["environment"]["BACKPROP_STORE"] == "redis://redis:6379/0" and "redis" in app["depends_on"]
    for args in (redis["command"], manifests()["Redis Deployment"]["spec"]["template"]["spec"]["containers"][0]["args"]):
        assert args[args.index("--appendfsync") + 1] == "always"  # an acknowledged answer survives a restart
    (env,) = [e for e in manifests()["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]
              if e["name"] == "BACKPROP_STORE"]
    service = manifests()["Redis Service"]
    assert env["value"] == f"redis://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/0"
    cmd = next(l for l in (ROOT / "Dockerfile").read_text().splitlines() if l.startswith("CMD"))
    assert "serve.py" in cmd  # the push route of the live class is served with the app


@pytest.mark.skipif(HAPROXY is None, reason="haproxy is not installed (.ci/run installs it)")
@pytest.mark.parametrize("secret, valid", [("a-shared-secret", True), ("", False)])
def test_haproxy_accepts_the_configuration_only_with_a_cookie_secret(secret, valid):
    done = subprocess.run([HAPROXY, "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True,
                          env={"COOKIE_SECRET": secret} if secret else {}, timeout=30)
    assert (done.returncode == 0) == valid, done.stderr
