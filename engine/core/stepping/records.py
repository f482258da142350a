"""Step records and the store that keeps them within a memory budget.

A full record holds every value of its step, the optimiser's state after it included. Past the
budget the oldest steps keep only a summary: J, the gradient norms and where their samples are in the
seeded stream (position, count, batch setting), a few dozen bytes in a table of columns; the samples
themselves are recomputed on demand from the epoch order, and the learning rate from the step's number
(it is the schedule's), so a summary never holds an array as long as the data set.

Bytes are counted as the memory really held (sys.getsizeof of every array, list, number and record
object, which tracemalloc confirms), not as array payloads alone: for a small network the object
overhead is ten times the numbers.
"""
import sys
from dataclasses import dataclass

import numpy as np

from engine.core.scenarios.batches import NAMED

OWNED = ("X", "Y", "z", "a", "delta", "loss", "dW", "db", "W_after", "b_after")  # W_before, b_before are shared
BATCH_CODES = {name: m.code for name, m in NAMED.items()}  # a mini-batch size k is stored as k itself
# what tracemalloc finds a record holding beyond the getsizeof of its parts, whatever the network
# (170 B for one sample, 194 B for a batch of 4): the nbytes int and blocks behind fancy indexing
RECORD_OVERHEAD = 200


@dataclass(slots=True, eq=False)
class StepRecord:
    """One step with every value it computed (columns are samples, index l-1 holds layer l)."""
    index: int  # 0-based step number
    start: int  # stream position before the step: samples consumed by the steps before it
    batch: object  # the batch setting it was stepped with: "sample", "full" or k
    samples: np.ndarray  # training-set indices of the samples this step used, in order
    J: float  # batch cost before the update, L2 term included
    grad_norms: tuple  # Frobenius norm of dW[l] per layer
    X: np.ndarray  # batch inputs, one column per sample
    Y: np.ndarray  # batch targets, one column per sample
    z: list  # z[l-1] for layer l, (n_l, m)
    a: list  # a[l] for l = 0..L, a[0] = X
    delta: list  # delta[l-1] = dloss/dz[l] per sample, (n_l, m)
    loss: np.ndarray  # per-sample loss, (m,)
    dW: list  # dJ/dW[l], L2 term included
    db: list  # dJ/db[l]
    W_before: list  # parameters the step started from (owned by the step before, or the scenario)
    b_before: list
    W_after: list  # parameters after the update
    b_after: list
    lr: float  # the learning rate of this update (the schedule's, else the scenario's lr)
    state_before: dict  # the optimiser's state it started from: {"W": [per layer {name: array}], "b": [...]}
    state_after: dict  # the optimiser's state after the update, the same way (shared where unchanged)
    nbytes: int = 0  # memory this record holds on its own (not W_before, b_before, state_before)

    full = True  # every value is here (a Summary says False)

    @property
    def pos(self) -> int:
        """Stream position after the step."""
        return self.start + len(self.samples)


class Summary:
    """What a summarised step keeps; the arrays of a full record read as None."""
    __slots__ = ("index", "start", "batch", "size", "J", "grad_norms", "lr", "_sampler")
    full = False
    X = Y = z = a = delta = loss = dW = db = W_before = b_before = W_after = b_after = None
    state_before = state_after = None

    def __init__(self, index, start, batch, size, J, grad_norms, lr, sampler):
        self.index, self.start, self.batch, self.size = index, start, batch, size
        self.J, self.grad_norms, self.lr, self._sampler = J, grad_norms, lr, sampler

    @property
    def samples(self) -> np.ndarray:
        """Recomputed from the seeded epoch order: the same indices the step used."""
        return self._sampler(self.start, self.size, self.batch)

    @property
    def pos(self) -> int:
        return self.start + self.size


def owned_bytes(rec: StepRecord) -> int:
    """Memory held by rec alone: itself, its lists, numbers and every array it does not share
    with the parameters and state it started from (a[0] is X, frozen biases are b_before)."""
    shared = {id(x) for x in (*rec.W_before, *rec.b_before, *state_parts(rec.state_before))}
    total = RECORD_OVERHEAD + sum(map(sys.getsizeof, (rec, rec.J, rec.lr, rec.index, rec.start, rec.grad_norms,
                                                      *rec.grad_norms, rec.W_before, rec.b_before)))
    for name in OWNED:
        value = getattr(rec, name)
        if isinstance(value, list):
            total += sys.getsizeof(value)
        for arr in value if isinstance(value, list) else (value,):
            total += _array_bytes(arr, shared)
    return total + state_bytes(rec.state_after, shared)


def state_parts(state: dict) -> list:
    """The dicts and lists of an optimiser state ({"W": [per layer {name: array}], "b": [...]}), then
    its arrays."""
    kept = [k for side in state.values() for k in side]
    return [state, *state.values(), *kept, *(arr for k in kept for arr in k.values())]


def state_bytes(state: dict, seen: set) -> int:
    """Memory of a state, each part counted once across calls (ids go into seen): a frozen bias's
    state and sgd's empty ones are the same objects from step to step."""
    total = 0
    for part in state_parts(state):
        if isinstance(part, np.ndarray):
            total += _array_bytes(part, seen)
        elif id(part) not in seen:
            seen.add(id(part))
            total += sys.getsizeof(part)
    return total


