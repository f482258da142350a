"""Initialisation schemes: the spread each one promises, zero biases, seeds, and refusals by field."""
import math

import numpy as np
import pytest

from engine.core.maths.initialisation import initialise
from engine.text.errors import EngineError

LAYERS = [300, 400, 200]  # 120,000 and 80,000 weights: sample spreads within a fraction of a percent


def weights(spec, layers=LAYERS):
    W, b = initialise(layers, spec)
    assert [w.shape for w in W] == [(n, m) for m, n in zip(layers, layers[1:])]
    assert all(v.shape == (n,) and not v.any() for v, n in zip(b, layers[1:]))  # biases zero
    return W


def test_uniform_is_bounded_by_ngs_epsilon_init():
    for w, (n_in, n_out) in zip(weights({"scheme": "uniform", "seed": 1}), zip(LAYERS, LAYERS[1:])):
        eps = math.sqrt(6) / math.sqrt(n_in + n_out)  # Ng's epsilon_init
        assert np.abs(w).max() <= eps and np.abs(w).max() > 0.999 * eps
        assert abs(w.mean()) < 0.01 * eps and w.var() == pytest.approx(eps**2 / 3, rel=0.02)


@pytest.mark.parametrize("scheme, std", [
    ("xavier", lambda n_in, n_out: math.sqrt(2 / (n_in + n_out))),  # Glorot normal
    ("he", lambda n_in, n_out: math.sqrt(2 / n_in)),
    ("normal", lambda n_in, n_out: 0.37),
])
def test_normal_schemes_have_their_standard_deviation(scheme, std):
    for w, (n_in, n_out) in zip(weights({"scheme": scheme, "seed": 2, "sigma": 0.37}), zip(LAYERS, LAYERS[1:])):
        assert w.std() == pytest.approx(std(n_in, n_out), rel=0.02)
        assert abs(w.mean()) < 0.02 * std(n_in, n_out)


def test_constant_gives_every_weight_the_value():
    assert all(np.all(w == -0.25) for w in weights({"scheme": "constant", "value": -0.25}, [3, 4, 2]))


@pytest.mark.parametrize("scheme", ["uniform", "xavier", "he", "normal"])
def test_same_seed_same_numbers_other_seed_other_numbers(scheme):
    spec = {"scheme": scheme, "seed": 7, "sigma": 0.1}
    a, b, c = weights(spec, [5, 4, 3]), weights(spec, [5, 4, 3]), weights({**spec, "seed": 8}, [5, 4, 3])
    assert all(x.tobytes() == y.tobytes() for x, y in zip(a, b))
    assert not any(np.array_equal(x, y) for x, y in zip(a, c))


@pytest.mark.parametrize("spec, field, message", [
    ({"scheme": "zeros"}, "init.scheme", 'unknown init scheme "zeros"; valid: constant, he, normal, uniform, xavier'),
    ({}, "init.scheme", "no init scheme given; valid: constant, he"),
    ({"scheme": "normal"}, "init.sigma", "the normal scheme needs sigma"),
    ({"scheme": "constant"}, "init.value", "the constant scheme needs value"),
    ({"scheme": "normal", "sigma": -0.1}, "init.sigma", "must be >= 0, got -0.1"),
    ({"scheme": "normal", "sigma": "big"}, "init.sigma", 'must be a finite number, got "big"'),
    ({"scheme": "normal", "sigma": True}, "init.sigma", "must be a finite number, got true"),
    ({"scheme": "normal", "sigma": 10**400}, "init.sigma", "must be a finite number"),
    ({"scheme": "constant", "value": math.inf}, "init.value", "must be a finite number, got Infinity"),
    ({"scheme": "xavier", "seed": -1}, "init.seed", "must be a whole number from 0 to"),
    ({"scheme": "xavier", "seed": 1.5}, "init.seed", "got 1.5"),
])
def test_bad_schemes_and_values_are_refused_naming_the_field(spec, field, message):
    with pytest.raises(EngineError) as info:
        initialise([2, 2], spec)
    assert info.value.field == field and message in str(info.value), info.value
