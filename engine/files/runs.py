"""Named training runs (`backprop-runs/1`): a scenario, its exact start weights and its curves.

A run keeps what it cost to train, thinned, never its weights at every step: the weights at step k are
recomputed by replaying the scenario from the start weights with the Stepper, which gives the same bits.
Kept light, since a classroom shares one server: logs and gradient norms thinned evenly to LOG_KEPT
points, a large table left out (the run says so, and can then no longer be replayed).
"""
import math

import numpy as np

from engine.core.scenarios import batches, scenario
from engine.core.stepping.stepper import Stepper
from engine.core.stepping.training import Training, log_point, point
from engine.files import formats
from engine.text.errors import EngineError, shown

SCHEMA = "backprop-runs/1"
LOG_KEPT = 500  # logged points and gradient-norm points a run keeps (thinned evenly over its steps)
NUMBERS_KEPT = 10_000  # numbers of a table (X, Y) a run keeps; a larger table is left out, and said
START_KEPT = 200_000  # start weights kept (as float64 arrays, 1.6 MB); larger ones are made again from init
REPLAY_BUDGET = 2**20  # bytes of full step records a replay keeps: it only needs the weights it reaches
MAX_FILE_RUNS = 64  # runs one file may hold


def spread(steps, limit: int) -> list[int]:
    """Indices of at most limit of the non-decreasing steps, evenly over their range, first and last kept."""
    steps = np.asarray(steps, dtype=float)
    if steps.size <= limit:
        return list(range(steps.size))
    targets = np.linspace(steps[0], steps[-1], limit)
    right = np.searchsorted(steps, targets).clip(1, steps.size - 1)
    return np.unique(np.where(targets - steps[right - 1] <= steps[right] - targets, right - 1, right)).tolist()


def make(stepper, log: list, number: int, name: str | None = None) -> dict:
    """A run of a stepper and its training log: the scenario (light), start weights, batch and curves."""
    src = stepper.sc.source
    left_out = [] if "X" not in src or _size(src, "X", "Y") <= NUMBERS_KEPT else ["data"]
    if sum(w.size for w in stepper.sc.W) > START_KEPT:
        left_out.append("weights")
    light = {k: v for k, v in src.items() if not (k in ("X", "Y") and "data" in left_out) and k not in ("W", "b")}
    if "weights" in left_out and "init" not in src:
        light.update(W=src["W"], b=src.get("b"))  # too large to copy, yet the only way back to them
    records = stepper.records
    picked = spread(range(1, len(records) + 1), LOG_KEPT)
    return {"number": number, "name": name, "source": light, "init": src.get("init"), "batch": stepper.batch,
            "start": None if "weights" in left_out else (stepper.sc.W, stepper.sc.b),
            "steps": len(records), "left_out": left_out,
            "log": [log[i] for i in spread([p["step"] for p in log], LOG_KEPT)],
            "norms": {"steps": [i + 1 for i in picked], "values": [list(records[i].grad_norms) for i in picked]}}


def _size(src, *names) -> int:
    return sum(np.size(part) for n in names for part in (src.get(n) or []))


def replayable(run) -> bool:
    """A run whose table was left out cannot be stepped again; one whose weights were, only from init."""
    return "data" not in run["left_out"] and (run["start"] is not None or "init" in run["source"]
                                              or "W" in run["source"])


def start_source(run) -> dict:
    """The run's scenario starting from its exact start weights (explicit W and b, no init)."""
    src = {k: v for k, v in run["source"].items() if k not in ("init", "W", "b")}
    if run["start"] is None:
        return dict(run["source"])
    W, b = run["start"]
    return {**src, "W": [w.tolist() for w in W], "b": [v.tolist() for v in b]}


def start_stepper(run) -> Stepper:
    """A step machine at the run's start, with its batch setting."""
    stepper = Stepper(scenario.parse(start_source(run)), budget=REPLAY_BUDGET)
    stepper.set_batch(run["batch"])
    return stepper


