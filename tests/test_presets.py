"""Textbook presets against references written independently of engine.core.maths.network, and their command line."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.core.scenarios import scenario

from engine.files import formats

from engine.cli import main
from engine.core.maths.gradcheck import gradcheck, worst
from engine.core.stepping.stepper import Stepper
from engine.teach.textbook import presets
from engine.teach.textbook.published import LONG_RUN, compare, loss_after
from engine.text.errors import EngineError
from engine.text.i18n import catalogue


def sig(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def start(name, **override) -> Stepper:
    return Stepper(scenario.parse({**presets.get(name).scenario(), **override}))


def first_step(name, **override):
    st = start(name, **override)
    st.step()
    return st.records[0]


# ---------- every preset ----------

@pytest.mark.parametrize("name", presets.names())
def test_every_preset_passes_schema_parses_and_runs_5_finite_steps(name):
    src = presets.get(name).scenario()
    formats.check_schema(src, "scenario.schema.json")
    st = Stepper(scenario.parse(src))
    st.run(5)
    assert len(st.records) == 5
    assert all(np.isfinite(r.J) for r in st.records)
    assert all(np.all(np.isfinite(p)) for p in [*st.W, *st.b])


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_has_a_title_and_about_in_both_languages(name):
    p = presets.get(name)
    for part in ("title", "about"):
        en, zh = catalogue("en")[f"preset.{name}.{part}"], catalogue("zh")[f"preset.{name}.{part}"]
        assert en.strip() and zh.strip() and en != zh
    assert p.scenario()["title"] == p.title("en") and p.scenario()["description"] == p.about("en")


def test_the_registry_holds_the_textbook_presets_and_refuses_unknown_names():
    assert set(presets.names()) == {"mazur", "ng_4layer", "softmax_232", "nielsen", "linreg", "logreg",
                                    "linear2", "linear332", "symmetry", "unscaled", "unscaled_std", "digits",
                                    "optimisers"}
    with pytest.raises(EngineError) as err:
        presets.get("nope")
    assert all(name in str(err.value) for name in presets.names())


NATURAL = {"mazur": "engine", "ng_4layer": "ng", "softmax_232": "ufldl", "nielsen": "nielsen", "linreg": "ng",
           "logreg": "ng", "unscaled": "ng", "unscaled_std": "ng", "symmetry": "ng", "digits": "ufldl",
           "linear2": "ufldl", "linear332": "ufldl", "optimisers": "engine"}


def test_every_preset_names_the_notation_its_source_writes_in():
    assert {name: presets.get(name).notation for name in presets.names()} == NATURAL


def test_a_scenario_is_a_fresh_copy():
    presets.get("mazur").scenario()["W"][0][0][0] = 99.0
    assert presets.get("mazur").scenario()["W"][0][0][0] == 0.15


# ---------- Mazur: his published numbers ----------

FORWARD = {"net_h1": 0.3775, "out_h1": 0.593269992, "out_h2": 0.596884378, "out_o1": 0.75136507,
           "out_o2": 0.772928465, "E_total": 0.298371109}
# w_i after one update; his w1..w4 run i1->h1, i2->h1, i1->h2, i2->h2, so w_i = W[l][j, k] row by row
HIDDEN = {(0, 0, 0): 0.149780716, (0, 0, 1): 0.19956143, (0, 1, 0): 0.24975114, (0, 1, 1): 0.29950229}
OUTPUT = {(1, 0, 0): 0.35891648, (1, 0, 1): 0.408666186, (1, 1, 0): 0.511301270, (1, 1, 1): 0.561370121}


def test_mazur_forward_values():
    r = first_step("mazur")
    got = {"net_h1": r.z[0][0, 0], "out_h1": r.a[1][0, 0], "out_h2": r.a[1][1, 0], "out_o1": r.a[2][0, 0],
           "out_o2": r.a[2][1, 0], "E_total": r.J}
    assert got == pytest.approx(FORWARD, abs=1e-8)


def test_mazur_weights_after_one_step():
    preset, code_order = first_step("mazur"), first_step("mazur", update_order="output_first")
    for (l, j, k), value in OUTPUT.items():  # output weights: the same under either order
        assert preset.W_after[l][j, k] == pytest.approx(value, abs=1e-8)
        assert code_order.W_after[l][j, k] == pytest.approx(value, abs=1e-8)
    for (l, j, k), value in HIDDEN.items():  # his text backpropagates through the old w5..w8
        assert preset.W_after[l][j, k] == pytest.approx(value, abs=1e-8)
        assert abs(code_order.W_after[l][j, k] - value) > 1e-6  # what the "hidden" note warns about
    assert all(np.array_equal(b0, b1) for b0, b1 in zip(preset.b_before, preset.b_after))


@pytest.mark.parametrize("override,after,tol", [
    ({"update_order": "output_first"}, 0.291027924, 1e-9),  # what he reports
    ({}, 0.29102777, 1e-8),  # the preset: the textbook rule, frozen biases
    ({"freeze_biases": False}, 0.28047145, 1e-8),
])
def test_mazur_loss_after_one_step(override, after, tol):
    st = start("mazur", **override)
    st.step()
    for _ in range(st.L + 1):  # forward through both layers, then the loss of step 2
        st.sub_step()
    assert st.pending.J == pytest.approx(after, abs=tol)


def test_mazur_long_run_matches_9999_simultaneous_updates_with_frozen_biases():
    sc = scenario.parse(presets.get("mazur").scenario())
    assert loss_after(sc, 9999) == pytest.approx(0.0000351085, abs=5e-11)


def test_compare_rows_under_the_preset():
    rows = {r.quantity: r for r in compare(start("mazur"))}
    assert list(rows) == list(presets.get("mazur").published)  # every printed number has a row
    for name, value in FORWARD.items():
        assert float(rows[name].published) == value and rows[name].agrees
    assert rows["E_total+"].computed == pytest.approx(0.29102777, abs=1e-8) and not rows["E_total+"].agrees
    assert [q for q, r in rows.items() if not r.agrees] == ["E_total+", f"E_total+{LONG_RUN}"]
    assert rows[f"E_total+{LONG_RUN}"].computed == pytest.approx(0.0000351085, rel=2e-3)
    assert all(rows[q].note for q in ("net_h1", "w1+", "w5+", "E_total+", f"E_total+{LONG_RUN}"))


def test_compare_under_output_first_gives_his_loss_but_not_his_hidden_weights():
    sc = scenario.parse({**presets.get("mazur").scenario(), "update_order": "output_first"})
    rows = {r.quantity: r for r in compare(sc, lang="zh")}
    assert rows["E_total+"].computed == pytest.approx(0.291027924, abs=1e-9) and rows["E_total+"].agrees
    assert [q for q, r in rows.items() if not r.agrees] == ["w1+", "w2+", "w3+", "w4+", f"E_total+{LONG_RUN}"]
    assert rows["w1+"].computed == pytest.approx(0.149818, abs=1e-6)  # his reference code's order: not his 0.149781
    # 10,000 updates in his code's order land in the third significant digit: 0.00003508 against his 0.00003511
    assert rows[f"E_total+{LONG_RUN}"].computed == pytest.approx(0.0000351085, rel=2e-3)
    assert rows["net_h1"].note == catalogue("zh")["published.mazur.bias"]


def test_compare_refuses_another_network():
    with pytest.raises(EngineError):
        compare(start("nielsen"), after_many=0.0)


# ---------- Andrew Ng's notation ----------

def ng_gradient(Thetas, X, Y, lam):
    """Straight from his notes: a^(1) = [1; x], Delta^(l) += delta^(l+1) (a^(l))^T,
    D^(l) = (1/m) Delta^(l) + (lambda/m) Theta^(l) with column 0 (the bias) unregularised."""
    m = X.shape[0]
    Delta = [np.zeros_like(T) for T in Thetas]
    for i in range(m):
        a, zs = [np.concatenate([[1.0], X[i]])], []
        for T in Thetas:
            zs.append(T @ a[-1])
            a.append(np.concatenate([[1.0], sig(zs[-1])]))
        d = a[-1][1:] - Y[i]  # delta^(L) = a^(L) - y
        for l in range(len(Thetas) - 1, -1, -1):
            Delta[l] += np.outer(d, a[l])
            if l:  # delta^(l) = (Theta^(l))^T delta^(l+1) .* g'(z^(l)), dropping delta_0
                d = (Thetas[l].T @ d)[1:] * sig(zs[l - 1]) * (1 - sig(zs[l - 1]))
    D = []
    for T, Dl in zip(Thetas, Delta):
        reg = (lam / m) * T
        reg[:, 0] = 0.0
        D.append(Dl / m + reg)
    return D


def test_ng_gradient_equals_his_theta_delta_d_formulas():
    src = presets.get("ng_4layer").scenario()
    assert src["lambda"] > 0 and len(src["X"]) >= 3
    Thetas = [np.column_stack([b, W]) for W, b in zip(src["W"], src["b"])]
    D = ng_gradient(Thetas, np.array(src["X"], float), np.array(src["Y"], float), src["lambda"])
    r = first_step("ng_4layer")
    assert len(r.samples) == len(src["X"])
    for Dl, dW, db in zip(D, r.dW, r.db):
        np.testing.assert_allclose(Dl[:, 0], db, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(Dl[:, 1:], dW, rtol=1e-12, atol=1e-15)


# ---------- softmax, Nielsen, regressions, linear networks ----------

def test_softmax_232_output_delta_is_softmax_minus_y_and_gradcheck_passes():
    src = presets.get("softmax_232").scenario()
    r = first_step("softmax_232")
    x, y = r.X[:, 0], r.Y[:, 0]
    z2 = np.array(src["W"][1]) @ sig(np.array(src["W"][0]) @ x + src["b"][0]) + src["b"][1]
    softmax = np.exp(z2) / np.exp(z2).sum()
    np.testing.assert_allclose(r.delta[1][:, 0], softmax - y, atol=1e-14)
    sc = scenario.parse(src)
    assert worst(gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)).rel < 1e-6


def test_nielsen_bp1_to_bp4_in_his_notation():
    src = presets.get("nielsen").scenario()
    r = first_step("nielsen")
    w = {2: np.array(src["W"][0]), 3: np.array(src["W"][1])}  # his w^l_jk, input is his layer 1
    b = {2: np.array(src["b"][0]), 3: np.array(src["b"][1])}
    a, z = {1: r.X[:, 0]}, {}
    for l in (2, 3):
        z[l] = w[l] @ a[l - 1] + b[l]
        a[l] = sig(z[l])
    dsig = lambda v: sig(v) * (1 - sig(v))
    delta = {3: (a[3] - r.Y[:, 0]) * dsig(z[3])}  # BP1
    delta[2] = (w[3].T @ delta[3]) * dsig(z[2])  # BP2
    for l in (2, 3):
        np.testing.assert_allclose(r.db[l - 2], delta[l], atol=1e-14)  # BP3
        np.testing.assert_allclose(r.dW[l - 2], np.outer(delta[l], a[l - 1]), atol=1e-14)  # BP4


@pytest.mark.parametrize("name,g", [("linreg", lambda z: z), ("logreg", sig)])
def test_one_neuron_gradient_is_mean_of_error_times_x(name, g):
    src = presets.get(name).scenario()
    X, y = np.array(src["X"], float), np.array(src["Y"], float)[:, 0]
    w, b0 = np.array(src["W"][0][0]), src["b"][0][0]
    err = g(X @ w + b0) - y
    r = first_step(name)
    np.testing.assert_allclose(r.dW[0][0], (err[:, None] * X).mean(axis=0), atol=1e-14)
    assert r.db[0][0] == pytest.approx(err.mean(), abs=1e-14)


@pytest.mark.parametrize("name", ["linear2", "linear332"])
def test_linear_network_gradient_is_a_product_of_matrices(name):
    src = presets.get(name).scenario()
    X, Y = np.array(src["X"], float).T, np.array(src["Y"], float).T
    W1, W2 = np.array(src["W"][0]), np.array(src["W"][1])
    b1, b2 = np.array(src["b"][0])[:, None], np.array(src["b"][1])[:, None]
    A1 = W1 @ X + b1
    E = W2 @ A1 + b2 - Y  # dloss/dz2 for a linear output and squared error
    m = X.shape[1]
    sc = scenario.parse(src)
    st = Stepper(sc)
    st.set_batch("full")
    st.step()
    r = st.records[0]
    cols = r.samples  # the full batch in the stepper's order: the sum does not depend on it
    assert sorted(cols.tolist()) == list(range(m))
    np.testing.assert_allclose(r.dW[1], E @ A1.T / m, atol=1e-13)
    np.testing.assert_allclose(r.dW[0], W2.T @ E @ X.T / m, atol=1e-13)


# ---------- symmetry and scaling ----------

def test_symmetry_hidden_units_stay_identical_after_50_steps():
    st = start("symmetry")
    st.run(50)
    W1, W2 = st.W[0], st.W[1]
    assert not np.allclose(W1, 0.5)  # they did learn something
    assert all(np.array_equal(W1[0], row) for row in W1)
    assert all(np.array_equal(W2[:, 0], W2[:, j]) for j in range(W2.shape[1]))
    assert all(st.b[0][0] == v for v in st.b[0])


def hidden_sigmoid_slopes(src, standardize):
    X = np.array(src["X"], float)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    z = np.array(src["W"][0]) @ X.T + np.array(src["b"][0])[:, None]
    return sig(z) * (1 - sig(z))


def test_unscaled_inputs_saturate_the_hidden_sigmoids_and_standardising_cures_it():
    raw, std = presets.get("unscaled").scenario(), presets.get("unscaled_std").scenario()
    assert np.abs(raw["X"]).max() >= 1000 and std["standardize"] and std["X"] == raw["X"]
    assert np.mean(hidden_sigmoid_slopes(raw, False) < 0.01) > 0.5
    assert np.mean(hidden_sigmoid_slopes(std, True) < 0.01) < 0.1
    X = np.array(raw["X"], float)
    mine = (X - X.mean(axis=0)) / X.std(axis=0)
    engine = scenario.parse(std).X.T  # the engine trains on the same inputs (its rows in its own order)
    np.testing.assert_allclose(np.sort(engine, axis=0), np.sort(mine, axis=0), atol=1e-12)


# ---------- command line ----------

def test_cli_lists_every_preset_with_its_english_title(capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{n}\t{presets.get(n).title('en')}" for n in presets.names()]


@pytest.mark.parametrize("name", presets.names())
def test_cli_prints_a_scenario_that_validate_accepts(name, capsys, tmp_path):
    assert main(["preset", name]) == 0
    path = tmp_path / f"{name}.json"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == presets.get(name).scenario()
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith("ok: scenario")


def test_cli_unknown_preset_exits_2_with_one_error_line(capsys):
    assert main(["preset", "nope"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and len(out.err.splitlines()) == 1 and out.err.startswith("error:")


@pytest.mark.parametrize("command", ["presets", "preset"])
def test_cli_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0 and "usage" in capsys.readouterr().out


def test_python_m_engine_preset_then_validate(tmp_path):
    root = Path(__file__).resolve().parents[1]
    run = lambda *args: subprocess.run([sys.executable, "-m", "engine", *args], cwd=root, capture_output=True,
                                       text=True, encoding="utf-8")
    listed = run("presets")
    assert listed.returncode == 0 and [l.split("\t")[0] for l in listed.stdout.splitlines()] == presets.names()
    (tmp_path / "ng.json").write_text(run("preset", "ng_4layer").stdout, encoding="utf-8")
    checked = run("validate", str(tmp_path / "ng.json"))
    assert checked.returncode == 0 and checked.stdout.startswith("ok: scenario, layers [3, 2, 2, 2]")
