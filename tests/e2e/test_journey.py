"""A new user's path through the app in a real browser, with every shown number checked against the
engine run directly (same scenario, same steps), and the refusals a bad file or link must give."""
import copy
import json
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect as eventually

from engine.core.scenarios import scenario

from engine.files import formats

from engine.core.stepping.stepper import Stepper
from engine.teach.screen.view import current
from engine.text import i18n
from engine.text.numformat import rounded
from ui.query import codec
from viz.element import payload

from tests.e2e.words import en, step_line, trace_line

ROOT = Path(__file__).resolve().parents[2]


def g4(v) -> str:
    """A value as the Step page shows it: 4 significant digits."""
    return f"{float(v):.4g}"


def vec(values) -> str:
    return "(" + ", ".join(g4(v) for v in values) + ")"


def reference() -> Stepper:
    return Stepper(scenario.parse(copy.deepcopy(codec.DEFAULT)))


SYMBOLS = {"dW": "∂J/∂W", "db": "∂J/∂b", "W": "W", "b": "b", "lr": "α"}  # the engine notation's names


def phase_is(app, key, **fields):
    named = {"backward": "backward_named", "update": "update_named", "loss": "loss_named"}.get(key, key)
    extra = dict(cost="J") if key == "loss" else SYMBOLS if key in ("backward", "update") else {}
    app.expect(en(f"phase.{named}", **extra, **fields))


def exact(v) -> str:
    return repr(float(v))


def neurons_show(app, rec, forward: int, backward: int):
    """Every neuron's accessible name (and tooltip) holds the engine's z and a to the 4 digits shown for
    layers 1..forward, its delta for layers backward..L, and 'not yet computed' for what the step has not
    reached."""
    L, want = len(rec.z), {}
    for l in range(1, L + 1):
        for j in range(rec.z[l - 1].shape[0]):
            z, a, d = (g4(arr[l - 1 if q != "a" else l][j, 0]) for q, arr in
                       (("z", rec.z), ("a", rec.a), ("delta", rec.delta)))
            done = l <= forward
            want[f"n{l}_{j}"] = [f"z = {z if done else NOT_YET}", f"a = {a if done else NOT_YET}",
                                 f"δ = {d if l >= backward else NOT_YET}"]
    app.wait_element("step_fig", "(items, want) => Object.entries(want).every(([id, parts]) => "
                     "items[id] && parts.every(p => items[id].label.includes(p)))", f"names hold {want}", want)


NOT_YET = en("fig.not_yet")


def build_default_and_resize(app):
    app.expect_values("build_n", [2, 3, 2])
    app.shot("build")
    app.number("build_n1", 4)
    app.expect("2 → 4 → 2")
    app.expect_values("build_n", [2, 4, 2])
    want = sorted(f"n{l}_{j}" for l, n in enumerate([2, 4, 2]) for j in range(n))
    app.wait_element("build_fig", "(items, want) => JSON.stringify(Object.keys(items).filter(k => k[0] === 'n')"
                     ".sort()) === JSON.stringify(want)", "the Build figure draws 2-4-2", want)
    app.number("build_n1", 3)
    app.expect("2 → 3 → 2")
    app.expect_values("build_n", [2, 3, 2])
    app.expect_sidebar("2 → 3 → 2")


def step_through(app, ref):
    """Forward 1, 2, the loss, backward 2, 1, the update: after each sub-step the figure's neurons and
    the sample panel show exactly what the engine computes, and nothing it has not computed yet."""
    app.nav("step")
    phase_is(app, "start")
    ref.sub_step()
    rec = ref.pending
    ref.goto(0, 0)
    sample = [exact(v) for v in (*rec.X[:, 0], *rec.Y[:, 0])]
    app.wait_numbers(en("step.next_sample"), sample)  # known before the first sub-step
    L = len(rec.z)
    for layer in range(1, L + 1):
        app.click("step_fwd")
        ref.sub_step()
        phase_is(app, "forward", l=layer)
        neurons_show(app, rec, layer, L + 1)
    app.wait_numbers(en("step.sample"), sample + [exact(v) for v in rec.a[-1][:, 0]])  # loss not yet
    app.click("step_fwd")
    ref.sub_step()
    phase_is(app, "loss", loss=g4(rec.loss[0]), J=g4(rec.J))
    app.wait_numbers(en("step.sample"), sample + [exact(v) for v in rec.a[-1][:, 0]] + [exact(rec.loss[0])])
    for layer in range(L, 0, -1):
        app.click("step_bwd")
        ref.sub_step()
        phase_is(app, "backward", l=layer)
        neurons_show(app, rec, L, layer)
    app.click("step_update")
    ref.sub_step()
    phase_is(app, "update")
    assert len(ref.records) == 1 and ref.pending is None and ref.records[0].J == rec.J


def inspect_neuron_and_edge(app, ref):
    """Clicking a neuron, then an edge's marker, fills the Selected panel with the engine's values."""
    rec = ref.records[0]
    app.click_item("step_fig", "n1_0")
    words = en("panel.neuron", l=1, j=0).replace("**", "")
    app.wait_numbers(words, [exact(v) for v in (rec.z[0][0, 0], rec.a[1][0, 0], rec.delta[0][0, 0],
                                                rec.b_after[0][0], rec.db[0][0])])
    assert [shown for shown, _ in app.numbers(words)][:2] == [g4(rec.z[0][0, 0]), g4(rec.a[1][0, 0])]
    app.shot("step_neuron")
    app.click_item("step_fig", "e2_0_1")
    words = en("panel.edge", l=2, j=0, k=1).replace("**", "")
    # the update shown is the change the step made, W after minus W before (one rounding from -lr dW)
    update = rec.W_after[1][0, 1] - rec.W_before[1][0, 1]
    app.wait_numbers(words, [exact(v) for v in (rec.W_after[1][0, 1], rec.dW[1][0, 1], update)])


