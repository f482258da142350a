"""Loss registry: per-sample loss computed from the logits z in its stable form, delta[L], and every
fact the rest of the code needs about each loss. Nothing outside this module and engine/core/maths/activations.py
tests a loss's name: it reads the record's fields (tests/test_registry.py checks this).

delta[L] is computed directly (a - y for the matched pairs), never as dL/da * g'(z), which is
inf * 0 when the output saturates. A loss's words live in the catalogues under "loss.<name>".
LaTeX templates name the output's value {a} and its target {y} (str.format, so braces are doubled).
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.core.maths.activations import ACTIVATIONS, Activation
from engine.text.errors import Phrase, phrase


@dataclass(frozen=True)
class Loss:
    name: str  # the user-facing name, also the registry key
    value: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]  # (z, a, y) -> loss per column
    error: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (a, y) -> delta[L] without its g'(z) factor
    keeps_slope: bool  # delta[L] = error * g'(z[L]); False: the matched output's g'(z) cancelled, delta[L] = error
    outputs: tuple[str, ...] | None  # output activations this loss accepts; None: every one with an element-wise g'(z)
    output: str  # the output activation chosen for it when the current one is not accepted
    formula: str  # LaTeX of the per-sample loss
    error_latex: str  # LaTeX template of error (the worked example's delta[L], the paths' last factor)
    term: str  # LaTeX template of one output's term of the loss, in names
    term_numbers: str  # the same term with numbers substituted
    wrap: str  # LaTeX around the sum of the terms, {} for the sum
    fits: Callable[[np.ndarray], np.ndarray] | None = None  # Y (one sample per row) -> which rows it accepts
    allowed: Phrase | None = None  # what fits accepts, worded for messages

    def delta(self, z, a, y, g: Activation) -> np.ndarray:
        """delta[L] = dloss/dz[L] for outputs z, a = g(z) and targets y."""
        return self.error(a, y) * g.dz(z) if self.keeps_slope else self.error(a, y)

    def accepts(self) -> list[str]:
        """The output activations this loss takes, in registry order."""
        if self.outputs is not None:
            return list(self.outputs)
        return [name for name, g in ACTIVATIONS.items() if g.dz is not None]


def squared_error(z, a, y):
    diff = a - y
    return 0.5 * np.sum(diff * diff, axis=0)


def cross_entropy(z, a, y):
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + e^-|z|), finite for any z
    return np.sum(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))), axis=0)


def softmax_cross_entropy(z, a, y):
    shifted = z - z.max(axis=0, keepdims=True)
    log_softmax = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return -np.sum(y * log_softmax, axis=0)


TOLERANCE = 1e-9  # how far from 1 a softmax target row may sum


def in_unit_interval(Y):
    # outside [0, 1] the loss max(z,0) - z y + log(1 + e^-|z|) has no minimum: z is driven to infinity
    return ((Y >= 0) & (Y <= 1)).all(axis=1)


def distribution(Y):
    # d loss / dz = a sum_k y_k - y, which is the a - y the engine uses only when the row sums to 1;
    # a negative y_k makes the loss unbounded below
    return (Y >= 0).all(axis=1) & (np.abs(Y.sum(axis=1) - 1.0) <= TOLERANCE)


def difference(a, y):
    return a - y


LOSSES = {
    "squared_error": Loss(
        "squared_error", squared_error, difference, keeps_slope=True, outputs=None, output="sigmoid",
        formula=r"\tfrac12 \sum_k (a_k - y_k)^2", error_latex="{a} - {y}",
        term=r"\bigl({a} - {y}\bigr)^{{2}}", term_numbers="({a} - {y})^{{2}}",
        wrap=r"\tfrac{{1}}{{2}}\left[{}\right]"),
    "cross_entropy": Loss(
        "cross_entropy", cross_entropy, difference, keeps_slope=False, outputs=("sigmoid",), output="sigmoid",
        formula=r"-\sum_k \left[y_k \log a_k + (1 - y_k)\log(1 - a_k)\right]", error_latex="{a} - {y}",
        term=r"{y} \log {a} + \bigl(1 - {y}\bigr) \log\bigl(1 - {a}\bigr)",
        term_numbers=r"{y} \cdot \log {a} + \bigl(1 - {y}\bigr) \cdot \log\bigl(1 - {a}\bigr)",
        wrap=r"-\left[{}\right]",
        fits=in_unit_interval, allowed=phrase("err.targets.unit")),
    "softmax_cross_entropy": Loss(
        "softmax_cross_entropy", softmax_cross_entropy, difference, keeps_slope=False, outputs=("softmax",),
        output="softmax", formula=r"-\sum_k y_k \log \operatorname{softmax}(z)_k", error_latex="{a} - {y}",
        term=r"{y} \log {a}", term_numbers=r"{y} \cdot \log {a}", wrap=r"-\left[{}\right]",
        fits=distribution, allowed=phrase("err.targets.distribution", tol=f"{TOLERANCE:g}")),
}


def for_targets(n_classes: int, Y: np.ndarray, output: str, loss: str) -> tuple[str, str]:
    """The output activation and loss a table's targets Y (one sample per row) call for.

    Class labels decide them: 2 classes, one sigmoid unit with cross-entropy; 3 or more, softmax
    with its cross-entropy. Numbers (n_classes 0) keep the current pair while its loss accepts them,
    else squared error, with a linear output when squared error cannot take the current one."""
    if n_classes == 2:
        return "sigmoid", "cross_entropy"
    if n_classes > 2:
        return "softmax", "softmax_cross_entropy"
    fits = LOSSES[loss].fits
    if fits is None or fits(Y).all():
        return output, loss
    plain = LOSSES["squared_error"]
    return (output if output in plain.accepts() else "linear"), plain.name