def replay_to(stepper: Stepper, step: int) -> Stepper:
    """st moved to step exactly: forward by stepping, back by the Stepper's own exact goto."""
    if step < len(stepper.records) or stepper.pending is not None:
        stepper.goto(step)
    while len(stepper.records) < step:
        stepper.step()
    return stepper


def train(stepper: Stepper, steps: int) -> list:
    """Take steps on stepper, logging about LOG_KEPT points evenly; a step that goes non-finite ends it
    (what was reached is the run)."""
    every, log = max(1, steps // LOG_KEPT), [point(stepper)]
    for done in Training(stepper, steps):
        if done % every == 0:
            log_point(stepper, log)
    log_point(stepper, log)
    return log


def _finite(v):
    return None if isinstance(v, float) and not math.isfinite(v) else v


def to_dict(run, name: str) -> dict:
    """One run as backprop-runs/1 writes it; a cost or norm that diverged is written as null."""
    return {"name": name, "scenario": start_source(run), "init": run["init"], "batch": run["batch"],
            "steps": run["steps"], "left_out": run["left_out"],
            "log": [{k: _finite(v) for k, v in p.items()} for p in run["log"]],
            "norms": {"steps": run["norms"]["steps"],
                      "values": [[_finite(v) for v in row] for row in run["norms"]["values"]]}}


def dumps(runs: list, names: list) -> str:
    """Runs as a backprop-runs/1 file whose floats read back bit-identical."""
    return formats.dumps({"schema": SCHEMA, "runs": [to_dict(r, n) for r, n in zip(runs, names)]})


def read(data: bytes, max_bytes: int = formats.MAX_BYTES) -> list:
    """The runs of a backprop-runs/1 file (numbered from 1, in file order); any fault raises
    EngineError naming the field, so a bad file adds nothing."""
    obj = formats.loads(data, max_bytes)
    if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
        raise EngineError("err.runs.kind", "schema", want=shown(SCHEMA),
                          got=shown(obj.get("schema") if isinstance(obj, dict) else obj))
    formats.check_schema(obj, "runs.schema.json")
    return [_run(i, item) for i, item in enumerate(obj["runs"])]


def _run(i: int, item: dict) -> dict:
    where, src, left_out = f"runs[{i}]", item["scenario"], item["left_out"]
    norms = item["norms"]
    if len(norms["steps"]) != len(norms["values"]):
        raise EngineError("err.runs.norms", f"{where}.norms", steps=len(norms["steps"]), rows=len(norms["values"]))
    run = {"number": i + 1, "name": item["name"], "source": src, "init": item.get("init"), "batch": item["batch"],
           "start": None, "steps": item["steps"], "left_out": left_out,
           "log": item["log"],  # null stays None: a cost that diverged, or no test set, is drawn as a gap
           "norms": {"steps": norms["steps"], "values": [[math.nan if v is None else v for v in row]
                                                         for row in norms["values"]]}}
    if "data" in left_out:
        return run
    try:
        formats.check_schema(src, "scenario.schema.json")
        sc = scenario.parse(src)
        batches.check_batch(item["batch"])
    except EngineError as exc:
        raise exc.at(f"{where}.scenario.{exc.field}" if exc.field else f"{where}.scenario") from None
    run["start"] = (sc.W, sc.b)
    _check_start(run, where)
    return run


def _check_start(run, where):
    """The first logged costs, when logged at step 0, must be the start weights' own, bit for bit: a
    file whose weights were changed by hand would show another network's curve under their name."""
    log = run["log"]
    if not log or log[0]["step"] != 0:
        return
    mine = point(start_stepper(run))
    for key in ("train", "test", "acc_train", "acc_test"):
        theirs = log[0].get(key)
        if theirs != _finite(mine[key]):
            raise EngineError("err.runs.start", f"{where}.log[0].{key}", got=shown(theirs), want=shown(mine[key]))
