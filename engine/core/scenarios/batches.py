"""Batch modes: how many training samples a step takes, a registry keyed by the names the Build page
shows. A scenario's batch setting is a mode's name ("sample", "full") or, for the mode that is sized,
the mini-batch size k itself."""
from dataclasses import dataclass
from typing import Callable

from engine.core.scenarios.data import MAX_SAMPLES
from engine.text.errors import EngineError, shown


@dataclass(frozen=True)
class BatchMode:
    name: str  # the user-facing name, also the registry key
    size: Callable  # (setting, m) -> samples a step takes from a training set of m
    label: str  # catalogue key of its name on the Build page
    phrase: str  # catalogue key of what a step of it took ("one sample", "a mini-batch of {k}")
    sized: bool = False  # its setting is a size k, not its name
    whole: bool = False  # every step takes every sample in file order: no epoch order, nothing to keep
    start: int | None = None  # the size the Build page first proposes
    code: int | None = None  # how a summarised step stores a named setting (engine/core/stepping/records.py); a size k is k itself


MODES = {
    "sample": BatchMode("sample", lambda batch, m: 1, "build.batch_sample", "step.batch_sample", code=-1),
    "minibatch": BatchMode("minibatch", lambda k, m: min(int(k), m), "build.batch_minibatch", "step.batch_k",
                           sized=True, start=8),
    "full": BatchMode("full", lambda batch, m: m, "build.batch_full", "step.batch_full", whole=True, code=0),
}
NAMED = {name: m for name, m in MODES.items() if not m.sized}  # the modes a setting names
SIZED = next(m for m in MODES.values() if m.sized)


def mode(batch) -> BatchMode:
    """The mode of a batch setting."""
    return NAMED.get(batch, SIZED) if isinstance(batch, str) else SIZED


def setting(name: str, k: int | None = None):
    """The batch setting of a mode: its name, or the size k (its start when None) for the sized one."""
    chosen = MODES[name]
    return (chosen.start if k is None else k) if chosen.sized else name


def batch_size(batch, m) -> int:
    """Samples per step for a batch setting: 1, m, or k (capped at m)."""
    return mode(batch).size(batch, m)


def check_batch(batch):
    if isinstance(batch, str) and batch in NAMED:
        return batch
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= MAX_SAMPLES:
        raise EngineError("err.batch", "batch", high=MAX_SAMPLES, got=shown(batch))
    return batch


def parse(text: str):
    """A batch setting written as text (a link, the command line): a named mode or a whole number;
    raises ValueError for other text."""
    return text if text in NAMED else int(text)
