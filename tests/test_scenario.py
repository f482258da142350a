"""Scenario parsing: what each field accepts, and the message (field, fault, what is allowed) otherwise."""
import numpy as np
import pytest

from engine.core.maths.gradcheck import gradcheck, worst
from engine.core.scenarios import scenario
from engine.files.csvfile import read_csv
from engine.text.errors import EngineError
from tests.helpers import MAZUR

SOFTMAX = {**MAZUR, "loss": "softmax_cross_entropy", "activations": ["sigmoid", "softmax"]}
CROSS = {**MAZUR, "loss": "cross_entropy"}
NO_DATA = {k: v for k, v in MAZUR.items() if k not in ("X", "Y")}


def refused(src, field, *words):
    with pytest.raises(EngineError) as info:
        scenario.parse(src)
    assert info.value.field == field, info.value
    for word in words:
        assert word in str(info.value), info.value
    return info.value


# --- targets the loss is defined for ------------------------------------------------------------

@pytest.mark.parametrize("Y, bad", [
    ([[0.5, 0.5], [0.3, 0.6], [0.0, 1.0]], 1),  # sums to 0.9
    ([[1.0, 0.0], [0.0, 1.0], [1.5, -0.5]], 2),  # sums to 1, but a negative share
    ([[1.0, 0.0], [0.0, 1.0 + 2e-9], [1.0, 0.0]], 1),  # just past the tolerance
])
def test_softmax_targets_must_be_distributions(Y, bad):
    src = {**SOFTMAX, "X": [[0.05, 0.1]] * 3, "Y": Y}
    err = refused(src, f"Y[{bad}]", "softmax_cross_entropy", "non-negative", "summing to 1", repr(Y[bad][1]))
    assert "1e-09" in str(err)


def test_softmax_targets_within_the_tolerance_and_soft_labels_are_accepted():
    src = {**SOFTMAX, "X": [[0.05, 0.1]] * 3, "Y": [[0.1 + 0.2, 0.7], [0.25, 0.75], [0.0, 1.0 + 5e-10]]}
    assert scenario.parse(src).Y.shape == (2, 3)


def test_why_softmax_targets_must_sum_to_one():
    # delta = a - y is dJ/dz only for rows summing to 1: a gradient check shows the error otherwise
    sc = scenario.parse(SOFTMAX)
    sc.Y[:, 0] = [0.5, 0.1]  # bypassing parse, as a hand-edited array would
    assert worst(gradcheck(sc.net, sc.W, sc.b, sc.X, sc.Y)).rel > 0.1


@pytest.mark.parametrize("y", [1.5, -0.25, 1.0000001])
def test_cross_entropy_targets_must_lie_in_0_1(y):
    src = {**CROSS, "X": [[0.05, 0.1]] * 4, "Y": [[0.0, 1.0], [0.3, 0.99], [0.01, y], [0.0, 0.0]]}
    refused(src, "Y[2]", "cross_entropy", "[0, 1]", repr(y))


def test_cross_entropy_accepts_soft_targets_and_squared_error_any_number():
    assert scenario.parse({**CROSS, "Y": [[0.0, 0.37]]}).Y[1, 0] == 0.37
    assert scenario.parse({**MAZUR, "Y": [[-7.5, 300.0]]}).Y[0, 0] == -7.5


def test_a_dataset_whose_targets_do_not_suit_the_loss_is_refused():
    # sin(x) is negative on half of [-6, 6]
    src = {**NO_DATA, "layers": [1, 2, 1], "loss": "cross_entropy", "W": [[[1.0], [1.0]], [[1.0, 1.0]]],
           "b": [[0.0, 0.0], [0.0]], "dataset": {"name": "regress1d", "n": 20}}
    refused(src, "dataset", "cross_entropy", "[0, 1]", '"regress1d"')
    one_hot = {**src, "layers": [2, 3, 2], "loss": "softmax_cross_entropy", "activations": ["tanh", "softmax"],
               "W": [[[0.1, 0.2]] * 3, [[0.1, 0.2, 0.3]] * 2], "b": [[0.0] * 3, [0.0] * 2],
               "dataset": {"name": "xor", "n": 20}}
    assert scenario.parse(one_hot).Y.sum() == 20  # playground classes come one-hot


