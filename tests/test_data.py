"""Datasets, standardising and splitting: numbers first, then every refusal's message (CSV: test_csv.py)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.core.scenarios.data import DATASETS, SPREAD, build, one_hot, split, spread, standardize
from engine.text.errors import EngineError

PLAYGROUND = [name for name in DATASETS if name != "digits"]  # digits has its own tests (test_digits.py)


def make(name, n=400, seed=0, noise=0.0, n_out=1):
    return build({"name": name, "n": n, "seed": seed, "noise": noise}, DATASETS[name].dims, n_out)


# ---- datasets -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", PLAYGROUND)
def test_shapes_dtype_and_finite(name):
    X, Y = make(name, n=101, noise=0.5)
    assert X.shape == (101, DATASETS[name].dims) and Y.shape == (101, 1)
    assert X.dtype == Y.dtype == np.float64
    assert np.isfinite(X).all() and np.isfinite(Y).all()


@pytest.mark.parametrize("name", PLAYGROUND)
def test_same_seed_same_bits_other_seed_other_numbers(name):
    X1, Y1 = make(name, seed=3, noise=0.2)
    X2, Y2 = make(name, seed=3, noise=0.2)
    X3, _ = make(name, seed=4, noise=0.2)
    assert X1.tobytes() == X2.tobytes() and Y1.tobytes() == Y2.tobytes()
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", PLAYGROUND)
def test_inputs_roughly_in_playground_range(name):
    X, _ = make(name, noise=0.0)
    assert np.abs(X).max() <= 6.0 + 1e-12


@pytest.mark.parametrize("name", PLAYGROUND)
def test_make_records_describe_the_set(name):
    ds = DATASETS[name]
    X, t = ds.make(np.random.default_rng(0), 9, 0.1)
    assert X.shape == (9, ds.dims) and t.shape == (9,)
    if ds.kind == "classes":
        assert t.dtype.kind == "i" and set(np.unique(t)) <= set(range(ds.classes))
    else:
        assert ds.classes == 0 and t.dtype.kind == "f"
    assert ds.about.endswith(".")


@pytest.mark.parametrize("name", ["circle", "gaussian", "spiral"])
def test_balanced_sets_are_exactly_half_and_half(name):
    _, Y = make(name, n=401, noise=0.0 if name == "circle" else 0.7)
    assert Y.sum() == 201  # class 1 gets the odd sample


def test_xor_balance_and_labels_follow_quadrants():
    X, Y = make("xor", n=4000)
    assert 0.45 < Y.mean() < 0.55
    assert np.array_equal(Y[:, 0], (X[:, 0] * X[:, 1] >= 0).astype(float))
    assert np.abs(X).min() >= 0.3  # padding keeps points off the axes


def test_circle_noise_free_labels_follow_radius():
    X, Y = make("circle", n=2000)
    r = np.hypot(X[:, 0], X[:, 1])
    assert (r[Y[:, 0] == 1] < 2.5).all() and (r[Y[:, 0] == 0] >= 3.5).all()


def test_circle_noise_flips_some_labels():
    X, Y = make("circle", n=2000, noise=0.5)
    r = np.hypot(X[:, 0], X[:, 1])
    assert 0 < np.sum((r < 2.5) != (Y[:, 0] == 1)) < 1000


def test_gaussian_clusters_sit_at_their_centres():
    X, Y = make("gaussian", n=4000)
    assert np.allclose(X[Y[:, 0] == 1].mean(axis=0), [2, 2], atol=0.1)
    assert np.allclose(X[Y[:, 0] == 0].mean(axis=0), [-2, -2], atol=0.1)


def test_rows_are_shuffled_so_a_prefix_mixes_classes():
    _, Y = make("spiral", n=400)
    assert 0 < Y[:20].sum() < 20


def test_regression_targets_follow_their_formulas():
    x, y = make("regress1d", n=300)
    assert np.allclose(y[:, 0], np.sin(x[:, 0]))
    X, Y = make("regress2d", n=300)
    assert np.allclose(Y[:, 0], X.sum(axis=1) / 10)
    x, y = make("regress1d", n=3000, noise=0.5)
    assert 0.45 < np.std(y[:, 0] - np.sin(x[:, 0])) < 0.55


def test_one_hot_targets_match_the_label_column():
    _, y = make("xor", n=300, seed=7)
    _, Y = make("xor", n=300, seed=7, n_out=2)
    assert Y.shape == (300, 2) and np.array_equal(Y.sum(axis=1), np.ones(300))
    assert np.array_equal(Y.argmax(axis=1), y[:, 0])


def test_defaults_fill_seed_n_noise():
    X, Y = build({"name": "circle"}, 2, 1)
    assert X.shape == (200, 2)
    assert np.array_equal(X, make("circle", n=200, seed=0, noise=0.0)[0])


def test_input_size_mismatch_names_set_dims_and_layer():
    with pytest.raises(EngineError, match=r'^layers: dataset "spiral" has 2 input dims.*needs 2 units; got 3$'):
        build({"name": "spiral"}, 3, 1)
    with pytest.raises(EngineError, match=r'"regress1d" has 1 input dims.*got 2'):
        build({"name": "regress1d"}, 2, 1)


def test_output_size_mismatch_says_which_sizes_fit():
    with pytest.raises(EngineError, match=r'^layers: dataset "xor" has 2 classes.*1 unit \(0/1 label\) '
                                          r"or 2 \(one-hot\); got 3$"):
        build({"name": "xor"}, 2, 3)
    with pytest.raises(EngineError, match=r'"regress2d" is a regression set.*needs 1 unit; got 2'):
        build({"name": "regress2d"}, 2, 2)


@pytest.mark.parametrize("spec, field, message", [
    ({"name": "moons"}, "dataset.name", r'unknown dataset "moons"; valid: circle, digits, gaussian, regress1d, '
                                        r"regress2d, spiral, xor$"),
    ({}, "dataset.name", r"no dataset given; valid: circle, digits"),
    ({"name": "xor", "size": 3}, "dataset.size", r'unknown setting "size"; allowed: name, seed, n, noise'),
    ({"name": "xor", "n": 0}, "dataset.n", r"whole number from 1 to 100000, got 0"),
    ({"name": "xor", "n": 100_001}, "dataset.n", r"from 1 to 100000, got 100001"),
    ({"name": "xor", "n": 10.0}, "dataset.n", r"whole number"),
    ({"name": "xor", "noise": 1.5}, "dataset.noise", r"must be from 0 to 1, got 1.5"),
    ({"name": "xor", "noise": float("nan")}, "dataset.noise", r"finite number"),
    ({"name": "xor", "seed": -1}, "dataset.seed", r"whole number >= 0, got -1"),
    ({"name": "xor", "seed": True}, "dataset.seed", r"whole number"),
])
def test_bad_specs_are_refused_with_their_field(spec, field, message):
    with pytest.raises(EngineError, match=message) as info:
        build(spec, 2, 1)
    assert info.value.field == field


def test_spec_must_be_a_dict():
    with pytest.raises(EngineError, match='must be an object with keys name, seed, n, noise, got "circle"'):
        build("circle", 2, 1)


# ---- one_hot, standardize, split --------------------------------------------------------------

def test_one_hot_rows():
    Y = one_hot(np.array([2, 0, 1, 2]), 3)
    assert np.array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(EngineError, match="from 0 to 2"):
        one_hot([0, 3], 3)


def test_standardize_mean_zero_std_one_and_constant_columns_zero():
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(5, 3, 500), np.full(500, 0.1), rng.uniform(-1e300, 1e300, 500)])
    Z = standardize(X)
    assert np.isfinite(Z).all()
    assert np.allclose(Z[:, [0, 2]].mean(axis=0), 0, atol=1e-12)
    assert np.allclose(Z[:, [0, 2]].std(axis=0), 1)
    assert np.array_equal(Z[:, 1], np.zeros(500))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=2, max_size=2),
                min_size=1, max_size=20))
def test_standardize_never_gives_nan(rows):
    Z = standardize(np.array(rows))
    assert Z.shape == (len(rows), 2) and np.isfinite(Z).all()
    assert np.all(np.abs(Z.mean(axis=0)) < 1e-6)


def test_standardize_refuses_non_finite():
    with pytest.raises(EngineError, match="finite"):
        standardize([[1.0, np.inf]])


def test_split_sizes_disjoint_and_seeded():
    X = np.arange(100.0).reshape(50, 2)
    Y = np.arange(50.0).reshape(50, 1)
    Xa, Ya, Xb, Yb = split(X, Y, 0.2, seed=5)
    assert Xa.shape == (40, 2) and Ya.shape == (40, 1) and Xb.shape == (10, 2) and Yb.shape == (10, 1)
    assert set(Ya[:, 0]).isdisjoint(Yb[:, 0]) and set(Ya[:, 0]) | set(Yb[:, 0]) == set(range(50))
    assert np.array_equal(Xa[:, 0] / 2, Ya[:, 0])  # rows stay paired
    again = split(X, Y, 0.2, seed=5)
    assert np.array_equal(again[2], Xb)
    assert not np.array_equal(split(X, Y, 0.2, seed=6)[2], Xb)


def test_split_zero_fraction_gives_empty_test_with_columns():
    Xa, Ya, Xb, Yb = split(np.ones((5, 3)), np.ones((5, 2)), 0.0, seed=0)
    assert Xa.shape == (5, 3) and Xb.shape == (0, 3) and Yb.shape == (0, 2)


def test_split_refusals():
    with pytest.raises(EngineError, match="leaves no training rows"):
        split(np.ones((1, 2)), np.ones((1, 1)), 0.9, seed=0)
    with pytest.raises(EngineError, match=r"must be from 0 to 0.9, got 0.95"):
        split(np.ones((10, 2)), np.ones((10, 1)), 0.95, seed=0)
    with pytest.raises(EngineError, match="X has 3 rows but Y has 2"):
        split(np.ones((3, 2)), np.ones((2, 1)), 0.5, seed=0)


def test_standardize_by_reference_rows_uses_their_mean_and_std():
    ref = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 10.0]])  # mean (2, 10), std (sqrt(8/3), 0)
    Z = standardize(np.array([[5.0, 11.0], [-1.0, 10.0]]), ref=ref)
    np.testing.assert_allclose(Z, [[3 / np.sqrt(8 / 3), 0.0], [-3 / np.sqrt(8 / 3), 0.0]], rtol=1e-14)
    with pytest.raises(EngineError, match=r"^standardize: column 0 of the held-out rows"):
        standardize(np.array([[1e300, 0.0]]), ref=np.array([[1e-300, 0.0], [2e-300, 0.0]]))


def test_spread_says_how_far_apart_the_input_ranges_are():
    X = np.array([[0.0, 1000.0, 5.0], [1.0, 3000.0, 5.0], [0.5, 2000.0, 5.0]])  # the constant column is left out
    assert spread(X) == pytest.approx(2000.0) and spread(X) > SPREAD
    assert spread(X[:, :1]) == 1.0 and spread(np.zeros((0, 2))) == 1.0
    assert spread(np.array([[0.0, 0.0], [2.0, 3.0]])) == pytest.approx(1.5)