def edges_show_gradients(app, ref):
    """The edges take the colours of ∂J/∂W once the control says so."""
    expected = {qty: {e[0]: e[1] for e in payload(current(ref), "a", qty)["edges"]} for qty in ("W", "dW")}
    assert expected["W"] != expected["dW"]
    coloured = "(items, want) => Object.entries(want).every(([id, c]) => items[id] && items[id].colour === c)"
    app.wait_element("step_fig", coloured, "edges coloured by W", expected["W"])
    app.click("step_edge", "∂J/∂W")
    app.wait_element("step_fig", coloured, "edges coloured by ∂J/∂W", expected["dW"])
    app.shot("step_gradients")


def train_fifty(app, ref):
    app.nav("train")
    app.click("train_go")
    app.page.locator(".st-key-train_loss .js-plotly-plot").wait_for(timeout=30_000)
    ref.run(50)
    curve = app.trace("train_loss", en("curve.loss.train_name"))
    assert curve["x"] == list(range(1, 52))
    assert curve["y"][-1] < curve["y"][0]
    cost, _ = ref.evaluate(ref.sc.X, ref.sc.Y)
    assert abs(curve["y"][-1] - cost) <= 1e-12 * cost
    metrics = app.page.locator('[data-testid="stMetricValue"]')
    eventually(metrics.nth(0)).to_have_text("51")
    eventually(metrics.nth(1)).to_have_text(g4(cost))
    app.shot("train")


def download_and_reload_trace(app, ref, tmp_path):
    app.nav("trace")
    with app.page.expect_download() as info:
        app.page.locator(".st-key-trace_download button").click()
    download = info.value
    assert download.suggested_filename == "trace.json"
    path = tmp_path / "trace.json"
    download.save_as(path)
    data = path.read_bytes()
    replayed = formats.read_trace(data)
    assert len(replayed.records) == 51
    for mine, theirs in zip(ref.records, json.loads(data)["steps"]):
        assert theirs["W_after"] == [w.tolist() for w in mine.W_after]
    cli = subprocess.run([sys.executable, "-m", "engine", "validate", str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0 and cli.stdout.startswith("ok: trace of 51 steps"), cli.stderr
    app.shot("trace")
    app.upload("trace_upload", path)
    app.expect(en("io.loaded_trace", name="trace.json", steps=i18n.count("en", "step", 51)))
    app.expect(trace_line(51))


def test_new_users_path(new_app, tmp_path):
    app, ref = new_app("/"), reference()
    build_default_and_resize(app)
    step_through(app, ref)
    inspect_neuron_and_edge(app, ref)
    edges_show_gradients(app, ref)
    train_fifty(app, ref)
    download_and_reload_trace(app, ref, tmp_path)


def refused(app, name):
    alert = app.page.locator('[data-testid="stAlert"]').filter(has_text=en("io.refused", name=name, error=""))
    alert.first.wait_for(timeout=30_000)
    return alert.first.inner_text()


def test_bad_uploads_change_nothing(new_app, tmp_path):
    app = new_app("/")
    app.nav("step")
    app.click("step_whole")
    app.expect(step_line(1))
    wrong = {k: v for k, v in codec.DEFAULT.items() if k != "init"}
    wrong.update(layers=[2, 5, 2], W=[[[0.1, 0.2]], [[0.1]]])  # W[0] needs 5 rows, W[1] 5 columns
    (tmp_path / "wrong_shapes.json").write_text(json.dumps(wrong))
    app.nav("build")
    app.page.get_by_role("tab", name=en("build.tab_files")).click()  # tabs switch without a rerun
    app.page.locator(".st-key-build_import_file").wait_for()
    app.upload("build_import_file", tmp_path / "wrong_shapes.json")
    assert "W[0]" in refused(app, "wrong_shapes.json")
    app.shot("build_refused")
    app.expect_values("build_n", [2, 3, 2])
    app.expect_sidebar("2 → 3 → 2")
    (tmp_path / "notes.json").write_bytes(b"this is not JSON\n")
    app.nav("trace")
    app.upload("trace_upload", tmp_path / "notes.json")
    assert "not valid JSON" in refused(app, "notes.json")
    ref = reference()
    ref.step()
    summary = en("trace.summary", step=1, m=i18n.count("en", "sample", 1), samples="0",
                 J=rounded(ref.records[0].J, 4))  # the sidebar's default significant digits
    app.expect(summary.replace("**", ""))
    app.expect_sidebar("2 → 3 → 2")


def test_link_in_chinese(new_app):
    app = new_app("/step?lang=zh")
    for key in ("step.fwd", "step.bwd", "step.update", "nav.step", "nav.build", "panel.title"):
        app.expect(i18n.text("zh", key), "body")
    text = app.page.locator("body").inner_text()
    assert "前向" in text and "Forward" not in text
    assert "lang=zh" in app.page.url
    app.page.locator(".st-key-side_lang input").wait_for()  # the sidebar's widgets, for the picture
    app.shot("step_zh")
