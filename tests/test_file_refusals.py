"""Scenario and trace files that are refused: every fault named by its field, with its own message."""
import numpy as np
import pytest

from engine.core.scenarios import scenario

from engine.files import formats
from tests.helpers import MAZUR, bits, encode, refused, run

# --- refusals -----------------------------------------------------------------------------------

def ulp_up(x):
    return float(np.nextafter(x, np.inf))


EDITS = [  # (path into a step, field named) for one-ulp edits of a MAZUR trace
    ((1, "J"), "steps[1].J"),
    ((2, "W_after", 1, 0, 1), "steps[2].W_after"),
    ((0, "samples", 0, "loss"), "steps[0].samples"),
    ((0, "samples", 0, "delta", 0, 1), "steps[0].samples"),
    ((1, "grad_norms", 0), "steps[1].grad_norms"),
    ((0, "db", 1, 0), "steps[0].db"),
    ((2, "dW", 0, 1, 0), "steps[2].dW"),
]


@pytest.mark.parametrize("path, field", EDITS)
def test_an_edited_number_in_a_trace_is_refused_naming_step_and_key(path, field):
    trace = formats.trace_dict(run(MAZUR, 3))
    node = trace["steps"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = ulp_up(node[path[-1]])
    refused(formats.read_trace, encode(trace), field, "differs")


def test_a_trace_whose_scenario_was_edited_is_refused_at_the_first_step_it_changes():
    trace = formats.trace_dict(run(MAZUR, 2))
    trace["scenario"] = {**trace["scenario"], "lr": ulp_up(0.5)}
    refused(formats.read_trace, encode(trace), "steps[0].W_after", "differs")  # J comes before the update


def mutated_trace(change):
    trace = formats.trace_dict(run(MAZUR, 2))  # run() parses its own copy of MAZUR: safe to change
    change(trace)
    return encode(trace)


TRACE_FAULTS = [
    (lambda t: t["steps"][1].update(index=5), "steps[1].index", "must be 1"),
    (lambda t: t["steps"][0].update(sample_indices=[1]), "steps[0].sample_indices", "stream"),
    (lambda t: t["steps"][0].update(sample_indices=[1e300]), "steps[0].sample_indices", "stream"),
    (lambda t: t["steps"][0].update(full=False), "steps[0]", "summary"),
    (lambda t: t["steps"][0].pop("dW"), "steps[0]", "dW"),
    (lambda t: t["scenario"].update(W=MAZUR["W"][:1]), "scenario.W", "2 entries"),
    (lambda t: t["scenario"].update(activations=["sigmoid", "swish"]), "scenario.activations[1]", "swish"),
    (lambda t: t.update(batch="half"), "batch", "mini-batch"),
]


@pytest.mark.parametrize("change, field, word", TRACE_FAULTS)
def test_a_broken_trace_is_refused_naming_the_field(change, field, word):
    refused(formats.read_trace, mutated_trace(change), field, word)


NO_W = {k: v for k, v in MAZUR.items() if k != "W"}
NO_XY = {k: v for k, v in MAZUR.items() if k not in ("X", "Y")}
SCENARIO_FAULTS = [  # (scenario, field, a word of the message)
    ({**MAZUR, "W": [[[0.1, 0.2, 0.3]] * 2, MAZUR["W"][1]]}, "W[0]", "columns"),
    ({**MAZUR, "W": MAZUR["W"][:1]}, "W", "2 entries"),
    ({**MAZUR, "b": [[0.35, 0.35], [0.6]]}, "b[1]", "got 1"),
    ({**MAZUR, "X": [[0.05, 0.1, 0.2]]}, "X", "columns"),
    ({**MAZUR, "Y": [[0.01, 0.99], [0.0, 1.0]]}, "Y", "rows"),
    ({**MAZUR, "activations": ["sigmoid", "relu2"]}, "activations[1]", "not one of"),
    ({**MAZUR, "activations": ["softmax", "sigmoid"]}, "activations[0]", "only at the output"),
    ({**MAZUR, "loss": "cross_entropy", "activations": ["sigmoid", "tanh"]}, "activations[1]", "sigmoid"),
    ({**MAZUR, "loss": "hinge"}, "loss", "not one of"),
    ({**NO_W, "init": {"scheme": "zeros"}}, "init.scheme", "not one of"),
    ({**NO_XY, "dataset": {"name": "moons"}}, "dataset.name", "unknown dataset"),
    ({**NO_XY, "dataset": {"name": "regress1d"}}, "layers", "input"),
    ({**NO_XY, "dataset": {"name": "xor", "n": 200_000}}, "dataset.n", "maximum"),
    ({**MAZUR, "layers": [2, 2000, 2]}, "layers[1]", "maximum"),
    ({**MAZUR, "layers": [2] * 10}, "layers", "2 to 9 layer sizes"),
    ({**MAZUR, "lr": -1}, "lr", "minimum"),
    ({**MAZUR, "lr": 2e6}, "lr", "maximum"),
    ({**MAZUR, "lambda": 2e6}, "lambda", "maximum"),
    ({**MAZUR, "lambda": -0.1}, "lambda", "minimum"),
    ({**MAZUR, "batch": 0}, "batch", "minimum"),
    ({**MAZUR, "test_fraction": 0.9}, "test_fraction", "no training rows"),
    ({**MAZUR, "shuffle": "yes"}, "shuffle", "boolean"),
    ({**MAZUR, "init": {"scheme": "xavier"}}, None, "not both"),
    ({**MAZUR, "colour": "red"}, None, "colour"),
]


@pytest.mark.parametrize("src, field, word", SCENARIO_FAULTS)
def test_a_bad_scenario_is_refused_naming_the_field_and_fault(src, field, word):
    refused(formats.read_scenario, encode(src), field, word)


def test_more_samples_than_the_limit_are_refused(monkeypatch):
    # a file at the real limit (100,000 rows) takes seconds to schema-check, so the limit is lowered
    monkeypatch.setattr(scenario, "MAX_SAMPLES", 3)
    refused(formats.read_scenario, encode({**MAZUR, "X": [[0.0, 0.0]] * 4, "Y": [[0.0, 1.0]] * 4}), "X", "at most 3")
    assert formats.read_scenario(encode({**MAZUR, "X": [[0.0, 0.0]] * 3, "Y": [[0.0, 1.0]] * 3})).X.shape == (2, 3)


def test_a_normal_init_with_sigma_minus_zero_gives_zero_weights():
    # found by fuzzing: numpy refuses a scale of -0.0 with a bare ValueError
    sc = formats.read_scenario(encode({**NO_W, "init": {"scheme": "normal", "sigma": -0.0}}))
    assert all(not w.any() for w in sc.W)
    refused(formats.read_scenario, encode({**NO_W, "init": {"scheme": "normal", "sigma": -1e-300}}), "init.sigma", ">= 0")


def test_what_parse_accepts_is_written_and_read_back_and_larger_init_seeds_are_refused_by_both():
    top = 2**63 - 1  # the largest whole number a file holds
    for src in ({**NO_W, "init": {"scheme": "xavier", "seed": top}},
                {**NO_XY, "dataset": {"name": "xor", "seed": top, "n": 4}}):
        sc = scenario.parse(src)
        again = formats.read_scenario(encode(src))
        assert [bits(w) for w in again.W] == [bits(w) for w in sc.W] and bits(again.X) == bits(sc.X)
    for src, field in (({**NO_W, "init": {"scheme": "xavier", "seed": top + 1}}, "init.seed"),
                       ({**NO_W, "init": {"scheme": "xavier", "seed": -1}}, "init.seed")):
        refused(scenario.parse, src, field, "whole number")
        refused(formats.read_scenario, encode(src))


def test_numbers_that_overflow_a_float_are_refused():
    text = formats.dumps(MAZUR).replace("0.05", "1e999")  # json reads 1e999 as infinity
    refused(formats.read_scenario, text.encode(), "X", "infinity")
    text = formats.dumps(MAZUR).replace("0.05", "1" + "0" * 400)  # a whole number, not a float
    refused(formats.read_scenario, text.encode(), None, "whole number")
    refused(formats.read_scenario, ('{"lr": ' + "9" * 5000 + "}").encode(), None, "whole number")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_refused(token):
    refused(formats.read_scenario, formats.dumps(MAZUR).replace("0.05", token).encode(), None, token)


@pytest.mark.parametrize("data", [b"[" * 10_000 + b"]" * 10_000,
                                  b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
                                  b"[" * 100_000])
def test_deep_nesting_is_refused_without_a_recursion_error(data):
    refused(formats.read_any, data)


def test_files_that_are_not_utf8_json_are_refused():
    refused(formats.read_any, b"\xff\xfe{}", None, "UTF-8")
    refused(formats.read_any, formats.dumps(MAZUR).encode("utf-16"), None, "UTF-8")
    refused(formats.read_any, b'{"schema": ', None, "not valid JSON")
    refused(formats.read_any, b"", None, "not valid JSON")


def test_the_size_limit_is_the_max_bytes_argument():
    data = encode(MAZUR)
    assert formats.read_scenario(data, max_bytes=len(data)).lr == 0.5
    refused(lambda d: formats.read_scenario(d, max_bytes=len(data) - 1), data, None, "larger")
    refused(lambda d: formats.read_trace(d, max_bytes=100), encode(formats.trace_dict(run(MAZUR, 1))), None, "larger")


def test_each_reader_refuses_the_other_kind_and_read_any_an_unknown_schema():
    trace = encode(formats.trace_dict(run(MAZUR, 1)))
    refused(formats.read_scenario, trace, None, "trace")
    refused(formats.read_trace, encode(MAZUR), None, "scenario")
    refused(formats.read_any, encode({**MAZUR, "schema": "backprop-scenario/2"}), "schema", "backprop-scenario/1")
    refused(formats.read_any, b"[1, 2]", None, "one JSON object (a scenario or a trace), got [1, 2]")
    refused(formats.read_any, encode({"layers": [2, 2]}), "schema", "no \"schema\" key")
