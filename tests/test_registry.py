"""The registries are the single source of truth: an activation or loss added to engine/core/maths/activations.py
or engine/core/maths/losses.py (and its words to the two catalogues) shows up on the Build page, in the worked
example and the paths, passes the gradient check and loads from a file, with no other edit; every record of
every registry (activations, losses, initialisation schemes, update orders, batch modes, optimisers,
schedules) is worded in both catalogues; and no code outside the registries branches on a registry name."""
import json
import re
from functools import cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from engine.core.maths import activations, backprop, initialisation, losses, optimizers, schedules
from engine.core.scenarios import batches, scenario

from engine.files import formats

from engine.teach.worked import explain, paths

from engine.core.maths.activations import Activation
from engine.core.maths.gradcheck import gradcheck
from engine.core.maths.losses import Loss
from engine.core.stepping.stepper import Stepper
from engine.text import i18n
from engine.text.errors import EngineError
from tests.helpers import random_scenario
from tests.apptest import fresh
from ui.query import codec
from ui.session import keys

ROOT = Path(__file__).resolve().parent.parent
ALL = {"activations": activations.ACTIVATIONS, "losses": losses.LOSSES, "initialisations": initialisation.SCHEMES,
       "update orders": backprop.ORDERS, "batch modes": batches.MODES, "optimisers": optimizers.OPTIMIZERS,
       "schedules": schedules.SCHEDULES}

SLOPE = 0.01  # the leaky ReLU's slope for z <= 0
LEAKY = Activation(
    "leaky_relu", lambda z: np.where(z > 0, z, SLOPE * z), lambda z: np.where(z > 0, 1.0, SLOPE),
    r"\operatorname{lrelu}", r"\operatorname{lrelu}(z) = \max(0.01\,z, z)",
    r"\operatorname{lrelu}'(z) = [z > 0] + 0.01\,[z \le 0]",
    hidden=True, saturates=False, dies=False, coupled=False, probability=False, loss="huber")


def huber(z, a, y):
    d = np.abs(a - y)
    return np.sum(np.where(d <= 1.0, 0.5 * d * d, d - 0.5), axis=0)


HUBER = Loss(
    "huber", huber, lambda a, y: np.clip(a - y, -1.0, 1.0), keeps_slope=True, outputs=None, output="linear",
    formula=r"\sum_k h_1(a_k - y_k)", error_latex=r"\operatorname{{clip}}_1({a} - {y})",
    term=r"h_1\bigl({a} - {y}\bigr)", term_numbers=r"h_1({a} - {y})", wrap="{}")
WORDS = {"en": {"loss.huber": "Huber loss"}, "zh": {"loss.huber": "Huber 损失"}}


@pytest.fixture
def extra(monkeypatch):
    """Leaky ReLU and the Huber loss in the registries, and the Huber loss's name in both catalogues."""
    monkeypatch.setitem(activations.ACTIVATIONS, LEAKY.name, LEAKY)
    monkeypatch.setitem(losses.LOSSES, HUBER.name, HUBER)
    plain = i18n.catalogue
    monkeypatch.setattr(i18n, "catalogue", cache(lambda lang: MappingProxyType({**plain(lang), **WORDS[lang]})))


def run(layers, hidden, loss, out, steps=1, **extra):
    src = random_scenario(layers, hidden, loss, out, m=3, seed=4, batch="full", **extra)
    if loss == HUBER.name:  # targets beyond reach, so that some |a - y| > 1 and Huber's clip matters
        src["Y"] = (3.0 * np.asarray(src["Y"])).tolist()
    st = Stepper(scenario.parse(src))
    for _ in range(steps):
        st.step()
    return st


def test_the_build_page_offers_the_new_entries_and_builds_with_them(extra):
    at = fresh()
    assert "leaky_relu" in at.selectbox(key="build_act1").options  # a hidden layer
    assert "leaky_relu" in at.selectbox(key="build_act2").options  # the output layer
    assert "Huber loss" in at.selectbox(key="build_loss").options
    at.selectbox(key="build_act1").set_value("leaky_relu").run()
    at.selectbox(key="build_loss").set_value("huber").run()
    at.selectbox(key="build_act2").set_value("leaky_relu").run()
    assert not at.exception, at.exception
    net = at.session_state[keys.STEPPER].sc.net
    assert [g.name for g in net.acts] == ["leaky_relu", "leaky_relu"] and net.loss.name == "huber"


