"""Builders and known cases shared by the tests, none of them needing Streamlit (AppTest helpers:
tests/apptest.py): random scenarios, steppers, exact file round trips, networks whose diagnosis is known,
the words a figure shows."""
import asyncio
import concurrent.futures
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from engine.core.scenarios import scenario

from engine.core.stepping.stepper import Stepper
from engine.files import formats
from engine.teach.screen.view import current
from engine.text.errors import EngineError

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


# the digits network as a link's query: large enough that training takes a while
DIGITS = {"layers": "64,128,64,10", "act": "tanh,tanh,softmax", "loss": "softmax_cross_entropy", "lr": "0.1",
          "batch": "full", "init": "xavier", "seed": "0", "data": "digits", "n": "1797", "test": "0.2"}

# ---- files --------------------------------------------------------------------------------------


def bits(values):
    """The IEEE-754 bit patterns, so -0.0 and 0.0 (equal as numbers) count as different."""
    return [struct.pack("<d", v) for v in np.asarray(values, dtype=float).ravel()]


def encode(obj) -> bytes:
    return formats.dumps(obj).encode()


def refused(reader, data, field=None, word=""):
    with pytest.raises(EngineError) as info:
        reader(data)
    if field is not None:
        assert info.value.field == field, info.value
    assert word.lower() in info.value.message.lower(), info.value
    return info.value


def run(src, n, batch=None, budget=None) -> Stepper:
    """A scenario read back from its file, then stepped n times."""
    st = Stepper(formats.read_scenario(encode(src)), **({} if budget is None else {"budget": budget}))
    if batch is not None:
        st.set_batch(batch)
    st.run(n)
    return st


# ---- networks whose diagnosis is known ----------------------------------------------------------

_RNG = np.random.default_rng(7)
X_STD = _RNG.normal(size=(200, 2))
X_STD = (X_STD - X_STD.mean(axis=0)) / X_STD.std(axis=0)  # 200 standardised 2-d inputs
SAT_W = [np.array([[40.0, -40.0], [0.3, 0.2]]), np.array([[0.5, -0.4]])]  # neuron n1_0 saturates
SAT_B = [np.zeros(2), np.zeros(1)]
DEAD_W = [_RNG.normal(scale=0.5, size=(4, 2)), _RNG.normal(scale=0.5, size=(1, 4))]
DEAD_B = [np.array([0.0, -100.0, 0.0, 0.0]), np.zeros(1)]  # the bias -100 kills ReLU n1_1

# ---- words a figure shows -----------------------------------------------------------------------

SHOWN = {"text", "name", "hovertemplate", "ticktext", "texttemplate"}  # where plotly draws words
NAMES = {"Frobenius"}  # a mathematician's name stays in Latin letters in Chinese too


def shown_words(fig) -> list[str]:
    """Every word of two or more Latin letters a figure shows (plotly's %{...} fields and tags aside)."""
    found = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "template":
                    walk(v, k)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in SHOWN:
            plain = re.sub(r"%\{[^}]*\}|<[^>]*>", " ", node)
            found.extend(w for w in re.findall(r"[A-Za-z]{2,}", plain) if w not in NAMES)
    walk(fig.to_plotly_json())
    return found


class Clock:
    """A module's time.monotonic (ui.train.loop's), advanced only by the work a test says was done, so what
    a loop does in a given time is counted rather than raced against a busy machine."""

    def __init__(self, monkeypatch, module):
        self.now = 0.0
        monkeypatch.setattr(module, "time", SimpleNamespace(monotonic=lambda: self.now))

    def advance(self, seconds):
        self.now += seconds


def cli(*args):
    """`python -m engine ARGS`, run as a user runs it: in a subprocess at the repository root."""
    return subprocess.run([sys.executable, "-m", "engine", *map(str, args)], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True, timeout=120)


def mazur_at(cursor):
    """Mazur's preset stepped `cursor` sub-steps in, and its view."""
    st = stepper(MAZUR)
    for _ in range(cursor):
        st.sub_step()
    return st, current(st)


def view_of(src):
    """The view of a scenario before its first step."""
    return current(stepper(src))


def big_view(layers=(784, 128, 64, 10)):
    """The view of a digits-sized network after one step on a batch of two: more than a figure draws."""
    st = stepper(random_scenario(list(layers), "sigmoid", "softmax_cross_entropy", "softmax", m=2, seed=1))
    st.step()
    return current(st)


def run_async(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop running in
    the main thread when they ran first in the same session, and asyncio.run refuses to nest in it."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
