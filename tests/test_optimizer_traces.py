"""An optimiser's state is part of the exact history: traces write and replay it bit for bit, a way
back restores it, and scenarios refuse bad settings by the field's name."""
import json
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.core.scenarios import scenario

from engine.core.stepping.stepper import Stepper
from engine.files import formats
from engine.teach.screen.edit import edit
from engine.text.errors import EngineError
from tests.helpers import random_scenario

ROOT = Path(__file__).resolve().parent.parent
ADAM = random_scenario([2, 4, 3, 2], "tanh", "softmax_cross_entropy", "softmax", m=7, seed=3, lr=0.02, batch=2,
                       lam=0.05, optimizer={"name": "adam", "beta1": 0.8}, schedule={"name": "cosine", "steps": 6})


def run(src, n, budget=2**30) -> Stepper:
    st = Stepper(formats.read_scenario(formats.dumps(src).encode()), budget=budget)
    st.run(n)
    return st


def bits(st: Stepper) -> list:
    """The IEEE-754 patterns of the parameters, the optimiser's state and the newest record."""
    state = [arr for side in st.state.values() for kept in side for arr in kept.values()]
    rec = st.records[-1]
    arrays = [*st.W, *st.b, *state, *rec.dW, *rec.db, *rec.delta, np.array([rec.J, rec.lr])]
    return [struct.pack(f"<{a.size}d", *a.ravel()) for a in arrays]


