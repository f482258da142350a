"""Activation registry: each function with its derivative, keyed by the name users choose.

Every derivative takes z (not a), because the engine logs z and a derivative of a saturated
sigmoid computed from a rounded a would lose all its digits.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Activation:
    name: str  # the user-facing name, also the registry key
    f: Callable[[np.ndarray], np.ndarray]  # a = g(z), column-wise for softmax
    dz: Callable[[np.ndarray], np.ndarray] | None  # g'(z) element-wise; None for softmax (only delta = a - y is used)
    formula: str  # LaTeX of g(z), for explanations
    # the same a and g'(z), bit for bit, sharing their work (sigmoid's exp(-|z|), tanh's tanh(z)):
    # (z) -> (a, kept) and (z, a, kept) -> g'(z); the step machine's pass uses these. A kept of None
    # (f_kept shares nothing) means g'(z) is dz(z), and dz_kept is None
    f_kept: Callable
    dz_kept: Callable | None


def sigmoid(z):
    # exp(-|z|) never overflows, and each branch avoids 1 - (something near 1)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_dz(z):
    # s(z) s(-z) written through exp(-|z|): exact-ish in both tails, no 1 - s cancellation
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def sigmoid_kept(z):
    # sigmoid and sigmoid_dz's common part, computed once: x ** 2 is x * x in numpy, so the same bits
    e = np.exp(-np.abs(z))
    s = 1.0 + e
    return np.where(z >= 0, 1.0, e) / s, (e, s)


def sigmoid_dz_kept(z, a, kept):
    e, s = kept
    return e / (s * s)


def tanh_dz(z):
    t = np.tanh(z)
    return 1.0 - t * t


def softmax(z):
    # per column (one column per sample); shifting by the max keeps exp finite
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def plain(name, f, dz, formula) -> Activation:
    """An activation whose a and g'(z) share nothing: it keeps None, so g'(z) is its dz(z)."""
    return Activation(name, f, dz, formula, lambda z: (f(z), None), None)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_dz, r"\sigma(z) = \frac{1}{1 + e^{-z}}",
                          sigmoid_kept, sigmoid_dz_kept),
    "tanh": Activation("tanh", np.tanh, tanh_dz, r"\tanh(z)", lambda z: (np.tanh(z),) * 2,
                       lambda z, a, t: 1.0 - t * t),
    "relu": plain("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float), r"\max(0, z)"),
    "linear": plain("linear", lambda z: z.astype(float, copy=True), np.ones_like, r"z"),
    "softmax": plain("softmax", softmax, None, r"\frac{e^{z_j}}{\sum_k e^{z_k}}"),
}

HIDDEN = ("sigmoid", "tanh", "relu", "linear")  # allowed before the output layer
