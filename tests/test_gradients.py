"""Backprop against central finite differences, for every activation and loss pairing."""
import tracemalloc

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from engine import scenario
from engine.errors import EngineError
from engine.gradcheck import _positions, analytic, gradcheck, worst
from engine.network import forward, make_net
from tests.helpers import HIDDEN, PAIRS, random_scenario

shapes = st.lists(st.integers(1, 4), min_size=2, max_size=4)


@settings(max_examples=60, deadline=None)
@given(layers=shapes, pair=st.sampled_from(PAIRS), hidden=st.sampled_from(HIDDEN),
       lam=st.sampled_from([0.0, 0.1, 3.0]), seed=st.integers(0, 10_000), m=st.integers(1, 4))
def test_backprop_equals_finite_differences(layers, pair, hidden, lam, seed, m):
    loss, out = pair
    if loss == "softmax_cross_entropy" and layers[-1] == 1:
        layers = layers[:-1] + [2]
    sc = scenario.parse(random_scenario(layers, hidden, loss, out, lam=lam, m=m, seed=seed))
    z, _ = forward(sc.net, sc.W, sc.b, sc.X)
    # a ReLU kink within eps of a z makes the finite difference meaningless, not the gradient wrong
    assume(all(np.min(np.abs(zl)) > 1e-3 for zl in z))
    checks = gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)
    assert len(checks) == sum(a * b + a for a, b in zip(layers[1:], layers[:-1]))
    assert worst(checks).rel < 1e-5, worst(checks)


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
    with pytest.raises(EngineError, match=r"^subset: must be a whole number of parameters >= 1"):
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


@pytest.mark.parametrize("loss,out", PAIRS)
def test_saturated_logits_give_finite_loss_and_gradients(loss, out):
    src = random_scenario([2, 3, 2], "sigmoid", loss, out, m=2, seed=5)
    src["X"] = [[300.0, -500.0], [-400.0, 250.0]]  # |z| in the hundreds
    src["init"] = {"scheme": "constant", "value": 2.0}
    sc = scenario.parse(src)
    z, a = forward(sc.net, sc.W, sc.b, sc.X)
    assert np.max(np.abs(z[0])) > 100
    from engine.network import cost
    loss_values, J = cost(sc.net, sc.W, z, a, sc.Y)
    dW, db = analytic(sc.net, sc.W, sc.b, sc.X, sc.Y)
    assert np.isfinite(J) and np.all(np.isfinite(loss_values))
    assert all(np.all(np.isfinite(g)) for g in dW + db)


def test_stable_losses_match_the_naive_formulas_where_those_are_accurate():
    z = np.array([[-3.0, 0.5], [2.0, -0.25]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    s = 1 / (1 + np.exp(-z))
    from engine.losses import LOSSES
    naive_ce = -np.sum(y * np.log(s) + (1 - y) * np.log(1 - s), axis=0)
    np.testing.assert_allclose(LOSSES["cross_entropy"].value(z, s, y), naive_ce, rtol=1e-13)
    p = np.exp(z) / np.exp(z).sum(axis=0)
    naive_sce = -np.sum(y * np.log(p), axis=0)
    np.testing.assert_allclose(LOSSES["softmax_cross_entropy"].value(z, p, y), naive_sce, rtol=1e-13)
    # far in the tail the naive form rounds to log(0); the stable one keeps the exact value |z|
    assert LOSSES["cross_entropy"].value(np.array([[-800.0]]), None, np.array([[1.0]]))[0] == 800.0