@pytest.mark.parametrize("budget", [2**30, 1])
def test_an_adam_trace_is_written_and_replayed_bit_for_bit(budget, tmp_path):
    st = run(ADAM, 12, budget)
    trace = formats.trace_dict(st)
    full = [s for s in trace["steps"] if s["full"]]
    assert set(full[-1]["state_after"]) == {"W", "b"} and set(full[-1]["state_after"]["W"][0]) == {"m", "v"}
    assert [s.get("lr", ADAM["lr"]) for s in trace["steps"]] == [rec.lr for rec in st.records]
    text = formats.dumps(trace)
    again = formats.read_trace(text.encode(), budget=budget)
    assert formats.dumps(formats.trace_dict(again)) == text and bits(again) == bits(st)
    path = tmp_path / "adam.json"
    path.write_text(text)
    done = subprocess.run([sys.executable, "-m", "engine", "validate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("key", ["state_after", "lr"])
def test_a_trace_whose_state_or_lr_is_one_ulp_off_is_refused(key):
    trace = formats.trace_dict(run(ADAM, 3))
    step = trace["steps"][2]
    if key == "lr":
        step["lr"] = float(np.nextafter(step["lr"], 1.0))
    else:
        m = step["state_after"]["W"][1]["m"]
        m[0][0] = float(np.nextafter(m[0][0], 1.0))
    with pytest.raises(EngineError) as info:
        formats.read_trace(formats.dumps(trace).encode())
    assert info.value.field == f"steps[2].{key}" and "differs" in str(info.value)


def test_a_summary_step_may_not_carry_a_state():
    trace = formats.trace_dict(run(ADAM, 3, budget=1))
    trace["steps"][0]["state_after"] = trace["steps"][2]["state_after"]
    with pytest.raises(EngineError) as info:
        formats.read_trace(formats.dumps(trace).encode())
    assert info.value.field == "steps[0]" and "summary" in str(info.value)


@pytest.mark.parametrize("budget", [2**30, 1, 20_000])
def test_going_back_restores_adams_state_exactly(budget):
    st = run(ADAM, 10, budget)
    history = {10: bits(st)}
    for n in (4, 7, 1):
        st.goto(n)
        st.run(10 - n)
        assert bits(st) == history[10]
    st.goto(4)
    first = run(ADAM, 4)
    assert bits(st) == bits(first)
    st.back(), st.back()  # into step 4, one sub-step before its update, then one more
    st.step()
    assert bits(st) == bits(first)


def refused(src, field, word=""):
    for read in (lambda: formats.read_scenario(formats.dumps(src).encode()), lambda: scenario.parse(src)):
        with pytest.raises(EngineError) as info:
            read()
        assert info.value.field == field and word in str(info.value), info.value


@pytest.mark.parametrize("optimizer, field, word", [
    ({"name": "adam", "beta1": 1.0}, "optimizer.beta1", "below 1"),
    ({"name": "adam", "beta2": -0.1}, "optimizer.beta2", "at least 0"),
    ({"name": "adam", "eps": 0.0}, "optimizer.eps", "above 0"),
    ({"name": "rmsprop", "alpha": 1.5}, "optimizer.alpha", "from 0 to 1"),
    ({"name": "momentum", "momentum": -0.5}, "optimizer.momentum", "from 0 to 1"),
    ({"name": "momentum", "nesterov": "yes"}, "optimizer.nesterov", "true or false"),
    ({"name": "momentum", "beta1": 0.9}, "optimizer.beta1", "momentum, nesterov"),
    ({"name": "sgd", "momentum": 0.9}, "optimizer.momentum", "no such field"),
    ({"name": "lbfgs"}, "optimizer.name", '"lbfgs"'),
])
def test_bad_optimizer_settings_are_refused_naming_the_field(optimizer, field, word):
    refused(dict(ADAM, optimizer=optimizer), field, word)


@pytest.mark.parametrize("schedule, field, word", [
    ({"name": "step", "every": 0}, "schedule.every", "whole number from 1"),
    ({"name": "step", "every": 2.5}, "schedule.every", "whole number"),
    ({"name": "exponential", "gamma": 2}, "schedule.gamma", "from 0 to 1"),
    ({"name": "cosine", "lr_min": -1}, "schedule.lr_min", "from 0"),
    ({"name": "cosine", "every": 3}, "schedule.every", "steps, lr_min"),
    ({"name": "linear"}, "schedule.name", '"linear"'),
])
def test_bad_schedule_settings_are_refused_naming_the_field(schedule, field, word):
    refused(dict(ADAM, schedule=schedule), field, word)


def test_a_file_refuses_settings_of_the_wrong_type_or_shape_by_name():
    with pytest.raises(EngineError) as info:
        formats.read_scenario(formats.dumps(dict(ADAM, optimizer="adam")).encode())
    assert info.value.field == "optimizer" and "object" in str(info.value)
    with pytest.raises(EngineError) as info:
        formats.read_scenario(formats.dumps(dict(ADAM, optimizer={"name": "adam", "beta1": "0.9"})).encode())
    assert info.value.field == "optimizer.beta1" and "number" in str(info.value)
    with pytest.raises(EngineError) as info:
        scenario.parse(dict(ADAM, optimizer=["adam"]))
    assert info.value.field == "optimizer" and "sgd, momentum, rmsprop, adam" in str(info.value)


def test_output_first_is_refused_with_an_optimiser_other_than_gradient_descent():
    src = dict(ADAM, update_order="output_first")
    refused(src, "update_order", "sgd")
    assert scenario.parse(dict(src, optimizer={"name": "sgd"})).update_order == "output_first"


def test_a_scenario_without_an_optimizer_is_gradient_descent_with_a_constant_lr():
    src = {k: v for k, v in ADAM.items() if k not in ("optimizer", "schedule")}
    sc = scenario.parse(json.loads(formats.dumps(src)))
    assert sc.optimizer.name == "sgd" and sc.schedule is None and sc.lr_at(1000) == sc.lr
    assert not any(sc.start_state()["W"])


def test_a_network_saved_mid_run_goes_on_with_its_optimisers_state_and_schedule():
    src = dict(ADAM, batch="full")  # every step takes every sample, wherever the stream starts
    st = run(src, 6)
    saved = formats.scenario_dict(st, at_current=True)
    assert saved["resume"]["updates"] == 6 and set(saved["resume"]["state"]["b"][2]) == {"m", "v"}
    again = run(saved, 3)
    st.run(3)
    assert bits(again) == bits(st) and again.records[0].lr == st.records[6].lr


def test_an_edit_mid_run_keeps_the_optimisers_state():
    st = run(ADAM, 6)
    assert edit(st).changes == []  # nothing edited: the step on screen comes out the same, update included
    W = [w.copy() for w in st.records[-1].W_before]
    W[0][1, 1] += 0.25
    edited = edit(st, W=W)
    assert edited.source["resume"]["updates"] == 5
    assert ("W", 1, (1, 1)) in {(c.quantity, c.layer, c.index) for c in edited.changes}


@pytest.mark.parametrize("resume, field", [
    ({"updates": -1}, "resume.updates"),
    ({"updates": 3, "state": {"W": [{"m": [[0.0]]}], "b": [{"m": [0.0]}]}}, "resume.state.W"),
    ("3", "resume"),
])
def test_a_bad_resume_is_refused_naming_the_field(resume, field):
    refused(dict(ADAM, resume=resume), field)


def test_a_resumed_state_must_hold_the_optimisers_arrays_in_the_networks_shapes():
    saved = formats.scenario_dict(run(ADAM, 2), at_current=True)
    wrong = json.loads(formats.dumps(saved))
    del wrong["resume"]["state"]["W"][1]["v"]
    refused(wrong, "resume.state.W[1]", "m, v")
    wrong = json.loads(formats.dumps(saved))
    wrong["resume"]["state"]["b"][0]["m"] = [0.0]
    refused(wrong, "resume.state.b[0].m", "")
