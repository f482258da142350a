"""Named runs in the engine: a backprop-runs/1 file reads back bit for bit, an imported run's scenario
replays to its own curve exactly, and a bad file is refused naming the field."""
import json

import numpy as np
import pytest

from engine import EngineError, Stepper

from engine.core.scenarios import scenario

from engine.files import runs
from engine.teach.textbook import presets


def trained(steps=120, **override) -> tuple[Stepper, dict]:
    st = Stepper(scenario.parse({**presets.get("optimisers").scenario(), **override}))
    return st, runs.make(st, runs.train(st, steps), 1)


def bits(arrays) -> list:
    return [np.asarray(a, dtype=float).tobytes() for a in arrays]


def test_a_run_keeps_its_exact_start_weights_and_its_curves_thinned():
    st, run = trained(1200)
    assert bits(run["start"][0]) == bits(st.sc.W) and run["steps"] == 1200 and run["batch"] == 10
    assert len(run["log"]) <= runs.LOG_KEPT and run["log"][-1]["step"] == 1200
    assert len(run["norms"]["steps"]) <= runs.LOG_KEPT and run["norms"]["steps"][-1] == 1200
    assert run["norms"]["values"][-1] == list(st.records[-1].grad_norms)
    assert "init" not in runs.start_source(run) and run["init"] == {"scheme": "xavier", "seed": 1}


def test_export_then_import_is_bit_exact_and_replays_to_the_same_curve():
    _, run = trained(150)
    [back] = runs.read(runs.dumps([run], ["baseline"]).encode())
    assert back["name"] == "baseline" and bits(back["start"][0]) == bits(run["start"][0])
    assert bits(back["start"][1]) == bits(run["start"][1])
    assert back["log"] == run["log"] and back["norms"] == run["norms"]
    replay = runs.start_stepper(back)
    for p in back["log"]:  # every logged value, bit for bit, from the imported scenario alone
        assert runs.point(runs.replay_to(replay, p["step"])) == p
    assert list(runs.replay_to(replay, 150).records[-1].grad_norms) == back["norms"]["values"][-1]


def test_replay_goes_back_and_forth_to_the_same_bits():
    st, run = trained(60)
    replay = runs.replay_to(runs.start_stepper(run), 60)
    assert bits(replay.W) == bits(st.W)
    direct = Stepper(scenario.parse(runs.start_source(run)))
    direct.run(17)
    assert bits(runs.replay_to(replay, 17).W) == bits(direct.W)  # back, by the Stepper's exact goto


def _file(mutate) -> bytes:
    _, run = trained(20)
    obj = json.loads(runs.dumps([run], ["a"]))
    mutate(obj)
    return json.dumps(obj).encode()


@pytest.mark.parametrize("mutate, field", [
    (lambda o: o.update(schema="backprop-trace/1"), "schema"),
    (lambda o: o["runs"][0].pop("log"), None),
    (lambda o: o["runs"][0]["scenario"]["W"][0][0].__setitem__(0, 0.25), "runs[0].log[0].train"),
    (lambda o: o["runs"][0]["scenario"].update(lr=-1), "runs[0].scenario.lr"),
    (lambda o: o["runs"][0]["norms"]["values"].pop(), "runs[0].norms"),
], ids=["not runs", "no log", "weights changed by hand", "bad scenario", "norms short"])
def test_a_bad_runs_file_is_refused_naming_the_field(mutate, field):
    with pytest.raises(EngineError) as err:
        runs.read(_file(mutate))
    if field:
        assert err.value.field == field


def test_a_diverged_cost_is_written_as_null_and_read_back_as_a_gap():
    st, run = trained(3, lr=1e6)
    run["log"].append({"step": 3, "train": float("inf"), "test": None, "acc_train": 0.5, "acc_test": None})
    [back] = runs.read(runs.dumps([run], ["wild"]).encode())
    assert back["log"][-1]["train"] is None


def test_a_run_without_its_table_is_read_but_its_names_are_still_checked():
    _, run = trained(5)
    obj = json.loads(runs.dumps([run], ["a"]))
    obj["runs"][0]["left_out"] = ["data"]
    del obj["runs"][0]["scenario"]["dataset"]
    [back] = runs.read(json.dumps(obj).encode())
    assert not runs.replayable(back) and back["log"] == run["log"]
    obj["runs"][0]["scenario"]["activations"] = ["tanh", 3, "sigmoid"]
    with pytest.raises(EngineError) as err:
        runs.read(json.dumps(obj).encode())
    assert err.value.field == "runs[0].scenario.activations[1]"
