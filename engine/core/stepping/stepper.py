"""The instrumented step machine: advances in the units a teacher shows and keeps every value.

One step = forward layer 1..L, the loss, backward layer L..1, the update. A step is computed
whole (vectorised over its samples) the moment it starts; sub-steps only reveal it, so what is
shown at any sub-step is exactly what the whole step computes. The samples a step takes come from
stream.py, the bytes its records may hold and the way back through summaries from memory.py, and
what the parameters give on other samples from evaluate.py.
"""
import math
from functools import cached_property

import numpy as np

from engine.core.maths.backprop import gradients, update
from engine.core.maths.network import first_nonfinite
from engine.core.maths.optimizers import state_arrays
from engine.core.scenarios.batches import check_batch
from engine.core.scenarios.scenario import Scenario
from engine.core.stepping import reveal
from engine.core.stepping.evaluate import evaluate, neuron_sizes
from engine.core.stepping.memory import DEFAULT_BUDGET, Memory
from engine.core.stepping.records import Records, StepRecord, state_parts
from engine.core.stepping.stream import Stream

__all__ = ["StepRecord", "Stepper", "compute_step"]


def _norm(g) -> float:
    """Frobenius norm, as np.linalg.norm computes it (sqrt of the flat dot product, so the same bits);
    rescaled only when the plain sum of squares overflows (entries beyond ~1e154). Call it under
    np.errstate(over="ignore", invalid="ignore")."""
    flat = g.ravel(order="K")
    plain = math.sqrt(flat.dot(flat))
    if math.isfinite(plain):
        return plain
    top = float(np.abs(g).max())
    scaled = (g / top).ravel(order="K")
    return top * math.sqrt(scaled.dot(scaled))


def compute_step(sc: Scenario, W, b, samples, index, pos, batch="sample", state=None) -> StepRecord:
    """One whole step on the given training samples from parameters W, b and the optimiser's state
    (None: the scenario's start); raises NonFiniteError. pos is the stream position after the step;
    batch the setting that chose the samples."""
    # the batch's columns as rows of the transposed view: the same Fortran-order copy as X[:, samples], made
    # by copying contiguous rows instead of gathering strided columns (a 784-input batch's main cost)
    X, Y = sc.X.T.take(samples, axis=0).T, sc.Y.T.take(samples, axis=0).T
    t = sc.update_number(index)
    lr, state = sc.lr_at(t), sc.start_state() if state is None else state
    with np.errstate(over="ignore", invalid="ignore"):  # non-finite values are reported by name below
        z, a, loss, J, delta, dW, db = gradients(sc.net, W, b, X, Y, lr, sc.update_order)
        W_new, b_new, after = update(W, b, dW, db, lr, sc.freeze_biases, sc.rule, state, t)
        norms = tuple([_norm(g) for g in dW])
        kept = state_arrays(after)
        if not _all_finite(J, norms, z, W_new, db if sc.freeze_biases else b_new, kept):
            _name_nonfinite(index, z, a, loss, J, delta, dW, norms, db, W_new, b_new, kept)
    return StepRecord(index, pos - len(samples), batch, samples, J, norms, X, Y, z, a, delta, loss, dW, db,
                      list(W), list(b), W_new, b_new, lr, state, after)


def _all_finite(J, norms, z, W_new, b_side, kept) -> bool:
    """True only if every value of the step is finite, from one sum: a NaN or infinity anywhere
    reaches one of its terms. z finite makes a finite (every activation maps finite to finite); J
    finite, every loss; a finite norm, its dW; b_new = b - lr db finite, db, and a sum of delta
    per neuron is what db is; the optimiser's state is checked whole (an infinite v can leave W
    finite). Each array adds its sum of squares; False may still be a finite step whose squares
    overflowed, which _name_nonfinite then lets through."""
    total = J + sum(norms)
    for arr in (*z, *W_new, *b_side, *(arr for _, arrays in kept for arr in arrays)):
        flat = arr.ravel()
        total += flat.dot(flat)
    return math.isfinite(total)


def _name_nonfinite(index, z, a, loss, J, delta, dW, norms, db, W, b, kept):
    """Raise NonFiniteError for the first quantity, in the order a step computes them, that holds
    NaN or infinity; return if there is none."""
    first_nonfinite(index, z=z, a=a[1:], loss=[loss], J=[J])  # finite losses, yet lambda ||W||^2 can overflow
    first_nonfinite(index, delta=delta, dW=dW, db=db, **dict(kept), W=W, b=b)
    first_nonfinite(index, **{"||dW||": norms})  # finite entries can still have an infinite norm