def test_the_build_page_pairs_the_new_entries_as_their_records_say(extra):
    sigmoid_ce = {**codec.DEFAULT, "loss": "cross_entropy"}  # cross-entropy takes only a sigmoid output
    assert codec.apply(sigmoid_ce, "act2", "leaky_relu")["loss"] == LEAKY.loss == "huber"
    softmax = {**codec.DEFAULT, "activations": ["sigmoid", "softmax"], "loss": "softmax_cross_entropy"}
    assert codec.apply(softmax, "loss", "huber")["activations"] == ["sigmoid", HUBER.output]


def test_the_worked_example_writes_the_new_entries_latex(extra):
    text = explain.worked_example(run([2, 3, 2], "leaky_relu", "huber", "linear"))
    for latex in (LEAKY.formula, LEAKY.derivative, HUBER.formula, r"\operatorname{lrelu}(z^{[1]}_{0})",
                  r"\operatorname{lrelu}'(z^{[1]}_{0})", r"\operatorname{clip}_1(a^{[2]}_{0} - y_{0})", r"h_1\bigl("):
        assert latex in text
    assert "Huber loss" in text


def test_the_formulas_substitute_the_engines_numbers_for_the_new_entries(extra):
    st = run([2, 3, 2], "leaky_relu", "huber", "leaky_relu")
    rec, items = st.records[-1], explain.formulas(st)
    loss = next(f for f in items if f.kind == "loss")
    a, y = rec.a[-1][:, 0], rec.Y[:, 0]
    assert loss.used == (a[0], y[0], a[1], y[1]) and loss.value == rec.loss[0]
    out = next(f for f in items if f.kind == "delta_out" and f.where == (2, 0))
    clip, slope = out.used[:2], out.used[2]
    assert clip == (a[0], y[0]) and out.value == np.clip(a[0] - y[0], -1, 1) * slope


def test_the_paths_end_in_the_new_losss_error(extra):
    st = run([2, 3, 2], "leaky_relu", "huber", "linear")
    rec, net = st.records[-1], st.sc.net
    assert np.abs(rec.a[-1] - rec.Y).max() > 1  # where a - y and Huber's clipped error differ
    total = paths.batch_sum(net, rec.W_before, rec, 1, 0, 1, paths.routes(net.layers, 1, 0)).total
    assert total == pytest.approx(rec.dW[0][0, 1], rel=1e-12)


@pytest.mark.parametrize("hidden, loss, out", [("leaky_relu", "huber", "linear"), ("leaky_relu", "huber", "leaky_relu"),
                                               ("leaky_relu", "squared_error", "leaky_relu"),
                                               ("leaky_relu", "softmax_cross_entropy", "softmax"),
                                               ("tanh", "huber", "sigmoid")])
def test_the_gradient_check_passes_with_the_new_entries(extra, hidden, loss, out):
    st = run([2, 4, 3, 2], hidden, loss, out, lam=0.1)
    checks = gradcheck(st.sc.net, st.W, st.b, st.sc.X, st.sc.Y)
    assert max(c.rel for c in checks) < 1e-6


def test_a_file_with_the_new_entries_loads(extra):
    src = random_scenario([2, 3, 1], "leaky_relu", "huber", "linear")
    assert formats.read_scenario(json.dumps(src).encode()).net.loss is HUBER


# --- nothing outside the registries branches on a registry name -----------------------------------

REGISTRIES = {Path(m.__file__).relative_to(ROOT).as_posix() for m in
              (activations, losses, initialisation, backprop, batches, optimizers, schedules)}
# names a text scan cannot tell from the same word meaning something else, left out of it
OTHER_MEANINGS = {"step": "a logged point's, a lesson stop's and a number box's key (the schedule 'step')",
                  "full": "a trace record's field (the batch mode 'full')",
                  "sample": "a data source of the Build page (the batch mode 'sample')"}
# a choice among a registry's entries, not a fact about one: the one-click comparison's optimisers
CHOSEN = {("ui/runs/onechange.py", "COMPARED = (")}


