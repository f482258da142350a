"""The memory budget: the committed steps held within a number of bytes, and the way back through
the steps that had to be summarised.

Past the budget the oldest full records become summaries (records.py); the newest stays full, as it
is what the Step page shows after an update. Going back into summarised steps recomputes them from the
nearest checkpoint (or the start) with the samples and batch setting they used, which gives the same
bits, and leaves checkpoints on the way so that going back again costs little.
"""
import math
import sys

from engine.core.stepping.records import RECORD_OVERHEAD, Records, owned_bytes, params_bytes, state_bytes

DEFAULT_BUDGET = 256 * 2**20  # bytes of step records kept before the oldest are summarised


class Memory:
    """A Stepper's records and checkpoints, and the bytes they may hold."""

    def __init__(self, budget: int, records: Records):
        self.budget = budget  # bytes the records may hold; the newest record stays full regardless
        self.records = records
        self.checkpoints = Checkpoints()  # states inside the summarised steps, left by earlier ways back
        self._sizes = {}  # batch size -> bytes a record of that many samples holds

    @property
    def used(self) -> int:
        """Bytes held by the records and checkpoints."""
        return self.records.nbytes + self.checkpoints.nbytes

    def count(self, rec):
        """Note the bytes a new record holds: records of one batch size are built alike, so they hold
        alike, counted once per size."""
        if len(rec.samples) not in self._sizes:
            self._sizes[len(rec.samples)] = owned_bytes(rec)
        rec.nbytes = self._sizes[len(rec.samples)]

    def enforce(self):
        """Summarise the oldest records, then drop the oldest checkpoints, until within the budget."""
        while self.used > self.budget:
            if self.records.n_full > 1:
                self.records.summarise_oldest()
            elif not self.checkpoints.drop_oldest():
                break

    def way_back(self, step: int):
        """Keep the records of the first steps needed to reach `step` again: returns (base, kept, plan),
        where the first `base` records are kept, kept is (W, b, pos, state) after them from a
        checkpoint (None: the last kept record's, or the start's), and plan the (start, size, batch)
        of the summarised steps base..step-1 to recompute."""
        plan, base, kept = [], step, None
        if 0 < step <= self.records.n_summarised:
            near = self.checkpoints.nearest(step)
            base, kept = (near[0], near[1:]) if near else (0, None)
            plan = self.records.plan(base, step)
        self.checkpoints.drop_after(step)
        self.records.truncate(base)
        return base, kept, plan

    @staticmethod
    def spacing(plan) -> int:
        """Steps between the checkpoints left on a way back: about sqrt(n) of them for n steps."""
        return max(2, math.isqrt(len(plan)))

    def checkpoint(self, k: int, W, b, pos: int, state: dict):
        """Keep the state after step k, while checkpoints hold less than half the budget."""
        if self.checkpoints.nbytes < self.budget / 2:
            self.checkpoints.add(k, W, b, pos, state)


class Checkpoints:
    """Parameters and optimiser state after chosen steps, kept while replaying summaries on the way back,
    so the next way back starts from the nearest one instead of step 0. Their bytes count to the budget."""

    def __init__(self):
        self._at = {}  # steps taken -> (W, b, stream position, optimiser state) after them
        self.nbytes = 0

    def nearest(self, step: int):
        """(k, W, b, pos, state) of the latest checkpoint at or before step, or None."""
        k = max((k for k in self._at if k <= step), default=None)
        return None if k is None else (k, *self._at[k])

    def add(self, k: int, W, b, pos: int, state: dict):
        self._at[k] = (list(W), list(b), pos, state)  # the state's arrays are never changed in place
        self.nbytes += self._bytes(self._at[k])

    def drop_after(self, step: int):
        """Forget those past step: the steps they followed are being discarded."""
        for k in [k for k in self._at if k > step]:
            self.nbytes -= self._bytes(self._at.pop(k))

    def drop_oldest(self) -> bool:
        if not self._at:
            return False
        self.nbytes -= self._bytes(self._at.pop(min(self._at)))
        return True

    @staticmethod
    def _bytes(entry) -> int:
        # the arrays may be shared with full records still kept: counting them again errs on the safe side
        W, b, pos, state = entry
        return params_bytes(W, b) + sys.getsizeof(pos) + state_bytes(state, set()) + RECORD_OVERHEAD
