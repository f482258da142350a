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
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_dz, r"\sigma(z) = \frac{1}{1 + e^{-z}}"),
    "tanh": Activation("tanh", np.tanh, tanh_dz, r"\tanh(z)"),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float), r"\max(0, z)"),
    # a copy, so that a[l] is never the z[l] it came from
    "linear": Activation("linear", lambda z: z.astype(float, copy=True), np.ones_like, r"z"),
    "softmax": Activation("softmax", softmax, None, r"\frac{e^{z_j}}{\sum_k e^{z_k}}"),
}

HIDDEN = ("sigmoid", "tanh", "relu", "linear")  # allowed before the output layer
