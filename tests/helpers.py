"""Small builders shared by the tests."""
import numpy as np

from engine import scenario
from engine.stepper import Stepper

# (hidden activation choices, output activation, loss) for every allowed pairing
PAIRS = [
    ("squared_error", "sigmoid"), ("squared_error", "tanh"), ("squared_error", "linear"),
    ("squared_error", "relu"), ("cross_entropy", "sigmoid"), ("softmax_cross_entropy", "softmax"),
]
HIDDEN = ["sigmoid", "tanh", "relu", "linear"]


def targets(loss, rng, n_out, m):
    if loss == "softmax_cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, m)]
    if loss == "cross_entropy":
        return rng.integers(0, 2, (m, n_out)).astype(float)
    return rng.normal(size=(m, n_out))


def random_scenario(layers, hidden, loss, out, lam=0.0, m=3, seed=0, lr=0.1, **extra):
    rng = np.random.default_rng(seed)
    src = {"schema": scenario.SCHEMA, "layers": list(layers),
           "activations": [hidden] * (len(layers) - 2) + [out], "loss": loss, "lambda": lam, "lr": lr,
           "init": {"scheme": "xavier", "seed": seed},
           "b": [rng.normal(scale=0.5, size=n).tolist() for n in layers[1:]],
           "X": rng.normal(size=(m, layers[0])).tolist(),
           "Y": targets(loss, rng, layers[-1], m).tolist(), **extra}
    return src


def stepper(src, **kw) -> Stepper:
    return Stepper(scenario.parse(src), **kw)


MAZUR = {
    "schema": scenario.SCHEMA, "layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"],
    "loss": "squared_error", "lambda": 0.0, "lr": 0.5,
    "W": [[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
    "b": [[0.35, 0.35], [0.60, 0.60]], "X": [[0.05, 0.10]], "Y": [[0.01, 0.99]],
}
