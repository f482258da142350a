"""Edit and see: change a weight, bias, input or target of the step on screen and list what it moved.

An edit applies to the step the Step page shows: the parameters that step started from, its samples,
and the shown sample's x and y. The edited network is a new scenario starting from those parameters
(explicit W and b, and the optimiser's update count and state then as its "resume") whose first step
takes the same samples, revealed as far as the old one was. So
"before" is exactly what was on screen, "after" is what a fresh run from the edit gives, and the new
scenario replays like any other: its trace validates. Keeping the old step machine for an undo is
the caller's business.

A fresh run starts at the beginning of the seeded sample stream. When the step on screen is a later
one (other samples than the stream's first), or x or y change, the data are written out as explicit
rows (the values the network sees, so "standardize" and a generated "dataset" give way to them),
arranged so that the stream's first batch is the samples on screen: those samples get new numbers,
the data set and its test part are otherwise the same.
"""
from dataclasses import dataclass

import numpy as np

from engine.core.scenarios import data, scenario
from engine.core.scenarios.batches import batch_size
from engine.core.stepping.stepper import Stepper
from engine.teach.screen.view import View, current

DROPPED = ("init", "title", "description")  # the edited network has explicit W, b and is no preset's
WRITTEN_OVER = ("dataset", "standardize")  # what explicit rows replace


@dataclass(frozen=True)
class Change:
    quantity: str  # x, y, z, a, delta, W, b, dW, db (per layer), loss or J
    layer: int | None  # engine layer l (0 for x, L for y), None for the loss and the cost
    index: tuple  # (j,) for a neuron, bias or input, (j, k) for a weight, () for the loss and the cost
    before: float  # the value on screen before the edit
    after: float  # the value after it


@dataclass(frozen=True)
class OnScreen:
    W: list  # parameters the step on screen started from (the current ones before any step)
    b: list
    samples: np.ndarray  # training-set indices it uses
    cursor: int  # sub-steps of it revealed: 0 before it starts, Stepper.n_sub once committed
    index: int  # its 0-based step number
    state: dict  # the optimiser's state it started from


@dataclass(frozen=True)
class Edited:
    source: dict  # the edited scenario
    stepper: Stepper  # its step machine, at the same sub-step of the same samples
    changes: list  # every Change on screen, in reading order


def on_screen(stepper: Stepper) -> OnScreen:
    """The step the Step page shows: the one in progress, else the last committed one, else the next."""
    rec = stepper.shown()
    if rec is None:
        return OnScreen(list(stepper.W), list(stepper.b), stepper.next_samples(stepper.pos)[0], 0, len(stepper.records), stepper.state)
    cursor = stepper.cursor if stepper.pending is not None else stepper.n_sub
    return OnScreen(list(rec.W_before), list(rec.b_before), rec.samples, cursor, rec.index, rec.state_before)


def _data_rows(sc):
    """Every data row (training and test) as the network sees it, in the source's row order, and the
    source row of each training sample: the split is found by splitting the row numbers themselves."""
    ids = np.arange(sc.X.shape[1] + sc.X_test.shape[1], dtype=float)[:, None]
    train, _, test, _ = data.split(ids, ids, sc.source.get("test_fraction", 0.0), sc.source.get("shuffle_seed", 0))
    train, test = train[:, 0].astype(int), test[:, 0].astype(int)
    X, Y = np.empty((ids.size, sc.X.shape[0])), np.empty((ids.size, sc.Y.shape[0]))
    X[train], Y[train], X[test], Y[test] = sc.X.T, sc.Y.T, sc.X_test.T, sc.Y_test.T
    return X, Y, train


def _first_samples(sc, batch) -> np.ndarray:
    """What a fresh run takes first: the seeded order depends on the number of samples, the shuffle
    and its seed, which an edit keeps, so the old scenario tells."""
    fresh = Stepper(sc)
    fresh.set_batch(batch)
    return fresh.next_samples(0)[0]


