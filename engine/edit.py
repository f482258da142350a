"""Edit and see: change a weight, bias, input or target, and list every value the change moved.

The edited network is a new scenario starting from the current parameters; its first step is
computed from scratch, so what is shown is exactly what a fresh run from the edit gives.
"""
from dataclasses import dataclass

import numpy as np

from . import scenario
from .errors import EngineError
from .stepper import Stepper, compute_step

QUANTITIES = ("z", "a", "delta", "dW", "db")  # per-layer values compared, in the order shown


@dataclass(frozen=True)
class Change:
    quantity: str  # "z", "a", "delta", "dW", "db" or "loss"
    layer: int  # 1-based layer l (0 for the loss)
    index: tuple  # (j,) for a neuron or bias, (j, k) for a weight, () for the loss
    before: float  # the value with the old parameters and data
    after: float  # the value after the edit


def edited_source(st: Stepper, W=None, b=None, x=None, y=None) -> dict:
    """The scenario from the current parameters with the given replacements (a one-sample scenario
    also takes a new x or y); refused with EngineError when the result is not a valid scenario."""
    src = {k: v for k, v in st.sc.source.items() if k != "init"}
    src["W"] = [np.asarray(w, dtype=float).tolist() for w in (W if W is not None else st.W)]
    src["b"] = [np.asarray(v, dtype=float).tolist() for v in (b if b is not None else st.b)]
    if x is not None or y is not None:
        if "X" not in src or len(src["X"]) != 1:
            raise EngineError("x and y can be edited when the data is one hand-entered sample", "X")
        src["X"] = [list(map(float, x if x is not None else src["X"][0]))]
        src["Y"] = [list(map(float, y if y is not None else src["Y"][0]))]
    scenario.parse(src)
    return src


def _values(rec, l, name):
    arrays = {"z": rec.z, "delta": rec.delta, "dW": rec.dW, "db": rec.db}
    return rec.a[l] if name == "a" else arrays[name][l - 1]


def changes(before, after, column: int = 0) -> list[Change]:
    """Every value of sample `column` (z, a, delta) and of the step (dW, db, loss) that differs."""
    out = []
    for l in range(1, len(before.z) + 1):
        for name in QUANTITIES:
            old, new = _values(before, l, name), _values(after, l, name)
            if name in ("z", "a", "delta"):
                old, new = old[:, column], new[:, column]
            for idx in zip(*np.nonzero(old != new)):
                out.append(Change(name, l, tuple(int(i) for i in idx), float(old[idx]), float(new[idx])))
    if before.loss[column] != after.loss[column]:
        out.append(Change("loss", 0, (), float(before.loss[column]), float(after.loss[column])))
    return out


def edit(st: Stepper, samples, **replacements):
    """(new scenario dict, first step from the edit, list of Change against the unedited step) for the
    training samples given (the ones the page shows)."""
    src = edited_source(st, **replacements)
    new = scenario.parse(src)
    samples = np.asarray(samples)
    before = compute_step(st.sc, st.W, st.b, samples, 0, 0)
    after = compute_step(new, new.W, new.b, samples, 0, 0)
    return src, after, changes(before, after)