def _array_bytes(arr, seen: set) -> int:
    """An array's memory and, for a view (a fancy-indexed column block is one), its base's, each
    counted once across calls: ids go into seen."""
    total = 0
    while isinstance(arr, np.ndarray) and id(arr) not in seen:
        seen.add(id(arr))
        total += sys.getsizeof(arr)  # the header, plus the data when arr owns it
        arr = arr.base
    return total


def params_bytes(W, b, exclude=()) -> int:
    """Memory of a parameter set's arrays and lists, leaving out arrays in exclude (by identity)."""
    skip = {id(x) for x in exclude}
    return sum(sys.getsizeof(x) for x in (*W, *b) if id(x) not in skip) + sys.getsizeof(W) + sys.getsizeof(b)


class SummaryTable:
    """Summaries as columns grown by doubling: 8 L + 24 bytes a step (mini-batch sizes fit int32)."""

    def __init__(self, L: int):
        self.n = 0
        self._alloc(L, 0)

    def _alloc(self, L, capacity):
        old = getattr(self, "cols", None)
        self.cols = {"J": np.empty(capacity), "norms": np.empty((capacity, L)), "start": np.empty(capacity, np.int64),
                     "size": np.empty(capacity, np.int32), "batch": np.empty(capacity, np.int32)}
        if old is not None:
            for key, col in self.cols.items():
                col[:self.n] = old[key][:self.n]
        # memory held, counted here as it changes only here (the budget asks for it every step)
        self.nbytes = sys.getsizeof(self.cols) + sum(sys.getsizeof(col) for col in self.cols.values())

    def append(self, rec):
        if self.n == len(self.cols["J"]):
            self._alloc(self.cols["norms"].shape[1], max(16, 2 * self.n))
        row = {"J": rec.J, "norms": rec.grad_norms, "start": rec.start, "size": len(rec.samples),
               "batch": BATCH_CODES.get(rec.batch, rec.batch)}
        for key, value in row.items():
            self.cols[key][self.n] = value
        self.n += 1

    def truncate(self, n: int):
        self.n = min(self.n, n)
        if 4 * self.n < len(self.cols["J"]):  # give memory back after a long way back
            self._alloc(self.cols["norms"].shape[1], self.n)

    def row(self, i: int):
        """(J, grad_norms, start, size, batch setting) of summary i."""
        c = self.cols
        code = int(c["batch"][i])
        batch = next((name for name, v in BATCH_CODES.items() if v == code), code)
        return float(c["J"][i]), tuple(c["norms"][i].tolist()), int(c["start"][i]), int(c["size"][i]), batch


class Records:
    """The committed steps, oldest first, as a read-only sequence: summaries, then full records."""

    def __init__(self, L: int, sampler, initial, lr_at):
        self._table = SummaryTable(L)
        self._full: list[StepRecord] = []
        self._full_bytes = 0
        self._sampler = sampler  # (start, size, batch) -> the samples of a summarised step
        self._initial = initial  # the scenario's W, b and the zero optimiser state: not charged to the budget
        self._lr_at = lr_at  # step index -> the learning rate it used
        self._extra = (None, 0)  # (oldest full record, bytes of the parameters it started from)

    def __len__(self) -> int:
        return self._table.n + len(self._full)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self)
        if not -n <= i < n:
            raise IndexError("step record index out of range")
        i %= n
        if i >= self._table.n:
            return self._full[i - self._table.n]
        J, norms, start, size, batch = self._table.row(i)
        return Summary(i, start, batch, size, J, norms, self._lr_at(i), self._sampler)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    @property
    def n_summarised(self) -> int:
        return self._table.n

    @property
    def n_full(self) -> int:
        return len(self._full)

    @property
    def nbytes(self) -> int:
        """Memory held: the summary table, the full records and, once its predecessor is only a
        summary, the parameters and state the oldest full record started from (nothing else keeps them)."""
        extra = 0
        if self._full:
            first = self._full[0]
            if self._extra[0] is not first:  # counted once per oldest record, not on every step
                initial = {id(x) for x in self._initial}
                self._extra = (first, params_bytes(first.W_before, first.b_before, exclude=self._initial)
                               + state_bytes(first.state_before, initial))
            extra = self._extra[1]
        return self._table.nbytes + self._full_bytes + extra + sys.getsizeof(self._full)

    def append(self, rec: StepRecord):
        self._full.append(rec)
        self._full_bytes += rec.nbytes

    def summarise_oldest(self):
        rec = self._full.pop(0)
        self._full_bytes -= rec.nbytes
        self._table.append(rec)

    def truncate(self, n: int):
        """Keep the first n steps."""
        keep = max(0, n - self._table.n)
        for rec in self._full[keep:]:
            self._full_bytes -= rec.nbytes
        del self._full[keep:]
        self._table.truncate(n)

    def plan(self, start: int, stop: int):
        """(start, size, batch) of summarised steps start..stop-1: enough to recompute them."""
        return [self._table.row(i)[2:] for i in range(start, stop)]