def _rows(sc, samples, lead, column, x, y) -> dict:
    """Explicit data in which training sample lead[i] is the old samples[i], the others keep their
    order; x, y (when given) replace the shown sample's row."""
    X, Y, train = _data_rows(sc)
    m = sc.X.shape[1]
    old = np.empty(m, dtype=int)  # old training index of each new one
    old[lead] = samples
    old[np.setdiff1d(np.arange(m), lead)] = np.setdiff1d(np.arange(m), samples)
    X[train], Y[train] = sc.X.T[old], sc.Y.T[old]
    row = train[lead[column]]
    if x is not None:
        X[row] = scenario.vector(x, "x", X.shape[1])
    if y is not None:
        Y[row] = scenario.vector(y, "y", Y.shape[1])
    return {"X": X.tolist(), "Y": Y.tolist()}


def edited_source(stepper: Stepper, W=None, b=None, x=None, y=None, column: int = 0) -> dict:
    """The scenario of the step on screen with the given replacements: W, b (lists of all layers) for
    the parameters it started from, x, y for its sample `column`. edit() checks the result."""
    now = on_screen(stepper)
    k = len(now.samples)
    src = {key: v for key, v in stepper.sc.source.items() if key not in DROPPED}
    src["W"] = [np.asarray(w, dtype=float).tolist() for w in (now.W if W is None else W)]
    src["b"] = [np.asarray(v, dtype=float).tolist() for v in (now.b if b is None else b)]
    resume = scenario.resume_source(stepper.sc, now.index, now.state)  # the optimiser goes on as it was
    src.pop("resume", None) if resume is None else src.update(resume=resume)
    # the last batch of an epoch can be short: then the edited network steps in batches of that size
    src["batch"] = stepper.batch if batch_size(stepper.batch, stepper.sc.X.shape[1]) == k else k
    lead = _first_samples(stepper.sc, src["batch"])
    if x is not None or y is not None or not np.array_equal(lead, now.samples):
        column = max(0, min(column, k - 1))
        src.update(_rows(stepper.sc, now.samples, lead, column, x, y))
        for key in WRITTEN_OVER:
            src.pop(key, None)
    return src


def _restart(sc, cursor: int, budget: int) -> Stepper:
    """A fresh step machine of the edited scenario with `cursor` sub-steps of its first step revealed."""
    new = Stepper(sc, budget=budget)
    for _ in range(cursor):
        new.sub_step()
    return new


def _diff(quantity, layer, old, new) -> list[Change]:
    if old is None or new is None:
        return []
    old, new = np.asarray(old, dtype=float), np.asarray(new, dtype=float)
    if old.ndim == 0:
        return [Change(quantity, layer, (), float(old), float(new))] if old != new else []
    return [Change(quantity, layer, tuple(int(i) for i in idx), float(old[idx]), float(new[idx]))
            for idx in zip(*np.nonzero(old != new))]


def changes(before: View, after: View) -> list[Change]:
    """Every value revealed in both views that differs: the sample, then layer by layer z, a, delta,
    W, b, dW, db, then the loss and the cost."""
    L = len(before.layers) - 1
    out = _diff("x", 0, before.x, after.x) + _diff("y", L, before.y, after.y)
    for l in range(1, L + 1):
        for name in ("z", "a", "delta", "W", "b", "dW", "db"):
            i = l if name == "a" else l - 1
            out += _diff(name, l, getattr(before, name)[i], getattr(after, name)[i])
    return out + _diff("loss", None, before.loss, after.loss) + _diff("J", None, before.J, after.J)


def edit(stepper: Stepper, column: int = 0, **replacements) -> Edited:
    """Apply W=, b=, x=, y= (see edited_source) to the step on screen; stepper itself is left untouched.
    An edit that is no valid scenario, or whose step meets NaN or infinity, raises EngineError."""
    src = edited_source(stepper, column=column, **replacements)
    new = _restart(scenario.parse(src), on_screen(stepper).cursor, stepper.budget)
    return Edited(src, new, changes(current(stepper, column), current(new, column)))
