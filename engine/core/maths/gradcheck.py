"""Central finite differences of the cost J against the analytic gradient, per parameter."""
import math
from dataclasses import dataclass

import numpy as np

from engine.core.maths.backprop import cost, forward, gradients
from engine.core.maths.network import Net, check_whole, first_nonfinite

EPS = 1e-5  # step of the central difference: truncation ~EPS^2, rounding ~1e-16/EPS
# gradients below FLOOR * max(1, |J|) are compared absolutely: the difference quotient carries about
# ulp(J) / EPS ~ 2e-11 |J| of rounding noise, which must stay well under any tolerance (1e-4 by default)
FLOOR = 1e-6


@dataclass(frozen=True)
class Check:
    param: str  # "W" or "b"
    layer: int  # 1-based layer l
    index: tuple  # (j, k) for W[l], (j,) for b[l]
    analytic: float  # dJ/dparam from backprop
    numeric: float  # (J(p + eps) - J(p - eps)) / (2 eps)
    rel: float  # |analytic - numeric| / max(|analytic|, |numeric|, FLOOR * max(1, |J|))


def batch_cost(net: Net, W, b, X, Y) -> float:
    z, a = forward(net, W, b, X)
    return cost(net, W, z, a, Y)[1]


def analytic(net: Net, W, b, X, Y):
    """dJ/dW and dJ/db over the whole batch X, Y (columns are samples)."""
    *_, dW, db = gradients(net, W, b, X, Y)
    return dW, db


def _arrays(net: Net):
    """(name, 0-based layer, shape) of each parameter array: W of each layer, then b of each layer."""
    return [("W", l, (net.layers[l + 1], net.layers[l])) for l in range(net.L)] + \
        [("b", l, (net.layers[l + 1],)) for l in range(net.L)]


def _positions(net: Net, subset, seed, per_array=None):
    """(name, 0-based layer, index) of every parameter, in the order of _arrays; or of a seeded sample of
    `subset` of them all; or of up to `per_array` of each W[l] and each b[l], so every array, however
    small beside the others, is checked. Sampling never lists the parameters (a [1024,1024,1024] net
    has two million)."""
    shapes = _arrays(net)
    sizes = [math.prod(shape) for _, _, shape in shapes]
    rng = np.random.default_rng(seed)
    if per_array is not None:
        return [(name, l, tuple(int(j) for j in np.unravel_index(i, shape)))
                for (name, l, shape), size in zip(shapes, sizes)
                for i in np.sort(rng.choice(size, size=min(per_array, size), replace=False)).tolist()]
    n = sum(sizes)
    if subset is None or subset >= n:
        return [(name, l, idx) for name, l, shape in shapes for idx in np.ndindex(*shape)]
    flat = np.sort(rng.choice(n, size=subset, replace=False))
    starts = np.cumsum([0] + sizes)
    out = []
    for i in flat.tolist():
        part = int(np.searchsorted(starts, i, side="right")) - 1
        name, l, shape = shapes[part]
        out.append((name, l, tuple(int(j) for j in np.unravel_index(i - starts[part], shape))))
    return out


def _finite_cost(net: Net, W, b, X, Y) -> float:
    """J at W, b; NonFiniteError unless the forward pass and the cost are finite: a difference of
    infinite costs says nothing about the gradient."""
    z, a = forward(net, W, b, X)
    loss, J = cost(net, W, z, a, Y)
    first_nonfinite(None, z=z, a=a[1:], loss=[loss], J=[J])
    return J


def gradcheck(net: Net, W, b, X, Y, subset=None, seed=0, eps=EPS, grad=None, per_array=None, progress=None):
    """One Check per parameter, or per parameter of a seeded sample: `subset` of them all, or up to
    `per_array` of each W[l] and each b[l] (the two are not combined).

    `grad` replaces the analytic (dW, db), so a gradient written as some text prints it can be checked.
    `progress(done, total, check, last)` is called after each check; last: the check ends its array.
    Refuses (NonFiniteError) parameters whose forward pass or cost is not finite.
    """
    for name, value in (("subset", subset), ("per_array", per_array)):
        if value is not None:
            check_whole(name, value, 1)
    positions = _positions(net, subset, seed, per_array)
    with np.errstate(over="ignore", invalid="ignore"):  # reported by name, or as a NaN relative error
        floor = FLOOR * max(1.0, abs(_finite_cost(net, W, b, X, Y)))
        return _checks(net, W, b, X, Y, positions, eps, grad, floor, progress or (lambda *_: None))


def _checks(net: Net, W, b, X, Y, positions, eps, grad, floor, progress):
    dW, db = grad if grad is not None else analytic(net, W, b, X, Y)
    W, b = [w.copy() for w in W], [v.copy() for v in b]
    checks = []
    for i, (name, l, idx) in enumerate(positions):
        params, grads = (W, dW) if name == "W" else (b, db)
        keep = params[l][idx]
        params[l][idx] = keep + eps
        up = batch_cost(net, W, b, X, Y)
        params[l][idx] = keep - eps
        down = batch_cost(net, W, b, X, Y)
        params[l][idx] = keep
        num, ana = (up - down) / (2 * eps), float(grads[l][idx])
        checks.append(Check(name, l + 1, tuple(int(j) for j in idx), ana, num,
                            abs(ana - num) / max(abs(ana), abs(num), floor)))
        last = i + 1 == len(positions) or positions[i + 1][:2] != (name, l)
        progress(i + 1, len(positions), checks[-1], last)
    return checks


def worst(checks) -> Check:
    # a NaN error (the cost overflowed) is the worst of all; max() alone would skip past it
    return max(checks, key=lambda c: c.rel if c.rel == c.rel else math.inf)
