"""Backprop against central finite differences, for every activation and loss pairing."""
import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from engine.core.maths.backprop import cost, forward
from engine.core.maths.gradcheck import _positions, analytic, gradcheck, worst
from engine.core.maths.losses import LOSSES
from engine.core.maths.network import make_net
from engine.core.scenarios import scenario
from engine.text.errors import EngineError
from tests.helpers import HIDDEN, PAIRS, random_scenario

# at least one hidden layer, so the hidden activation takes part
shapes = st.lists(st.integers(1, 4), min_size=3, max_size=5)
lambdas = st.just(0.0) | st.floats(0.01, 5.0)


def check_against_finite_differences(layers, activations, loss, lam, seed, m):
    if loss == "softmax_cross_entropy" and layers[-1] == 1:
        layers = layers[:-1] + [2]
    src = random_scenario(layers, activations[0], loss, activations[-1], lam=lam, m=m, seed=seed,
                          activations=list(activations))
    sc = scenario.parse(src)
    z, _ = forward(sc.net, sc.W, sc.b, sc.X)
    # a ReLU kink within eps of a z makes the finite difference meaningless, not the gradient wrong
    assume(all(np.min(np.abs(zl)) > 1e-3 for zl in z))
    checks = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)
    assert len(checks) == sum(a * b + a for a, b in zip(layers[1:], layers[:-1]))
    # a wrong gradient is off by far more; rounding keeps a right one under ~2e-5 (gradcheck.FLOOR)
    assert worst(checks).rel < 1e-4, worst(checks)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("loss, out", PAIRS)
@settings(max_examples=12, deadline=None)
@given(layers=shapes, lam=lambdas, seed=st.integers(0, 10_000), m=st.integers(1, 4))
def test_backprop_equals_finite_differences_for_every_pairing(hidden, loss, out, layers, lam, seed, m):
    check_against_finite_differences(layers, [hidden] * (len(layers) - 2) + [out], loss, lam, seed, m)


@pytest.mark.parametrize("loss, out", PAIRS)
@settings(max_examples=15, deadline=None)
@given(data=st.data(), layers=st.lists(st.integers(1, 4), min_size=4, max_size=6), lam=st.floats(0.01, 5.0),
       seed=st.integers(0, 10_000), m=st.integers(1, 4))
def test_backprop_equals_finite_differences_with_mixed_hidden_activations(loss, out, data, layers, lam, seed, m):
    hidden = data.draw(st.lists(st.sampled_from(HIDDEN), min_size=len(layers) - 2, max_size=len(layers) - 2)
                       .filter(lambda acts: len(set(acts)) > 1))
    check_against_finite_differences(layers, hidden + [out], loss, lam, seed, m)


def test_l2_term_is_lambda_over_m_times_w_and_biases_are_not_penalised():
    src = random_scenario([3, 2, 2], "tanh", "squared_error", "linear", lam=0.0, m=4, seed=3)
    plain = scenario.parse(src)
    reg = scenario.parse({**src, "lambda": 2.0})
    dW0, db0 = analytic(plain.net, plain.W, plain.b, plain.X, plain.Y)
    dW1, db1 = analytic(reg.net, reg.W, reg.b, reg.X, reg.Y)
    for l in range(2):
        np.testing.assert_allclose(dW1[l] - dW0[l], (2.0 / 4) * plain.W[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(db1[l], db0[l])


def test_gradcheck_exposes_a_wrong_regulariser():
    src = random_scenario([3, 2, 2], "sigmoid", "cross_entropy", "sigmoid", lam=1.0, m=5, seed=4)
    sc = scenario.parse(src)
    dW, db = analytic(sc.net, sc.W, sc.b, sc.X, sc.Y)
    # the variant some course notes print: lambda * W instead of (lambda / m) * W
    wrong = [g + (1.0 - 1.0 / 5) * w for g, w in zip(dW, sc.W)]
    assert worst(gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, grad=(wrong, db))).rel > 0.01
    assert worst(gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)).rel < 1e-6


def test_subset_is_seeded_and_sized():
    sc = scenario.parse(random_scenario([4, 5, 3], "tanh", "squared_error", "linear", seed=2))
    a = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=7, seed=11)
    b = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=7, seed=11)
    c = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=7, seed=12)
    assert len(a) == 7 and a == b and [x.index for x in a] != [x.index for x in c]
    whole = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)
    assert all(x in whole for x in a) and len(set((x.param, x.layer, x.index) for x in a)) == 7
    assert len(whole) == sc.net.n_params == len(gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=10**6))


