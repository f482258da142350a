"""Scenario and trace files: exact writing and replay bit for bit (refusals: test_file_refusals.py)."""
import json

import numpy as np
import pytest

from engine.files import formats
from engine.text.errors import NonFiniteError
from tests.helpers import MAZUR, bits, encode, random_scenario, refused, run

# floats whose shortest decimal form is long, subnormal, signed zero or at the edge of the range
AWKWARD = [0.1 + 0.2, 1e-300, 5e-324, -0.0, 1 / 3, 2.0**-1022, 1.7976931348623157e308]
DATASET = {"schema": "backprop-scenario/1", "layers": [2, 3, 1], "activations": ["tanh", "sigmoid"],
           "loss": "cross_entropy", "lr": 0.3, "init": {"scheme": "xavier", "seed": 1},
           "dataset": {"name": "xor", "seed": 2, "n": 12, "noise": 0.1}, "test_fraction": 0.25,
           "standardize": True}


# --- writing is exact ---------------------------------------------------------------------------

def test_awkward_floats_read_back_bit_identical():
    src = {**MAZUR, "layers": [len(AWKWARD), 1], "activations": ["linear"], "W": [[AWKWARD]],
           "b": [[AWKWARD[0]]], "X": [AWKWARD], "Y": [[AWKWARD[2]]]}
    text = formats.dumps(src)
    assert json.loads(text)["X"][0] == AWKWARD and bits(json.loads(text)["X"][0]) == bits(AWKWARD)
    sc = formats.read_scenario(text.encode())
    assert bits(sc.X[:, 0]) == bits(AWKWARD)
    assert bits(sc.W[0][0]) == bits(AWKWARD)
    assert bits(sc.Y) == bits([5e-324]) and np.signbit(sc.X[3, 0])


def test_every_number_of_a_trace_is_written_exactly():
    # subnormal, signed-zero and long-mantissa inputs make every logged array awkward
    src = {**MAZUR, "X": [[AWKWARD[1], -0.0]], "b": [[1 / 3, 0.1 + 0.2], [5e-324, -0.0]]}
    st = run(src, 2)
    steps = json.loads(formats.dumps(formats.trace_dict(st)))["steps"]
    for rec, step in zip(st.records, steps):
        assert bits(step["J"]) == bits(rec.J)
        for key, arrays in (("dW", rec.dW), ("db", rec.db), ("W_after", rec.W_after), ("b_after", rec.b_after)):
            assert [bits(v) for v in step[key]] == [bits(v) for v in arrays], key
        sample = step["samples"][0]
        assert [bits(v) for v in sample["a"]] == [bits(v[:, 0]) for v in rec.a]
        assert [bits(v) for v in sample["delta"]] == [bits(v[:, 0]) for v in rec.delta]
        assert bits(sample["x"]) == bits(src["X"][0])


def test_current_parameters_written_as_a_scenario_read_back_bit_identical():
    st = run(random_scenario([3, 4, 2], "tanh", "squared_error", "linear", m=4, seed=3), 5)
    sc = formats.read_scenario(encode(formats.scenario_dict(st, at_current=True)))
    assert [bits(w) for w in sc.W] == [bits(w) for w in st.W]
    assert [bits(v) for v in sc.b] == [bits(v) for v in st.b]


def test_the_trace_layout_holds_mazurs_published_numbers():
    # Matt Mazur, "A Step by Step Backpropagation Example": forward values, E_total, delta_o1, new weights
    step = json.loads(formats.dumps(formats.trace_dict(run(MAZUR, 1))))["steps"][0]
    sample = step["samples"][0]
    assert sample["a"][0] == [0.05, 0.10]  # a[0] = x
    assert sample["z"][0][0] == pytest.approx(0.3775, abs=1e-12)  # net_h1, index 0 holds layer 1
    assert sample["a"][1] == pytest.approx([0.593269992, 0.596884378], abs=1e-9)
    assert sample["a"][2] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    assert sample["loss"] == pytest.approx(0.298371109, abs=1e-9) and step["J"] == sample["loss"]
    assert sample["delta"][1][0] == pytest.approx(0.138498562, abs=1e-9)
    # rows are receiving neurons: W_after[0] = [[w1, w2], [w3, w4]], W_after[1] = [[w5, w6], [w7, w8]]
    assert sum(step["W_after"][0], []) == pytest.approx([0.149780716, 0.19956143, 0.24975114, 0.29950229], abs=1e-8)
    assert sum(step["W_after"][1], []) == pytest.approx([0.35891648, 0.408666186, 0.511301270, 0.561370121], abs=1e-8)