def test_a_csv_table_with_a_target_outside_0_1_is_refused_at_its_row():
    table = read_csv(b"x1,x2,y1,y2\n0.1,0.2,0,1\n0.3,0.4,1,0\n0.5,0.6,2,0\n", targets=["y1", "y2"])
    X, Y = table.X, table.Y
    refused({**CROSS, "X": X.tolist(), "Y": Y.tolist()}, "Y[2]", "[0, 1]", "2.0")


# --- each fault under its own field, saying what is allowed -------------------------------------

@pytest.mark.parametrize("change, field, message", [
    ({"shuffle_seed": -1}, "shuffle_seed", "must be a whole number from 0 to 9223372036854775807, got -1"),
    ({"shuffle_seed": -1, "test_fraction": 0.5}, "shuffle_seed", "got -1"),
    ({"lambda": -0.1}, "lambda", "must be from 0 to 1000000, got -0.1"),
    ({"lambda": 2e6}, "lambda", "must be from 0 to 1000000, got 2000000.0"),
    ({"lr": -1}, "lr", "must be from 0 to 1000000, got -1"),
    ({"activations": ["sigmoid", "swish"]}, "activations[1]", 'unknown activation "swish"; valid: linear, relu'),
    ({"activations": [["tanh"], "sigmoid"]}, "activations[0]", 'unknown activation ["tanh"]'),
    ({"loss": "hinge"}, "loss", 'unknown loss "hinge"; valid: cross_entropy, softmax_cross_entropy, squared_error'),
])
def test_a_bad_value_is_named_by_its_own_field(change, field, message):
    refused({**MAZUR, **change}, field, message)


def test_an_unknown_init_scheme_is_named_init_scheme():
    refused({**{k: v for k, v in MAZUR.items() if k != "W"}, "init": {"scheme": "zeros"}}, "init.scheme",
            'unknown init scheme "zeros"; valid: constant, he, normal, uniform, xavier')


# --- the split and standardising ----------------------------------------------------------------

ROWS = [[float(i), 10.0 * i * i] for i in range(10)]


def test_inputs_are_standardised_with_the_training_rows_statistics_only():
    src = {**MAZUR, "X": ROWS, "Y": [[0.0, 1.0]] * 10, "test_fraction": 0.3, "shuffle_seed": 1}
    raw, std = scenario.parse(src), scenario.parse({**src, "standardize": True})
    mean, sd = raw.X.mean(axis=1, keepdims=True), raw.X.std(axis=1, keepdims=True)  # training rows only
    np.testing.assert_allclose(std.X, (raw.X - mean) / sd, rtol=0, atol=1e-12)
    np.testing.assert_allclose(std.X_test, (raw.X_test - mean) / sd, rtol=0, atol=1e-12)
    assert raw.X_test.shape[1] == 3 and np.abs(std.X_test).max() > 0


def test_a_column_constant_over_the_training_rows_standardises_to_zeros_everywhere():
    X = [[1.0, 5.0]] * 7 + [[2.0, 5.0]]
    src = {**MAZUR, "X": X, "Y": [[0.0, 1.0]] * 8, "test_fraction": 0.125, "standardize": True}
    seed = next(s for s in range(50)  # one whose test row is the odd one out
                if scenario.parse({**src, "standardize": False, "shuffle_seed": s}).X_test[0, 0] == 2.0)
    sc = scenario.parse({**src, "shuffle_seed": seed})
    assert not sc.X.any() and not sc.X_test.any()


def test_without_a_test_set_the_training_rows_are_the_files_rows_in_order():
    sc = scenario.parse({**MAZUR, "X": ROWS, "Y": [[0.0, 1.0]] * 10})
    assert sc.X.T.tolist() == ROWS and sc.X_test.shape == (2, 0)
    split = scenario.parse({**MAZUR, "X": ROWS, "Y": [[0.0, 1.0]] * 10, "test_fraction": 0.4})
    kept = split.X[0].tolist()
    assert kept == sorted(kept) and len(kept) == 6  # the training rows keep their order too
    assert sorted(kept + split.X_test[0].tolist()) == [r[0] for r in ROWS]