@pytest.mark.parametrize("subset", [0, -3, 2.5, True])
def test_a_subset_below_one_is_refused(subset):
    sc = scenario.parse(random_scenario([2, 2, 1], "tanh", "squared_error", "linear"))
    with pytest.raises(EngineError, match=r"^subset: must be a whole number >= 1, got "):
        gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y, subset=subset)


def test_a_small_subset_of_a_large_network_never_lists_every_parameter():
    net = make_net([1024, 1024, 1024], ["tanh", "linear"], "squared_error")  # 2,099,200 parameters
    tracemalloc.start()
    try:
        picked = _positions(net, 10, seed=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(picked) == 10 and peak < 5 * 2**20  # a list of every position took 300 MB
    for name, l, idx in picked:
        shape = (net.layers[l + 1], net.layers[l]) if name == "W" else (net.layers[l + 1],)
        assert len(idx) == len(shape) and all(0 <= i < n for i, n in zip(idx, shape))


HIDDEN_AT_6 = {"sigmoid": 1 / (1 + math.exp(-6.0)), "tanh": math.tanh(6.0), "relu": 6.0, "linear": 6.0}


def saturated_loss(loss, out, Z):
    """The loss of output logits z = (Z, -Z) against y = (0, 1), worked out by hand for Z in the hundreds
    (e^-Z underflows next to 1): cross-entropy pays Z per wrong unit, softmax 2Z."""
    if loss != "squared_error":
        return 2 * Z
    a = {"sigmoid": (1.0, 0.0), "tanh": (1.0, -1.0), "linear": (Z, -Z), "relu": (Z, 0.0)}[out]
    return 0.5 * (a[0] ** 2 + (a[1] - 1.0) ** 2)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("loss, out", PAIRS)
def test_saturated_output_logits_give_the_right_finite_loss_and_finite_gradients(loss, out, hidden):
    # x = (3, -3) -> z[1] = (6, -6) -> a[1] = (g(6), g(-6)) -> z[2] = (400 g(6), -400 g(6)): |z_L| >= 399
    src = {"schema": scenario.SCHEMA, "layers": [2, 2, 2], "activations": [hidden, out], "loss": loss,
           "lambda": 0.0, "lr": 0.1, "W": [[[1.0, -1.0], [-1.0, 1.0]], [[400.0, 0.0], [-400.0, 0.0]]],
           "X": [[3.0, -3.0]], "Y": [[0.0, 1.0]]}
    sc = scenario.parse(src)
    Z = 400.0 * HIDDEN_AT_6[hidden]
    z, a = forward(sc.net, sc.W, sc.b, sc.X)
    np.testing.assert_allclose(z[-1][:, 0], [Z, -Z], rtol=1e-15)
    losses, J = cost(sc.net, sc.W, z, a, sc.Y)
    assert J == pytest.approx(saturated_loss(loss, out, Z), rel=1e-12)
    dW, db = analytic(sc.net, sc.W, sc.b, sc.X, sc.Y)
    assert np.isfinite(J) and np.all(np.isfinite(losses))
    assert all(np.all(np.isfinite(g)) for g in dW + db)
    if loss != "squared_error":  # delta[L] = a - y = (1, -1): the output gradient is that times a[1]
        np.testing.assert_allclose(dW[1], np.outer([1.0, -1.0], a[1][:, 0]), rtol=1e-12)


def test_cross_entropy_of_a_confident_wrong_answer_is_its_logit():
    # y = 1 and z = -400: -log sigmoid(-400) = 400 + log(1 + e^-400), which is 400 in floating point
    assert LOSSES["cross_entropy"].value(np.array([[-400.0]]), None, np.array([[1.0]]))[0] == 400.0
    right = LOSSES["cross_entropy"].value(np.array([[400.0]]), None, np.array([[1.0]]))[0]
    assert right == pytest.approx(math.exp(-400.0), rel=1e-12)  # log(1 + e^-400), not a rounded 0


def test_stable_losses_match_the_naive_formulas_where_those_are_accurate():
    z = np.array([[-3.0, 0.5], [2.0, -0.25]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    s = 1 / (1 + np.exp(-z))
    naive_ce = -np.sum(y * np.log(s) + (1 - y) * np.log(1 - s), axis=0)
    np.testing.assert_allclose(LOSSES["cross_entropy"].value(z, s, y), naive_ce, rtol=1e-13)
    p = np.exp(z) / np.exp(z).sum(axis=0)
    naive_sce = -np.sum(y * np.log(p), axis=0)
    np.testing.assert_allclose(LOSSES["softmax_cross_entropy"].value(z, p, y), naive_sce, rtol=1e-13)
    # far in the tail the naive form rounds to log(0); the stable one keeps the exact value |z|
    assert LOSSES["cross_entropy"].value(np.array([[-800.0]]), None, np.array([[1.0]]))[0] == 800.0
