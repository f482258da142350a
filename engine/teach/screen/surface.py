"""What the network predicts over the input space: a grid over the plane (2 features) or a line (1).

The Train page draws these as a TensorFlow-Playground-like decision surface or a regression curve.
Grid points are pushed through engine.core.maths.backprop.forward with the stepper's current W, b, so the
picture is exactly what the network computes.
"""
from dataclasses import dataclass

import numpy as np

from engine.core.maths.backprop import forward
from engine.core.maths.network import check_whole
from engine.text.errors import EngineError, phrase

CHUNK = 4096  # grid points per forward pass: bounds memory for wide, deep networks
MAX_GRID = 400  # grid points per side
MAX_LINE = 5000  # points on a regression line


@dataclass(frozen=True)
class Surface:
    xs: np.ndarray  # (resolution,) first-feature coordinates of the grid columns
    ys: np.ndarray  # (resolution,) second-feature coordinates of the grid rows
    value: np.ndarray  # (resolution, resolution), value[i, j] at (xs[j], ys[i]); see kind
    confidence: np.ndarray | None  # for kind "classes": the largest output at each point, else None
    kind: str  # "probability" (one sigmoid unit: P(class 1)), "output" (one other unit) or "classes" (argmax)
    n_out: int  # output units: the number of classes for kind "classes"
    centre: float | None  # the neutral value of a diverging colour scale; None for "classes"
    extent: tuple  # (x_min, x_max, y_min, y_max) of the training and test inputs, before padding


@dataclass(frozen=True)
class Line:
    xs: np.ndarray  # (resolution,) inputs from the smallest to the largest data input
    value: np.ndarray  # (resolution,) the network's output at each of xs
    extent: tuple  # (x_min, x_max) of the training and test inputs


def _resolution(value, high) -> int:
    return check_whole("resolution", value, 2, high)


def _inputs(stepper, dims: int, what: str) -> np.ndarray:
    """Training and test inputs side by side (dims, m + m_test), after checking the input width."""
    n_in = stepper.sc.net.layers[0]
    if n_in != dims:
        raise EngineError("err.surface.input" if dims == 1 else "err.surface.inputs", "layers",
                          what=phrase(f"err.surface.{what}"), dims=dims, got=n_in)
    return np.concatenate([stepper.sc.X, stepper.sc.X_test], axis=1)


def predict(stepper, P: np.ndarray) -> np.ndarray:
    """Output a[L] (n_L, n) for the points in the columns of P, with the current parameters."""
    net, W, b = stepper.sc.net, stepper.W, stepper.b
    # far outside the data a linear or relu output can overflow; plotly leaves such cells blank
    with np.errstate(over="ignore", invalid="ignore"):
        parts = [forward(net, W, b, P[:, i:i + CHUNK])[1][-1] for i in range(0, P.shape[1], CHUNK)]
    return np.concatenate(parts, axis=1)


def _centre(stepper) -> float:
    if stepper.sc.net.acts[-1].probability:
        return 0.5
    Y = stepper.sc.Y
    return float((Y.min() + Y.max()) / 2)  # 0.5 for 0/1 labels, the middle of a regression range


def grid(stepper, resolution=60, pad=0.5) -> Surface:
    """The network's output over a resolution x resolution grid covering the data plus pad on each side."""
    resolution = _resolution(resolution, MAX_GRID)
    pad = float(pad)
    data = _inputs(stepper, 2, "boundary")
    lo, hi = data.min(axis=1), data.max(axis=1)
    xs = np.linspace(lo[0] - pad, hi[0] + pad, resolution)
    ys = np.linspace(lo[1] - pad, hi[1] + pad, resolution)
    gx, gy = np.meshgrid(xs, ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
    out = predict(stepper, np.vstack([gx.ravel(), gy.ravel()]))
    extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
    shape = (resolution, resolution)
    n_out = out.shape[0]
    if n_out > 1:
        return Surface(xs, ys, out.argmax(axis=0).reshape(shape), out.max(axis=0).reshape(shape),
                       "classes", n_out, None, extent)
    kind = "probability" if stepper.sc.net.acts[-1].probability else "output"
    return Surface(xs, ys, out[0].reshape(shape), None, kind, 1, _centre(stepper), extent)


def line(stepper, resolution=200) -> Line:
    """The network's single output over the range of its one input feature (for 1-D regression)."""
    resolution = _resolution(resolution, MAX_LINE)
    data = _inputs(stepper, 1, "curve")
    n_out = stepper.sc.net.layers[-1]
    if n_out != 1:
        raise EngineError("err.surface.outputs", "layers", got=n_out)
    lo, hi = float(data.min()), float(data.max())
    xs = np.linspace(lo, hi, resolution)
    return Line(xs, predict(stepper, xs[None, :])[0], (lo, hi))


def labels(Y: np.ndarray) -> np.ndarray:
    """Per-sample label from targets with one sample per column: the value of a single output, else argmax."""
    return Y[0] if Y.shape[0] == 1 else Y.argmax(axis=0)
