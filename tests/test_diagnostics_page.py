"""Diagnostics on the Step page (AppTest): saturated and dead units ringed in the figure, the gradient
norm and its ratio shown for every layer, the expander open exactly when something is flagged."""
import re

import numpy as np
import pytest

from tests.helpers import DEAD_B, DEAD_W, SAT_B, SAT_W, X_STD, stepper
from tests.apptest import button, element_of, fresh
from ui.session import keys


def scenario(acts, W, b, loss="squared_error", m=200):
    return {"schema": "backprop-scenario/1", "layers": [W[0].shape[1]] + [w.shape[0] for w in W],
            "activations": acts, "loss": loss, "lambda": 0.0, "lr": 0.1,
            "W": [np.asarray(w).tolist() for w in W], "b": [np.asarray(v).tolist() for v in b],
            "X": X_STD[:m].tolist(), "Y": np.zeros((m, W[-1].shape[0])).tolist(), "batch": "full", "shuffle": False}


def stepped(src):
    at = fresh()
    at.session_state[keys.STEPPER], at.session_state[keys.SCENARIO] = stepper(src), src
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    assert not at.exception
    return at


def rings(at) -> set:
    """Neuron ids the figure rings as diagnosed (the drawn ones)."""
    p = element_of(at)
    return set(p["warn"]) & {n[0] for n in p["nodes"]}


def diagnostics(at):
    return next(e for e in at.expander if e.label.startswith("Diagnostics"))


@pytest.mark.parametrize("acts,W,b,ringed", [
    (["sigmoid", "linear"], SAT_W, SAT_B, {"n1_0"}),  # the neuron with weights +-40 saturates
    (["tanh", "linear"], SAT_W, SAT_B, {"n1_0"}),
    (["relu", "linear"], DEAD_W, DEAD_B, {"n1_1"}),  # the bias -100 kills it
])
def test_saturated_and_dead_units_are_ringed_and_the_diagnostics_open(acts, W, b, ringed):
    at = stepped(scenario(acts, W, b))
    assert rings(at) == ringed
    box = diagnostics(at)
    assert box.proto.expanded and "(1)" in box.label
    assert any(("saturated" if acts[0] != "relu" else "dead ReLU") in m.value for m in at.markdown)


def test_a_healthy_network_has_no_rings_and_still_shows_every_layers_norm_and_ratio():
    rng = np.random.default_rng(3)
    W = [rng.normal(scale=0.5, size=(3, 2)), rng.normal(scale=0.5, size=(3, 3)), rng.normal(scale=0.5, size=(1, 3))]
    at = stepped(scenario(["tanh", "tanh", "linear"], W, [np.zeros(3), np.zeros(3), np.zeros(1)]))
    assert rings(at) == set()
    box = diagnostics(at)
    assert not box.proto.expanded and box.label == "Diagnostics"
    assert not any("ratio to the next layer" in m.value for m in at.markdown)  # closed: nothing drawn
    at.session_state["step_diag_open"] = True  # the student opens it
    at.run()
    rec = at.session_state[keys.STEPPER].records[-1]
    text = next(m.value for m in at.markdown if "ratio to the next layer" in m.value)
    exact = [float(v) for v in re.findall(r'<span title="([^"]+)">', text)]
    norms = [np.linalg.norm(g) for g in rec.dW]  # lambda = 0: the data part is the whole gradient
    want = [norms[0], norms[0] / norms[1], norms[1], norms[1] / norms[2], norms[2]]
    assert exact == pytest.approx(want, rel=1e-12)
