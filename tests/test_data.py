"""Datasets, standardising, splitting and CSV reading: numbers first, then every refusal's message."""
import time

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.csvfile import read_csv
from engine.data import DATASETS, build, one_hot, split, standardize

PLAYGROUND = [name for name in DATASETS if name != "digits"]  # digits has its own tests (test_digits.py)
from engine.errors import EngineError


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
    with pytest.raises(EngineError, match=r"^layers: dataset 'spiral' has 2 input dims.*needs 2 units; got 3$"):
        build({"name": "spiral"}, 3, 1)
    with pytest.raises(EngineError, match=r"'regress1d' has 1 input dims.*got 2"):
        build({"name": "regress1d"}, 2, 1)


def test_output_size_mismatch_says_which_sizes_fit():
    with pytest.raises(EngineError, match=r"^layers: dataset 'xor' has 2 classes.*1 unit \(0/1 label\) "
                                          r"or 2 \(one-hot\); got 3$"):
        build({"name": "xor"}, 2, 3)
    with pytest.raises(EngineError, match=r"'regress2d' is a regression set.*needs 1 unit; got 2"):
        build({"name": "regress2d"}, 2, 2)


@pytest.mark.parametrize("spec, field, message", [
    ({"name": "moons"}, "dataset.name", r"unknown dataset 'moons'; valid: circle, digits, gaussian, regress1d, "
                                        r"regress2d, spiral, xor$"),
    ({}, "dataset.name", r"unknown dataset None; valid:"),
    ({"name": "xor", "size": 3}, "dataset.size", r"unknown setting 'size'; allowed: name, seed, n, noise"),
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
    with pytest.raises(EngineError, match="must be an object with keys name, seed, n, noise, got 'circle'"):
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


# ---- read_csv ---------------------------------------------------------------------------------

def test_csv_with_header_default_target_is_last_column():
    X, Y, xs, ys = read_csv(b"x1,x2,y\n1,2,3\n4.5,-5e0, 6 \n")
    assert xs == ["x1", "x2"] and ys == ["y"]
    assert np.array_equal(X, [[1, 2], [4.5, -5]]) and np.array_equal(Y, [[3], [6]])


def test_csv_without_header_names_columns_and_targets_by_index_or_name():
    X, Y, xs, ys = read_csv("1,2,3\n4,5,6\n", targets=[0, "c2"])
    assert xs == ["c1"] and ys == ["c0", "c2"]
    assert np.array_equal(X, [[2], [5]]) and np.array_equal(Y, [[1, 3], [4, 6]])


def test_csv_bom_crlf_quotes_and_blank_rows():
    X, Y, xs, ys = read_csv(b'\xef\xbb\xbf"a",b\r\n"1",2\r\n\r\n,\r\n3,4\r\n')
    assert xs == ["a"] and np.array_equal(Y, [[2], [4]])


def test_csv_semicolons_when_first_line_has_no_comma():
    X, Y, xs, ys = read_csv("a;b;c\n1;2;3\n")
    assert xs == ["a", "b"] and np.array_equal(Y, [[3]])


@pytest.mark.parametrize("data, message", [
    (b"a,b\n1,\xff\n", r"not UTF-8 text: byte 0xff at byte offset 6"),
    (b"", r"^csv: the file is empty$"),
    (b"\n\n ,\n", r"the file is empty"),
    (b"x,y\n", r"only a header row and no data rows"),
    (b"y\n1\n2\n", r"need at least one input column and one target column"),
    (b"a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n\n1,2,3,4\n1,2,3,4\n1,2,3\n", r"row 8 has 3 cells, the header has 4"),
    (b"1,2\n3,4,5\n", r"row 2 has 3 cells, row 1 has 2"),
    (b"x1,x2\n1,2\n3,4\n5,6\n7,\n", r"row 5, column 'x2': empty cell"),
    (b"x1,x2\n1,2\nabc,3\n", r"row 3, column 'x1': 'abc' is not a number"),
    (b"x1,x2\n1,nan\n", r"row 2, column 'x2': 'nan' is not a finite number"),
    (b"x1,x2\n1,-inf\n", r"'-inf' is not a finite number"),
    (b"x1,x2\n1,1e999\n", r"'1e999' is not a finite number"),
    (b"x,x\n1,2\n", r"column name 'x' appears twice \(columns 1 and 2\)"),
    (b"x,,y\n1,2,3\n", r"row 1, column 2: empty column name"),
    (b'x,y\n1,"' + b"9" * 200_000 + b'"\n', r"row 2: not readable as CSV"),
])
def test_csv_faults_have_their_own_message(data, message):
    with pytest.raises(EngineError, match=message) as info:
        read_csv(data)
    assert info.value.field == "csv" and "\n" not in str(info.value)


def test_csv_too_many_bytes_and_rows():
    with pytest.raises(EngineError, match=r"the file is 12 bytes; at most 10 are allowed"):
        read_csv(b"a,b\n1,2\n3,4\n", max_bytes=10)
    with pytest.raises(EngineError, match=r"more than 2 data rows; at most 2 are allowed"):
        read_csv(b"a,b\n1,2\n3,4\n5,6\n", max_rows=2)
    with pytest.raises(EngineError, match=r"the file has 3 data rows; at most 2 are allowed"):
        read_csv(b"1,2\n3,4\n5,6\n", max_rows=2)  # no header: every row is data
    assert read_csv(b"a,b\n1,2\n3,4\n", max_rows=2)[0].shape == (2, 1)
    assert read_csv(b"a,b\n1,2\n\n\n3,4\n", max_rows=2)[0].shape == (2, 1)  # blank rows are not data


def test_a_million_row_csv_is_refused_without_parsing_it_whole():
    data = b"x,y\n" + b"1.5,2\n" * 1_000_000  # 6 MB, under a raised byte limit
    start = time.perf_counter()
    with pytest.raises(EngineError, match=r"more than 100000 data rows"):
        read_csv(data, max_bytes=64 * 2**20)
    assert time.perf_counter() - start < 1.5  # parsing it all took about 3 s


@pytest.mark.parametrize("targets, message", [
    (["z"], r"no column 'z'; columns: 0 'a', 1 'b', 2 'y'"),
    ([3], r"no column 3; columns: 0 'a'"),
    ([-1], r"no column -1"),
    (["a", "b", "y"], r"every column is a target; leave at least one input column"),
    (["y", 2], r"column 'y' is chosen twice"),
    ([], r"non-empty list"),
    ("y", r"non-empty list"),
])
def test_csv_bad_targets(targets, message):
    with pytest.raises(EngineError, match=message) as info:
        read_csv(b"a,b,y\n1,2,3\n", targets=targets)
    assert info.value.field == "csv.targets"


def test_csv_refuses_other_types():
    with pytest.raises(EngineError, match="bytes or text, got int"):
        read_csv(12)


def check_csv_result(data):
    try:
        X, Y, xs, ys = read_csv(data)
    except EngineError:
        return
    assert X.dtype == Y.dtype == np.float64
    assert X.shape == (Y.shape[0], len(xs)) and Y.shape == (X.shape[0], len(ys))
    assert X.shape[0] >= 1 and len(xs) >= 1 and len(ys) >= 1
    assert np.isfinite(X).all() and np.isfinite(Y).all()


CELLS = st.sampled_from(["1", "-2.5", "1e3", " 4 ", "", "x", "nan", "inf", "1e999", '"5"', "y;z", "\ufeff"])
CSV_TEXT = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_csv_arbitrary_bytes_give_arrays_or_engine_error(data):
    check_csv_result(data)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), CSV_TEXT))
def test_csv_arbitrary_text_give_arrays_or_engine_error(text):
    check_csv_result(text)
    check_csv_result(text.encode("utf-8"))


def test_standardize_by_reference_rows_uses_their_mean_and_std():
    ref = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 10.0]])  # mean (2, 10), std (sqrt(8/3), 0)
    Z = standardize(np.array([[5.0, 11.0], [-1.0, 10.0]]), ref=ref)
    np.testing.assert_allclose(Z, [[3 / np.sqrt(8 / 3), 0.0], [-3 / np.sqrt(8 / 3), 0.0]], rtol=1e-14)
    with pytest.raises(EngineError, match=r"^standardize: column 0 of the held-out rows"):
        standardize(np.array([[1e300, 0.0]]), ref=np.array([[1e-300, 0.0], [2e-300, 0.0]]))