class Stepper:
    """A scenario being stepped: current parameters, committed steps and the step in progress."""

    def __init__(self, sc: Scenario, budget: int = DEFAULT_BUDGET):
        self.sc = sc  # the parsed scenario (structure, data, initial parameters)
        self.budget = budget  # bytes the records may hold; the newest record stays full regardless
        self.batch = sc.batch  # "sample", "full" or k; may be changed between steps
        self.stream = Stream(sc.X.shape[1], sc.shuffle, sc.shuffle_seed)
        self.reset()

    def reset(self):
        self.W, self.b = list(self.sc.W), list(self.sc.b)  # current parameters
        self._zero = self.sc.start_state()  # the optimiser's state before the first step
        self.state = self._zero  # the optimiser's state after the committed steps
        self.pos = 0  # samples consumed from the shuffled stream
        self.records = Records(self.L, self.stream.samples_at, (*self.sc.W, *self.sc.b, *state_parts(self.state)),
                               lambda i: self.sc.lr_at(self.sc.update_number(i)))  # committed steps, oldest first
        self.memory = Memory(self.budget, self.records)
        self.pending: StepRecord | None = None  # the step being revealed sub-step by sub-step
        self.cursor = 0  # sub-steps of pending revealed, 0 .. 2L+1

    @property
    def used(self) -> int:
        """Bytes held by the records and checkpoints."""
        return self.memory.used

    @property
    def L(self) -> int:
        return self.sc.net.L

    @cached_property
    def sizes(self) -> tuple:
        """Per layer 0..L, each neuron's size at the start, by which a drawing ranks them (evaluate.py)."""
        return neuron_sizes(self.sc)

    @property
    def n_sub(self) -> int:
        """Sub-steps in one step: L forward, the loss, L backward, the update (reveal.py)."""
        return len(reveal.order(self.L))

    def steps_per_epoch(self) -> int:
        return self.stream.steps_per_epoch(self.batch)

    def set_batch(self, batch):
        self.batch = check_batch(batch)

    def next_samples(self, pos: int):
        """Training-set indices of the next batch from stream position pos, and the position after."""
        return self.stream.next_samples(pos, self.batch)

    def start(self):
        """Compute the next step from the current parameters, as pending, nothing revealed yet (a trace's
        replay compares a recorded step with it before taking it)."""
        samples, pos = self.next_samples(self.pos)
        self._compute(samples, pos, self.batch)

    def _compute(self, samples, pos, batch):
        """The next step from the current parameters, as pending, with the memory it holds."""
        rec = compute_step(self.sc, self.W, self.b, samples, len(self.records), pos, batch, self.state)
        self.memory.count(rec)
        self.pending = rec

    def sub_step(self):
        """Reveal one more sub-step; the last one commits the update."""
        if self.pending is None:
            self.start()
        self.cursor += 1
        if self.cursor == self.n_sub:
            self._commit()

    def step(self):
        """Finish the step in progress, or take one whole step."""
        if self.pending is None:
            self.start()
        self._commit()

    def run(self, n: int):
        for _ in range(n):
            self.step()

    def _commit(self):
        rec = self.pending
        self.W, self.b, self.pos, self.state = rec.W_after, rec.b_after, rec.pos, rec.state_after
        self.records.append(rec)
        self.pending, self.cursor = None, 0
        self.memory.enforce()

    def back(self):
        """Undo one sub-step (into the previous step when at the start of one)."""
        if self.pending is not None:
            self.goto(len(self.records), self.cursor - 1)
        elif self.records:
            self.goto(len(self.records) - 1, self.n_sub - 1)

    def goto(self, step: int, cursor: int = 0):
        """The exact state after `step` committed steps with `cursor` sub-steps of the next revealed.

        Later steps are discarded. Summarised steps on the way are recomputed from the nearest state
        kept, with the samples and batch setting they used, which gives the same bits.
        """
        step = max(0, min(step, len(self.records)))
        cursor = max(0, min(cursor, self.n_sub - 1))
        again = self.records[step] if step < len(self.records) else self.pending
        self._rebuild(step)
        self.pending, self.cursor = None, 0
        if cursor:
            if again is None:
                self.start()
            else:
                self.pending = again if again.full else None
                if self.pending is None:
                    self._compute(again.samples, again.pos, again.batch)
            self.cursor = cursor

    def _rebuild(self, step: int):
        """Keep the first `step` records and make W, b, pos and the optimiser's state what they were
        after them. After a summary no state is kept: its steps are recomputed from the nearest
        checkpoint (or step 0), leaving checkpoints on the way and the newest steps full again (within
        the budget), so stepping back and back again costs little (memory.py)."""
        base, state, plan = self.memory.way_back(step)
        last = self.records[-1] if self.records else None
        if state is None:
            state = (last.W_after, last.b_after, last.pos, last.state_after) if last else \
                (self.sc.W, self.sc.b, 0, self._zero)
        self.W, self.b, self.pos, self.state = list(state[0]), list(state[1]), state[2], state[3]
        spacing = self.memory.spacing(plan)
        for i, (start, size, batch) in enumerate(plan, 1):
            self._compute(self.stream.samples_at(start, size, batch), start + size, batch)
            self._commit()
            if i % spacing == 0 and i < len(plan):
                self.memory.checkpoint(base + i, self.W, self.b, self.pos, self.state)

    def revealed(self) -> int:
        """Sub-steps of the shown step revealed: the cursor, all of them once it is committed."""
        return self.cursor if self.pending is not None else self.n_sub if self.records else 0

    def phase(self):
        """What the last revealed sub-step computed: ("forward", l), ("loss", None),
        ("backward", l), ("update", None) after a committed step, or ("start", None) (reveal.py)."""
        return reveal.phase(self.revealed(), self.L)

    def next_phase(self):
        """What the next sub_step will reveal, in the same (kind, layer) form as phase()."""
        return reveal.phase(self.cursor + 1 if self.pending is not None else 1, self.L)

    def shown(self) -> StepRecord | None:
        """The record the UI shows: the step in progress, else the last committed step."""
        if self.pending is not None:
            return self.pending
        return self.records[-1] if self.records else None

    def evaluate(self, X, Y):
        """Mean loss and, for class targets, accuracy of the current parameters on columns X, Y."""
        return evaluate(self.sc.net, self.W, self.b, X, Y)
