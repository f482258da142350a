"""Which training samples each step takes: the seeded stream of epochs a Stepper walks along.

A position counts the samples consumed so far; epoch e visits the training set in its own order
(a permutation seeded by the scenario's shuffle seed and e, or file order without shuffling), and a
step's batch never spans two epochs. A summarised step keeps only its position, size and batch
setting: its samples are taken again from here.
"""
import numpy as np

from engine.core.scenarios.batches import batch_size, mode


class Stream:
    """The sample stream of a training set of m columns."""

    def __init__(self, m: int, shuffle: bool, seed: int):
        self.m, self.shuffle, self.seed = m, shuffle, seed
        self._order = (None, None)  # (epoch, its permutation of the sample indices)

    def order(self, epoch: int) -> np.ndarray:
        """The epoch's visiting order; the last one is kept, as every step of an epoch asks for it."""
        if self._order[0] != epoch:
            perm = np.random.default_rng([self.seed, epoch]).permutation(self.m) if self.shuffle \
                else np.arange(self.m)
            self._order = (epoch, perm)
        return self._order[1]

    def samples_at(self, start: int, size: int, batch) -> np.ndarray:
        """The samples a step of this batch setting takes from stream position start (a new array)."""
        if mode(batch).whole:
            return np.arange(self.m)
        epoch, offset = divmod(start, self.m)
        return self.order(epoch)[offset:offset + size].copy()  # a view would keep the epoch's order alive

    def next_samples(self, pos: int, batch):
        """Training-set indices of the next batch from stream position pos, and the position after."""
        m = self.m
        k = m if mode(batch).whole else min(batch_size(batch, m), m - pos % m)  # never two epochs
        return self.samples_at(pos, k, batch), pos + k

    def steps_per_epoch(self, batch) -> int:
        return -(-self.m // batch_size(batch, self.m))
