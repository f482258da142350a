"""Diagnostics fire where a network is saturated, dead, vanishing or exploding, and nowhere else."""
from dataclasses import replace

import numpy as np
import pytest

from engine.core.maths.gradcheck import analytic
from engine.teach.screen import diagnose as dg
from engine.text.errors import EngineError
from tests.helpers import DEAD_B, DEAD_W, SAT_B, SAT_W, X_STD, stepper



def run(layers, acts, loss, W, b, X, Y, lam=0.0, batch="full"):
    """A stepper after one step, with its last record."""
    src = {"schema": "backprop-scenario/1", "layers": layers, "activations": acts, "loss": loss,
           "lambda": lam, "lr": 0.1, "W": [np.asarray(w).tolist() for w in W],
           "b": [np.asarray(v).tolist() for v in b], "X": np.asarray(X).tolist(),
           "Y": np.asarray(Y).tolist(), "batch": batch, "shuffle": False}
    st = stepper(src)
    st.step()
    return st, st.records[-1]


def sigmoid_prime(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


def kinds(report):
    return {(f.kind, f.layer, f.neuron) for f in report.findings}


# --- saturated ----------------------------------------------------------------------------------



@pytest.mark.parametrize("hidden", ["sigmoid", "tanh"])
def test_huge_weights_saturate_only_the_neuron_that_has_them(hidden):
    st, rec = run([2, 2, 1], [hidden, "linear"], "squared_error", SAT_W, SAT_B, X_STD, np.zeros((200, 1)))
    z = SAT_W[0] @ X_STD.T  # independent: z of the hidden layer over all 200 samples
    dz = sigmoid_prime(z) if hidden == "sigmoid" else 1.0 / np.cosh(z) ** 2
    assert np.median(dz[0]) < 0.01 < np.median(dz[1])  # the construction does what it claims
    for X in (None, st.sc.X):  # the full-batch step's samples are the whole training set
        rep = dg.diagnose(rec, st.sc.net, X)
        assert rep.saturated[0].tolist() == [0] and rep.saturated[1].tolist() == []
        assert kinds(rep) == {("saturated", 1, 0)}
        assert rep.findings[0].value == pytest.approx(np.median(dz[0]), rel=1e-9)


def test_saturation_judged_on_a_single_sample_uses_that_sample():
    X = np.array([[1.0, 0.0], [0.001, 0.0]])  # z of neuron 0: 40 (saturated), then 0.04 (not)
    st, _ = run([2, 2, 1], ["sigmoid", "linear"], "squared_error", SAT_W, SAT_B, X, np.zeros((2, 1)),
                batch="sample")
    first = dg.diagnose(st.records[-1], st.sc.net)
    st.step()
    second = dg.diagnose(st.records[-1], st.sc.net)
    assert first.judged == second.judged == 1
    assert first.saturated[0].tolist() == [0] and second.saturated[0].tolist() == []


@pytest.mark.parametrize("loss,flagged", [("squared_error", True), ("cross_entropy", False)])
def test_a_saturated_sigmoid_output_matters_only_when_the_loss_multiplies_by_g_prime(loss, flagged):
    W, b = [np.array([[30.0, 30.0]])], [np.zeros(1)]
    Y = (X_STD.sum(axis=1, keepdims=True) > 0).astype(float)
    st, rec = run([2, 1], ["sigmoid"], loss, W, b, X_STD, Y)
    rep = dg.diagnose(rec, st.sc.net)
    assert kinds(rep) == ({("saturated", 1, 0)} if flagged else set())


# --- dead ReLU ----------------------------------------------------------------------------------



def test_a_large_negative_bias_kills_exactly_that_relu():
    st, _ = run([2, 4, 1], ["relu", "linear"], "squared_error", DEAD_W, DEAD_B, X_STD, np.zeros((200, 1)),
                batch="sample")
    rep = dg.diagnose(st.records[-1], st.sc.net, st.sc.X)
    assert rep.judged == 200
    assert rep.dead[0].tolist() == [1] and rep.dead[1].tolist() == []
    assert kinds(rep) == {("dead", 1, 1)}
    z = DEAD_W[0][1] @ X_STD.T - 100.0
    assert rep.findings[0].value == pytest.approx(z.max(), rel=1e-12)


def test_without_the_data_set_a_one_sample_step_calls_every_relu_off_for_that_sample_dead():
    st, rec = run([2, 4, 1], ["relu", "linear"], "squared_error", DEAD_W, DEAD_B, X_STD, np.zeros((200, 1)),
                  batch="sample")
    z = DEAD_W[0] @ X_STD[rec.samples[0]] + DEAD_B[0]  # independent forward of the step's one sample
    rep = dg.diagnose(rec, st.sc.net)
    assert rep.judged == 1 and rep.dead[0].tolist() == np.flatnonzero(z <= 0).tolist()


def test_at_most_max_judged_samples_of_the_data_set_are_judged():
    X = np.repeat(X_STD, 3, axis=0)
    st, rec = run([2, 4, 1], ["relu", "linear"], "squared_error", DEAD_W, DEAD_B, X, np.zeros((600, 1)),
                  batch="sample")
    assert dg.diagnose(rec, st.sc.net, st.sc.X).judged == dg.MAX_JUDGED < 600


# --- healthy ------------------------------------------------------------------------------------

def healthy(hidden, batch, seed=0):
    """Xavier weights on standardised data, a few steps taken."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 4))
    src = {"schema": "backprop-scenario/1", "layers": [4, 8, 8, 3], "activations": [hidden, hidden, "softmax"],
           "loss": "softmax_cross_entropy", "lambda": 0.1, "lr": 0.1, "init": {"scheme": "xavier", "seed": seed},
           "X": X.tolist(), "Y": np.eye(3)[rng.integers(0, 3, 120)].tolist(), "standardize": True,
           "batch": batch}
    st = stepper(src)
    st.run(3)
    return st, st.records[-1]


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("batch", ["sample", "full"])
def test_a_healthy_network_has_no_findings(hidden, batch):
    st, rec = healthy(hidden, batch)
    rep = dg.diagnose(rec, st.sc.net, st.sc.X)
    assert rep.findings == [] and not any(rep.vanishing) and not any(rep.exploding)
    assert all(0 < n < dg.EXPLODE_NORM for n in rep.norms)


def test_xavier_relus_can_be_dead_and_the_rule_agrees_with_an_independent_forward():
    # with seed 1 one unit of the second ReLU layer sums its non-negative inputs with weights that
    # leave z <= 0 on every sample: a real dead unit, found here by a separate forward pass
    st, rec = healthy("relu", "full", seed=1)
    a = st.sc.X
    expected = []
    for W, b in zip(rec.W_before[:2], rec.b_before[:2]):
        z = W @ a + b[:, None]
        expected.append(np.flatnonzero((z <= 0).all(axis=1)).tolist())
        a = np.maximum(z, 0.0)
    rep = dg.diagnose(rec, st.sc.net, st.sc.X)
    assert [d.tolist() for d in rep.dead[:2]] == expected and sum(map(len, expected)) == 1
    assert {f.kind for f in rep.findings} == {"dead"}


# --- gradients ----------------------------------------------------------------------------------

def deep(act, W, X, Y, loss="squared_error"):
    layers = [W[0].shape[1]] + [w.shape[0] for w in W]
    return run(layers, [act] * len(W), loss, W, [np.zeros(w.shape[0]) for w in W], X, Y)


def test_a_deep_sigmoid_network_with_small_weights_vanishes_from_the_input_side():
    rng = np.random.default_rng(0)
    W = [rng.normal(scale=0.1, size=(4, 2))] + [rng.normal(scale=0.1, size=(4, 4)) for _ in range(6)] \
        + [rng.normal(scale=0.1, size=(1, 4))]
    st, rec = deep("sigmoid", W, X_STD[:20], np.ones((20, 1)))
    rep = dg.diagnose(rec, st.sc.net, st.sc.X)
    assert rep.vanishing[0] and not rep.vanishing[-1] and not rep.vanishing[-2]
    flagged = [l for l, v in enumerate(rep.vanishing) if v]
    assert flagged == list(range(len(flagged)))  # a prefix: once gone, the signal stays gone
    for l in flagged:
        assert rep.norms[l] < dg.VANISH_RATIO * max(rep.norms[l + 1:])
    assert not any(rep.exploding) and not any(len(s) for s in rep.saturated)
    assert {f.kind for f in rep.findings} == {"vanishing"}
    assert rep.norms[0] / rep.norms[-1] < 1e-6  # sigma' <= 1/4 and weights ~0.1 per layer


def test_a_built_deep_sigmoid_network_flags_every_layer_a_thousandth_of_the_last():
    # what a teacher builds on the Build page: six sigmoid layers of three, Xavier weights, one sample;
    # its third layer's gradient is about 1/900 of the output layer's, which 1/1000 let pass
    src = {"schema": "backprop-scenario/1", "layers": [2, 3, 3, 3, 3, 3, 3, 2], "activations": ["sigmoid"] * 7,
           "loss": "squared_error", "lambda": 0.0, "lr": 0.5, "init": {"scheme": "xavier", "seed": 1},
           "X": [[0.05, 0.10]], "Y": [[0.01, 0.99]]}
    st = stepper(src)
    st.step()
    rep = dg.diagnose(st.records[-1], st.sc.net, st.sc.X)
    last = rep.norms[-1]
    tiny = [l for l, n in enumerate(rep.norms) if n <= last / 1000 * 1.2]
    assert 1e-3 < rep.norms[2] / last < 1.2e-3 and 2 in tiny  # the construction does what it claims
    assert all(rep.vanishing[l] for l in tiny) and not rep.vanishing[-1]
    for f in (f for f in rep.findings if f.kind == "vanishing"):
        assert f"(flagged below {dg.VANISH_RATIO:g}:" in dg.message(f)
        assert f"（低于 {dg.VANISH_RATIO:g} 即标记" in dg.message(f, "zh")


def exploding():
    """A deep linear network with weights near three: every layer's gradient explodes."""
    rng = np.random.default_rng(1)
    W = [rng.normal(3.0, 0.3, size=(3, 2))] + [rng.normal(3.0, 0.3, size=(3, 3)) for _ in range(6)] \
        + [rng.normal(3.0, 0.3, size=(1, 3))]
    st, rec = deep("linear", W, X_STD[:20], np.zeros((20, 1)))
    return dg.diagnose(rec, st.sc.net, st.sc.X)


def test_a_deep_linear_network_with_weights_near_three_explodes():
    rep = exploding()
    assert all(rep.exploding) and not any(rep.vanishing)
    assert {f.kind for f in rep.findings} == {"exploding"}


def test_norms_leave_out_the_l2_term():
    rng = np.random.default_rng(2)
    W = [rng.normal(size=(3, 2)), rng.normal(size=(1, 3))]
    st, rec = run([2, 3, 1], ["tanh", "linear"], "squared_error", W, [np.zeros(3), np.zeros(1)],
                  X_STD[:10], np.ones((10, 1)), lam=5.0)
    plain = replace(st.sc.net, lam=0.0)
    dW, _ = analytic(plain, st.sc.W, st.sc.b, st.sc.X, st.sc.Y)
    rep = dg.diagnose(rec, st.sc.net)
    assert rep.norms == pytest.approx([np.linalg.norm(g) for g in dW], rel=1e-12)
    assert rep.norms != pytest.approx(rec.grad_norms, rel=1e-3)  # the L2 term is large here
    assert rep.ratio[0] == pytest.approx(rep.norms[0] / rep.norms[1]) and rep.ratio[1] is None


@pytest.mark.parametrize("norms,vanishing,exploding", [
    ((1e-4, 1.0, 0.5), [True, False, False], [False, False, False]),  # judged against the largest above
    ((2e-2, 1.0), [False, False], [False, False]),
    ((9e-3, 1.0), [True, False], [False, False]),  # 1/100 of the layer above learns 100x slower: flagged
    ((1e-12, 1e-10, 1e-9), [False, False, False], [False, False, False]),  # a minimum, not vanishing
    ((5.0, 1e-3), [False, False], [True, False]),  # 5000x the layer above
    ((5e-6, 1e-9), [False, False], [False, False]),  # no signal above to compare with
    ((2e3, 1.5e3), [False, False], [True, True]),  # too large outright
])
def test_gradient_thresholds(norms, vanishing, exploding):
    van, exp, findings = dg._flags(norms)
    assert (van, exp) == (vanishing, exploding)
    assert len(findings) == sum(vanishing) + sum(exploding)


# --- messages and refusals ----------------------------------------------------------------------

def test_every_finding_has_a_message_in_both_languages():
    findings = [dg.Finding("saturated", 2, 1, 0.003), dg.Finding("dead", 1, 0, -3.5),
                dg.Finding("vanishing", 1, None, 2e-9, 1e-6), dg.Finding("exploding", 3, None, 4e5, 2.5e4),
                dg.Finding("exploding", 3, None, 4e5)]
    for f in findings:
        en, zh = dg.message(f, "en"), dg.message(f, "zh")
        assert en != zh and f"Layer {f.layer}" in en and f"第 {f.layer} 层" in zh
        if f.neuron is not None:
            assert f"_{{{f.neuron}}}" in en and f"_{{{f.neuron}}}" in zh  # a^{[l]}_{j} in the engine's notation
    assert "0.003" in dg.message(findings[0]) and "4e+05" in dg.message(findings[3], "zh")
    assert "1e-06 times" in dg.message(findings[2])


def test_an_exploding_gradient_says_its_ratio_to_the_layers_above():
    rep = exploding()
    first = next(f for f in rep.findings if f.layer == 1)
    assert first.ratio == pytest.approx(rep.norms[0] / min(rep.norms[1:]), rel=1e-12)
    assert f"{first.ratio:.3g} times the smallest norm" in dg.message(first)


def test_messages_name_units_and_layers_in_the_chosen_notation_and_digits():
    f, g = dg.Finding("saturated", 2, 1, 0.0031234), dg.Finding("vanishing", 1, None, 2.345e-9, 1.2345e-6)
    ng = dg.message(f, "en", "ng", 2)
    assert "Layer 3" in ng and "$a^{(3)}_{2}$" in ng  # Ng counts layers and neurons from 1
    assert "= 0.0031 (flagged below 0.01)" in ng
    nielsen = dg.message(g, "en", "nielsen", 5)
    assert r"\partial C}{\partial w^{2}}" in nielsen and "1.2345e-06" in nielsen and "Layer 2" in nielsen
    assert "$a^{[2]}_{1}$" in dg.message(f) and "Layer 2" in dg.message(f)


def test_a_summarised_record_is_refused():
    src = {"schema": "backprop-scenario/1", "layers": [2, 1], "activations": ["sigmoid"], "loss": "squared_error",
           "W": [[[1.0, 1.0]]], "b": [[0.0]], "X": X_STD[:3].tolist(), "Y": [[0.0]] * 3}
    st = stepper(src, budget=1)  # every record but the newest is summarised at once
    st.run(2)
    rec = st.records[0]
    assert not rec.full
    with pytest.raises(EngineError):
        dg.diagnose(rec, st.sc.net)
