"""The reveal order: which part of a step each sub-step shows, decided once, here.

A step is computed whole when it starts; its 2L + 2 sub-steps only reveal it: forward 1..L (z and a of
that layer), the loss (each sample's loss and J), backward L..1 (delta, dW and db of that layer), the
update (the new parameters). A cursor counts the sub-steps revealed: 0 before the first, 2L + 2 once
the step is committed. A phase names a sub-step as (kind, layer), layer None for the loss and the update,
and ("start", None) before the first. The Stepper (phase, next_phase), engine/teach/screen/view.py (what the
UI may show, and so the inspector's formulas) and a lesson's stops read the order from here.
"""
from functools import cache

START = ("start", None)


@cache
def order(L: int) -> tuple:
    """The phase of sub-step c = 1 .. 2L + 2 at index c - 1."""
    return (*(("forward", l) for l in range(1, L + 1)), ("loss", None),
            *(("backward", l) for l in range(L, 0, -1)), ("update", None))


def phase(cursor: int, L: int) -> tuple:
    """What the last of `cursor` revealed sub-steps showed: START before the first."""
    return order(L)[cursor - 1] if cursor else START


def cursor_of(at: tuple, L: int) -> int:
    """The cursor at which the phase `at` is the last revealed (the inverse of phase)."""
    return 0 if at == START else order(L).index(at) + 1


def revealed(at: tuple, cursor: int, L: int) -> bool:
    """Whether the phase `at` is shown once `cursor` sub-steps are revealed."""
    return cursor_of(at, L) <= cursor
