"""The course notes' printed regularised gradient, (1/m) Delta + lambda Theta, against the cost it claims."""
import numpy as np
import pytest

from engine.core.maths.gradcheck import analytic, gradcheck, worst
from engine.core.scenarios import scenario
from engine.teach.textbook.variants import GRADIENTS, gradient, ng_printed_gradient
from engine.text.errors import EngineError
from tests.helpers import random_scenario


def setup(lam, m, seed=4):
    src = random_scenario([3, 2, 2], "sigmoid", "cross_entropy", "sigmoid", lam=lam, m=m, seed=seed)
    sc = scenario.parse(src)
    return sc.net, sc.W, sc.b, sc.X, sc.Y


def printed_by_hand(W, b, X, Y, lam):
    """Ng's recipe written out: accumulate Delta sample by sample, then (1/m) Delta + lambda Theta."""
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))
    Delta = [np.zeros_like(w) for w in W]
    bias = [np.zeros_like(v) for v in b]
    m = X.shape[1]
    for i in range(m):
        x, y = X[:, i], Y[:, i]
        a1 = sig(W[0] @ x + b[0])
        a2 = sig(W[1] @ a1 + b[1])
        d2 = a2 - y  # sigmoid output with cross-entropy
        d1 = (W[1].T @ d2) * a1 * (1 - a1)
        for l, (d, a) in enumerate(((d1, x), (d2, a1))):
            Delta[l] += np.outer(d, a)
            bias[l] += d
    return [D / m + lam * w for D, w in zip(Delta, W)], [v / m for v in bias]


def test_the_variant_is_the_notes_formula():
    net, W, b, X, Y = setup(lam=1.5, m=5)
    dW, db = ng_printed_gradient(net, W, b, X, Y)
    ref_dW, ref_db = printed_by_hand(W, b, X, Y, 1.5)
    for got, ref in zip(dW + db, ref_dW + ref_db):
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-15)


def test_it_differs_from_the_derivative_by_lambda_times_one_minus_one_over_m_times_w():
    net, W, b, X, Y = setup(lam=2.0, m=4)
    dW, db = ng_printed_gradient(net, W, b, X, Y)
    true_dW, true_db = analytic(net, W, b, X, Y)
    for l in range(2):
        np.testing.assert_allclose(dW[l] - true_dW[l], 2.0 * (1 - 1 / 4) * W[l], rtol=1e-10, atol=1e-15)
        np.testing.assert_array_equal(db[l], true_db[l])  # the bias column is not penalised


@pytest.mark.parametrize("m", [2, 5])
@pytest.mark.parametrize("lam", [0.3, 1.0])
def test_gradcheck_flags_the_printed_gradient_and_passes_the_derivative(m, lam):
    net, W, b, X, Y = setup(lam=lam, m=m)
    printed = gradcheck(net, W, b, X, Y, grad=ng_printed_gradient(net, W, b, X, Y))
    assert worst(printed).rel > 1e-2 and worst(printed).param == "W"
    assert max(c.rel for c in printed if c.param == "b") < 1e-6
    assert worst(gradcheck(net, W, b, X, Y)).rel < 1e-6


@pytest.mark.parametrize("lam,m", [(1.0, 1), (0.0, 5)])
def test_with_one_sample_or_no_regularisation_the_two_agree(lam, m):
    net, W, b, X, Y = setup(lam=lam, m=m)
    assert worst(gradcheck(net, W, b, X, Y, grad=ng_printed_gradient(net, W, b, X, Y))).rel < 1e-6


def test_the_variants_are_chosen_by_name():
    assert gradient("ng_printed") is ng_printed_gradient and gradient("engine") is analytic
    with pytest.raises(EngineError, match="engine, ng_printed"):
        gradient("ng")
    assert set(GRADIENTS) == {"engine", "ng_printed"}