def test_huge_finite_gradients_are_written_and_a_norm_that_overflows_stops_the_step():
    # found by fuzzing: np.linalg.norm squared 1e200 to infinity, which no JSON file can hold
    # one linear unit, w = 1, x = 1e100, y = 0: a = 1e100, J = a^2 / 2, dW = (a - y) x = 1e200
    src = {**MAZUR, "layers": [1, 1], "activations": ["linear"], "W": [[[1.0]]], "b": [[0.0]],
           "X": [[1e100]], "Y": [[0.0]], "lr": 0.1}
    step = json.loads(formats.dumps(formats.trace_dict(run(src, 1))))["steps"][0]
    assert step["J"] == 5e199 and step["dW"] == [[[1e200]]] and step["grad_norms"] == [1e200]
    # sigmoid + cross-entropy keeps delta below 1, so dW = delta x is finite but its norm is not
    src = {**MAZUR, "layers": [2, 1], "activations": ["sigmoid"], "loss": "cross_entropy", "lr": 1e-10,
           "W": [[[1e-10, 1e-10]]], "b": [[0.0]], "X": [[1.5e308, 1.5e308]], "Y": [[0.0]]}
    with pytest.raises(NonFiniteError) as info:
        run(src, 1)
    assert info.value.quantity == "||dW||" and info.value.layer == 1


# --- a trace replays bit for bit ----------------------------------------------------------------

CASES = {
    "mazur, one sample per step": (MAZUR, 3, None),
    "full batch": (random_scenario([3, 4, 2], "sigmoid", "softmax_cross_entropy", "softmax", lam=0.2, m=4), 3, "full"),
    "mini-batch k=2 of 5": (random_scenario([2, 3, 1], "relu", "squared_error", "linear", m=5, seed=4), 4, 2),
    "dataset scenario": (DATASET, 5, 3),
}


@pytest.mark.parametrize("name", CASES)
def test_a_trace_replays_bit_for_bit(name):
    src, n, batch = CASES[name]
    st = run(src, n, batch)
    text = formats.dumps(formats.trace_dict(st))
    again = formats.read_trace(text.encode())
    assert formats.dumps(formats.trace_dict(again)) == text
    fresh = run(json.loads(text)["scenario"], n, json.loads(text)["batch"])
    assert formats.dumps(formats.trace_dict(fresh)) == text
    assert [bits(w) for w in again.W] == [bits(w) for w in st.W]


def test_batch_settings_choose_the_samples_they_promise():
    src = random_scenario([2, 3, 1], "relu", "squared_error", "linear", m=5, seed=4)
    sizes = lambda batch, n: [len(s["sample_indices"]) for s in formats.trace_dict(run(src, n, batch))["steps"]]
    assert sizes("sample", 3) == [1, 1, 1]
    assert sizes(2, 4) == [2, 2, 1, 2]  # a batch never spans two epochs
    assert sizes("full", 2) == [5, 5]
    epoch = formats.trace_dict(run(src, 5, "sample"))["steps"]
    assert sorted(s["sample_indices"][0] for s in epoch) == [0, 1, 2, 3, 4]


def test_a_tiny_memory_budget_writes_old_steps_as_summaries_that_still_replay():
    src = CASES["mini-batch k=2 of 5"][0]
    st = run(src, 4, 2, budget=1)
    trace = formats.trace_dict(st)
    text = formats.dumps(trace)
    assert [s["full"] for s in trace["steps"]] == [False, False, False, True]
    assert set(trace["steps"][0]) == {"index", "full", "J", "grad_norms", "stream_pos", "n_samples"}
    assert formats.dumps(formats.trace_dict(run(src, 4, 2, budget=1))) == text
    full = formats.trace_dict(formats.read_trace(text.encode()))  # replayed in full: summaries must agree
    for mine, theirs in zip(full["steps"], trace["steps"]):
        assert formats.dumps({k: mine[k] for k in theirs if k != "full"}) == \
            formats.dumps({k: v for k, v in theirs.items() if k != "full"})
    edited = json.loads(text)
    edited["steps"][1]["J"] = float(np.nextafter(edited["steps"][1]["J"], 1.0))
    refused(formats.read_trace, encode(edited), "steps[1].J", "differs")


def test_summaries_that_list_their_sample_indices_still_replay():
    # before stream_pos and n_samples, a summary listed its samples
    src = CASES["mini-batch k=2 of 5"][0]
    whole = formats.trace_dict(run(src, 4, 2))
    old = formats.trace_dict(run(src, 4, 2, budget=1))
    for step, full in zip(old["steps"][:3], whole["steps"]):
        del step["stream_pos"], step["n_samples"]
        step["sample_indices"] = full["sample_indices"]
    assert len(formats.read_trace(encode(old)).records) == 4
    old["steps"][1]["sample_indices"] = old["steps"][1]["sample_indices"][::-1]
    refused(formats.read_trace, encode(old), "steps[1].sample_indices", "stream")


def test_read_any_tells_scenarios_from_traces():
    kind, sc = formats.read_any(encode(MAZUR))
    assert kind == "scenario" and sc.net.layers == (2, 2, 2)
    kind, st = formats.read_any(encode(formats.trace_dict(run(MAZUR, 2))))
    assert kind == "trace" and len(st.records) == 2


def test_a_utf8_byte_order_mark_is_accepted():
    assert formats.read_scenario(b"\xef\xbb\xbf" + encode(MAZUR)).net.layers == (2, 2, 2)
