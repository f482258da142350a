"""Activation registry: each function with its derivative and every fact the rest of the code needs
about it, keyed by the name users choose. Nothing outside this module and engine/core/maths/losses.py tests an
activation's name: it reads the record's fields (tests/test_registry.py checks this).

Every derivative takes z (not a), because the engine logs z and a derivative of a saturated
sigmoid computed from a rounded a would lose all its digits. An activation's name is shown as it is
(it is a mathematical name, the same in every language), so it has no catalogue key.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Activation:
    name: str  # the user-facing name, also the registry key
    f: Callable[[np.ndarray], np.ndarray]  # a = g(z), column-wise for softmax
    dz: Callable[[np.ndarray], np.ndarray] | None  # g'(z) element-wise; None for softmax (only delta = a - y is used)
    symbol: str  # LaTeX of g applied to a number: \sigma in \sigma(0.5), \sigma'(0.5)
    formula: str  # LaTeX of g's definition in the worked example; "" where the symbol defines itself (tanh)
    derivative: str  # LaTeX of g'(z) in the worked example; "" when the engine never uses it (softmax)
    hidden: bool  # may be used before the output layer (backprop there needs an element-wise g'(z))
    saturates: bool  # g'(z) -> 0 for large |z|: diagnose flags units whose median g'(z) is tiny
    dies: bool  # g'(z) = 0 for every z <= 0: diagnose flags units with z <= 0 on every sample as dead
    coupled: bool  # a_j depends on the whole z of its layer: the worked example writes out the quotient
    probability: bool  # one output unit of it reads as P(class 1), neutral at 0.5 (the decision surface)
    loss: str  # the loss chosen for it when it becomes the output and the current loss cannot take it

    @property
    def definition(self) -> str:
        """LaTeX of g and g' as the worked example lists them."""
        return r", \quad ".join(part for part in (self.formula, self.derivative) if part)


def sigmoid(z):
    # exp(-|z|) never overflows, and each branch avoids 1 - (something near 1)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_dz(z):
    # s(z) s(-z) written through exp(-|z|): exact-ish in both tails, no 1 - s cancellation
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def tanh_dz(z):
    t = np.tanh(z)
    return 1.0 - t * t


def softmax(z):
    # per column (one column per sample); shifting by the max keeps exp finite
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


ACTIVATIONS = {
    "sigmoid": Activation(
        "sigmoid", sigmoid, sigmoid_dz, r"\sigma", r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        r"\sigma'(z) = \sigma(z)\bigl(1 - \sigma(z)\bigr)",
        hidden=True, saturates=True, dies=False, coupled=False, probability=True, loss="cross_entropy"),
    "tanh": Activation(
        "tanh", np.tanh, tanh_dz, r"\tanh", "", r"\tanh'(z) = 1 - \tanh^{2}(z)",
        hidden=True, saturates=True, dies=False, coupled=False, probability=False, loss="squared_error"),
    "relu": Activation(
        "relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float), r"\operatorname{relu}",
        r"\operatorname{relu}(z) = \max(0, z)", r"\operatorname{relu}'(z) = [z > 0]",
        hidden=True, saturates=False, dies=True, coupled=False, probability=False, loss="squared_error"),
    # a copy, so that a[l] is never the z[l] it came from
    "linear": Activation(
        "linear", lambda z: z.astype(float, copy=True), np.ones_like, r"\operatorname{id}",
        r"\operatorname{id}(z) = z", r"\operatorname{id}'(z) = 1",
        hidden=True, saturates=False, dies=False, coupled=False, probability=False, loss="squared_error"),
    "softmax": Activation(
        "softmax", softmax, None, r"\operatorname{softmax}",
        r"\operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}}", "",
        hidden=False, saturates=False, dies=False, coupled=True, probability=False, loss="softmax_cross_entropy"),
}


def hidden() -> list[str]:
    """The names allowed before the output layer, in registry order."""
    return [name for name, g in ACTIVATIONS.items() if g.hidden]