def name_branches(root: Path, names) -> list[str]:
    """Lines of engine/, viz/, ui/ and pages/ sources outside the registries that compare a value with a
    registry name, key a table by one, or keep a constant list of them."""
    quoted = r"""["'](?:%s)["']""" % "|".join(map(re.escape, names))
    found = re.compile(rf"(?:==|!=|\bin)\s*[(\[]?\s*{quoted}|{quoted}\s*:|^\s*[A-Z_]+\s*=\s*[(\[]\s*{quoted}")
    hits = []
    for folder in ("engine", "viz", "ui", "pages"):
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            lines = path.read_text(encoding="utf-8").splitlines() if rel not in REGISTRIES else []
            hits += [f"{rel}:{i}: {line.strip()}" for i, line in enumerate(lines, 1) if found.search(line)
                     and not any(rel == path and line.startswith(start) for path, start in CHOSEN)]
    return hits


@pytest.mark.parametrize("registry", list(ALL))
def test_no_code_outside_the_registries_branches_on_a_registry_name(registry):
    names = [name for name in ALL[registry] if name not in OTHER_MEANINGS]
    assert names and name_branches(ROOT, names) == []


def test_the_scan_sees_each_kind_of_branch(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "x.py").write_text('if g.name == "relu":\n    pass\nFN = {"tanh": 1}\n'
                                          'SATURATING = ("sigmoid", "tanh")\nok = loss in ("softmax",)\n')
    assert len(name_branches(tmp_path, ["relu", "tanh", "sigmoid", "softmax"])) == 4


# --- every registry's records are complete -----------------------------------------------------------

def catalogue_keys(record) -> list[str]:
    """The catalogue keys a record names (its label, help, phrase or note)."""
    return [getattr(record, f) for f in ("label", "help", "phrase", "note") if getattr(record, f, None)]


@pytest.mark.parametrize("registry", ["initialisations", "update orders", "batch modes", "optimisers", "schedules"])
def test_every_record_is_worded_in_both_catalogues(registry):
    records = ALL[registry]
    for name, record in records.items():
        assert record.name == name and catalogue_keys(record), (registry, name)
        for key in catalogue_keys(record):
            for lang in i18n.LANGS:
                assert key in i18n.catalogue(lang), f"{registry} {name}: {key} missing in {lang}.json"


def test_a_scheme_that_needs_a_number_says_which_and_refuses_a_scenario_without_it():
    needing = [s for s in initialisation.SCHEMES.values() if s.needs]
    assert needing and all(s.start is not None for s in needing)  # the Build page has a number to propose
    for s in needing:
        src = random_scenario([2, 2, 1], "sigmoid", "squared_error", "sigmoid")
        src["init"] = {"scheme": s.name, "seed": 0}
        with pytest.raises(EngineError) as refused:
            scenario.parse(src)
        assert refused.value.field == f"init.{s.needs}"
        src["init"][s.needs] = s.start
        assert scenario.parse(src).W[0].shape == (2, 2)


def test_an_order_whose_deltas_pass_through_updated_weights_pairs_only_with_such_optimisers():
    for order in backprop.ORDERS.values():
        for opt in optimizers.OPTIMIZERS.values():
            src = random_scenario([2, 3, 1], "sigmoid", "squared_error", "sigmoid", update_order=order.name,
                                  optimizer={"name": opt.name})
            if order.updated and not opt.output_first:
                with pytest.raises(EngineError):
                    scenario.parse(src)
            else:
                assert scenario.parse(src).order is order


@pytest.mark.parametrize("name", list(batches.MODES))
def test_a_batch_mode_gives_its_setting_its_size_and_back(name):
    mode = batches.MODES[name]
    chosen = batches.setting(name)
    assert batches.mode(chosen) is mode and batches.mode(batches.parse(str(chosen))) is mode
    assert batches.check_batch(chosen) == chosen
    assert batches.batch_size(chosen, 50) == (50 if mode.whole else mode.start if mode.sized else 1)


def test_a_scenario_that_leaves_a_setting_out_gets_the_engines_default():
    src = random_scenario([2, 2, 1], "sigmoid", "squared_error", "sigmoid")
    for key in scenario.DEFAULTS:
        src.pop(key, None)
    sc = scenario.parse(src)
    d = scenario.DEFAULTS
    assert (sc.net.lam, sc.lr, sc.batch, sc.shuffle, sc.shuffle_seed, sc.update_order, sc.freeze_biases) == \
        (d["lambda"], d["lr"], d["batch"], d["shuffle"], d["shuffle_seed"], d["update_order"], d["freeze_biases"])
    assert sc.X_test.shape[1] == 0  # test_fraction 0
