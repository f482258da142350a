"""What the Step page may show at the current sub-step: values not yet revealed are None.

The page, the inspector and the figure builders read only this. The reveal order itself (forward
1..L, loss, backward L..1, update) is engine/core/stepping/reveal.py's, where the Stepper reads it too (the
engine's core cannot import this module); here it is applied to the step's values, and to the
formulas the inspector shows (shows).
"""
from dataclasses import dataclass

import numpy as np

from engine.core.stepping import reveal
from engine.core.stepping.stepper import Stepper

# the sub-step that reveals each kind of formula (engine.teach.worked.formulas); every other kind comes with
# its layer's backward sub-step
FORMULA_PHASE = {"z": "forward", "a": "forward", "opt": "update", "W": "update", "b": "update"}


@dataclass(frozen=True)
class View:
    layers: tuple  # sizes n0 .. nL
    activations: tuple  # activation names of layers 1..L
    phase: tuple  # (kind, layer) of the last revealed sub-step, see Stepper.phase
    step: int  # index of the step shown (the step in progress, else the last one)
    sample: int  # training-set index of the sample shown (before a step: the one it will use)
    x: np.ndarray  # its input
    y: np.ndarray  # its target
    z: list  # z[l-1] of layer l for the shown sample, or None while not yet revealed
    a: list  # a[l] for l = 0..L (a[0] = x), or None
    delta: list  # delta[l-1] of layer l, or None
    loss: float | None  # the shown sample's loss once the loss sub-step is revealed
    J: float | None  # the batch cost once revealed
    W: list  # weights the step used (after an update: the updated ones)
    b: list  # biases likewise
    dW: list  # dJ/dW[l] once layer l's backward sub-step is revealed, else None
    db: list  # dJ/db[l] likewise
    update: list  # W_after[l] - W_before[l], what the optimiser's update adds, once revealed, else None
    updated: bool  # the update has been applied: W, b are the new parameters
    sizes: tuple  # per layer 0..L, each neuron's RMS value at the start (Stepper.sizes): the drawing
    # shows the largest neurons of a large layer, the same ones at every step
    m: int = 1  # samples in the step shown (or about to start)


def current(stepper: Stepper, column: int = 0) -> View:
    """The view of the shown step at the stepper's cursor; column picks the sample of a batch."""
    rec, L = stepper.shown(), stepper.L
    if rec is None or not rec.full:
        return _idle(stepper, rec, column)
    column = max(0, min(column, rec.X.shape[1] - 1))
    col = lambda arrays: [arr[:, column] for arr in arrays]
    done, seen = stepper.pending is None, lambda *at: reveal.revealed(at, stepper.revealed(), L)
    fwd = [l == 0 or seen("forward", l) for l in range(L + 1)]  # index l holds layer l (a[0] is the input)
    back = [seen("backward", l + 1) for l in range(L)]  # index l holds layer l+1
    shown_loss = seen("loss", None)
    return View(
        layers=stepper.sc.net.layers, activations=tuple(g.name for g in stepper.sc.net.acts), phase=stepper.phase(),
        step=rec.index, sample=int(rec.samples[column]), x=rec.X[:, column], y=rec.Y[:, column],
        z=[v if fwd[l + 1] else None for l, v in enumerate(col(rec.z))],
        a=[v if fwd[l] else None for l, v in enumerate(col(rec.a))],
        delta=[v if back[l] else None for l, v in enumerate(col(rec.delta))],
        loss=float(rec.loss[column]) if shown_loss else None, J=rec.J if shown_loss else None,
        W=rec.W_after if done else rec.W_before, b=rec.b_after if done else rec.b_before,
        dW=[g if back[l] else None for l, g in enumerate(rec.dW)],
        db=[g if back[l] else None for l, g in enumerate(rec.db)],
        update=[new - old if back[l] else None for l, (new, old) in enumerate(zip(rec.W_after, rec.W_before))],
        updated=done, sizes=stepper.sizes, m=rec.X.shape[1])


def _idle(stepper: Stepper, rec, column):
    """Before the first sub-step of the first step (or when the last step kept only its summary): the
    parameters, and the sample the next step will use, known already, with its input as a[0]."""
    L = stepper.L
    none = [None] * L
    samples = stepper.next_samples(stepper.pos)[0]
    s = int(samples[max(0, min(column, len(samples) - 1))])
    x = stepper.sc.X[:, s]
    return View(layers=stepper.sc.net.layers, activations=tuple(g.name for g in stepper.sc.net.acts),
                phase=stepper.phase(), step=rec.index if rec else 0, sample=s, x=x, y=stepper.sc.Y[:, s],
                z=none, a=[x] + none, delta=none, loss=None, J=rec.J if rec else None,
                W=stepper.W, b=stepper.b, dW=none, db=none, update=none, updated=rec is not None, sizes=stepper.sizes,
                m=len(samples))


def givens(stepper: Stepper, rec, column: int = 0) -> View:
    """Only what a student needs to work a step out by hand: x, y and the parameters it started from."""
    L = stepper.L
    none = [None] * L
    x = rec.X[:, column]
    return View(layers=stepper.sc.net.layers, activations=tuple(g.name for g in stepper.sc.net.acts),
                phase=("start", None), step=rec.index, sample=int(rec.samples[column]), x=x,
                y=rec.Y[:, column], z=none, a=[x] + none, delta=none, loss=None, J=None,
                W=rec.W_before, b=rec.b_before, dW=none, db=none, update=none, updated=False, sizes=stepper.sizes,
                m=len(rec.samples))


def formula_phase(kind: str) -> str:
    """The kind of sub-step that reveals a formula of this kind: forward, backward or update."""
    return FORMULA_PHASE.get(kind, "backward")


def shows(view: View, kind: str, l: int) -> bool:
    """Whether the view has revealed a formula of this kind about layer l (the sub-step that computes it)."""
    at = formula_phase(kind)
    if at == "update":
        return view.updated
    return (view.z if at == "forward" else view.delta)[l - 1] is not None
