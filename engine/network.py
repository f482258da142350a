"""The network's structure and one instrumented pass over a batch (columns are samples).

Convention (shared/CONVENTIONS.md): z[l] = W[l] a[l-1] + b[l], a[l] = g_l(z[l]); Python lists are
0-based, so index l-1 holds layer l for W, b, z, delta, dW, db, while a[0] is the input.
"""
import math
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, HIDDEN, Activation
from .errors import EngineError, NonFiniteError, choose, counted, shown
from .losses import LOSSES, Loss

MAX_LAYERS = 8  # weight layers L
MAX_WIDTH = 1024  # neurons in any layer
ORDERS = ("simultaneous", "output_first")  # when the output weights are updated
MAX_LAMBDA = 1e6  # like the learning rate's cap: far past any useful value, well short of overflow


@dataclass(frozen=True)
class Net:
    layers: tuple[int, ...]  # sizes n0 (input) .. nL (output)
    acts: tuple[Activation, ...]  # g_1 .. g_L
    loss: Loss  # the per-sample loss
    lam: float  # L2 strength lambda (biases are not penalised)

    @property
    def L(self) -> int:
        return len(self.layers) - 1

    @property
    def n_params(self) -> int:
        """Weights and biases together."""
        return sum(n * (m + 1) for m, n in zip(self.layers, self.layers[1:]))


def check_layers(layers) -> tuple[int, ...]:
    if not isinstance(layers, (list, tuple)) or not 2 <= len(layers) <= MAX_LAYERS + 1:
        raise EngineError("err.layers.count", "layers", max_sizes=MAX_LAYERS + 1, max_layers=MAX_LAYERS,
                          got=shown(layers))
    for i, n in enumerate(layers):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_WIDTH:
            raise EngineError("err.layers.size", f"layers[{i}]", high=MAX_WIDTH, got=shown(n))
    return tuple(int(n) for n in layers)


def make_net(layers, activations, loss, lam=0.0) -> Net:
    """Build a Net from user-chosen names, refusing any name, count or pairing that is not allowed."""
    layers = check_layers(layers)
    if not isinstance(activations, (list, tuple)) or len(activations) != len(layers) - 1:
        raise EngineError("err.activations.count", "activations", n=len(layers) - 1, got=shown(activations))
    acts = tuple(choose("activation", name, ACTIVATIONS, f"activations[{i}]") for i, name in enumerate(activations))
    for i, g in enumerate(acts[:-1]):
        if g.name not in HIDDEN:
            raise EngineError("err.activations.output_only", f"activations[{i}]", name=shown(g.name),
                              valid=", ".join(HIDDEN))
    loss_rec = choose("loss", loss, LOSSES)
    if acts[-1].name not in loss_rec.outputs:
        raise EngineError("err.activations.pairing", f"activations[{len(acts) - 1}]", loss=shown(loss),
                          valid=", ".join(loss_rec.outputs), got=shown(acts[-1].name))
    return Net(layers, acts, loss_rec, check_number("lambda", lam, 0.0, MAX_LAMBDA))


def check_number(field, value, low=None, high=None) -> float:
    """value as a float, refused unless it is a finite number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(_as_float(value)):
        raise EngineError("err.number.finite", field, got=shown(value))
    if (low is not None and value < low) or (high is not None and value > high):
        kind = "range" if high is not None else "min"
        raise EngineError(f"err.number.{kind}", field, low=plain(low), high=plain(high), got=shown(value))
    return float(value)


def check_whole(field, value, low, high=None) -> int:
    """value as an int, refused unless it is a whole number (not a bool) within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or value < low or (high is not None and value > high):
        raise EngineError("err.whole.range" if high is not None else "err.whole.min", field,
                          low=low, high=high, got=shown(value))
    return int(value)


def _as_float(value) -> float:
    try:
        return float(value)
    except OverflowError:  # a whole number beyond the float range
        return math.inf


def plain(x) -> str:
    """1e6 as 1000000 and 0.0 as 0, as a person writes a limit."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else repr(float(x))


def check_params(net: Net, W, b):
    """Shapes of W[l] (n_l, n_{l-1}) and b[l] (n_l,) against the layer sizes, and finiteness."""
    for name, arrays, shape in (("W", W, lambda l: (net.layers[l + 1], net.layers[l])),
                                ("b", b, lambda l: (net.layers[l + 1],))):
        if len(arrays) != net.L:
            raise EngineError("err.params.count", name, n=counted("array", net.L), got=len(arrays))
        for l, arr in enumerate(arrays):
            if arr.shape != shape(l):
                raise EngineError("err.params.shape", f"{name}[{l}]", l=l + 1, shape=shape(l),
                                  layers=list(net.layers), got=arr.shape)
            if not np.all(np.isfinite(arr)):
                raise EngineError("err.params.nonfinite", f"{name}[{l}]")


def forward(net: Net, W, b, X):
    """z[l] and a[l] for every layer; X holds one sample per column."""
    z, a, _ = forward_kept(net, W, b, X)
    return z, a


def forward_kept(net: Net, W, b, X):
    """z, a and, per layer, what g'(z) can reuse (for backward's `kept`); the same z and a as forward."""
    z, a, kept = [], [X], []
    for Wl, bl, g in zip(W, b, net.acts):
        zl = Wl @ a[-1]
        zl += bl[:, None]  # in place: the same sum as W a + b, without a second array
        out, keep = g.f_kept(zl)
        z.append(zl)
        a.append(out)
        kept.append(keep)
    return z, a, kept


def _dz(g, z, a, kept):
    return g.dz(z) if kept is None else g.dz_kept(z, a, kept)


def backward(net: Net, W, b, z, a, Y, lr, order="simultaneous", freeze_biases=False, kept=None, d=None):
    """delta, dW, db per layer, and the parameters after the update. kept (from forward_kept) saves
    recomputing parts of g'(z), and d (delta[L], from head) recomputing it: the numbers are the same.

    Simultaneous order propagates through the old W (the textbook rule); output_first propagates
    each delta through the weights of the layer above as already updated (as some reference code does).
    """
    m = Y.shape[1]
    L = net.L
    kept = kept or [None] * L
    delta, dW, db, W_new, b_new = [None] * L, [None] * L, [None] * L, [None] * L, [None] * L
    if d is None:
        d = net.loss.delta(z[-1], a[-1], Y, net.acts[-1], lambda: _dz(net.acts[-1], z[-1], a[-1], kept[-1]))
    for l in range(L - 1, -1, -1):
        delta[l] = d
        # in place where a new array would only replace a temporary: the same operations, so the
        # same bits, and one fresh weight-sized block a step instead of three
        dW[l] = d @ a[l].T
        dW[l] /= m
        if net.lam:  # skipped at 0: a whole extra pass over each W for nothing
            dW[l] += (net.lam / m) * W[l]
        db[l] = np.add.reduce(d, axis=1) / m  # d.sum(axis=1) without its wrapper
        W_new[l] = lr * dW[l]
        np.subtract(W[l], W_new[l], out=W_new[l])
        b_new[l] = b[l] if freeze_biases else b[l] - lr * db[l]
        if l > 0:
            through = W_new[l] if order == "output_first" else W[l]
            d = (through.T @ d) * _dz(net.acts[l - 1], z[l - 1], a[l], kept[l - 1])
    return delta, dW, db, W_new, b_new


def cost(net: Net, W, z, a, Y):
    """Per-sample losses and J = mean loss + lambda/(2m) sum ||W||^2 for this batch."""
    loss = net.loss.value(z[-1], a[-1], Y)
    return loss, _J(net, W, loss)


def head(net: Net, W, z, a, Y, kept):
    """cost()'s losses and J, and backward()'s delta[L], from one look at the output layer."""
    g = net.acts[-1]
    loss, d = net.loss.value_delta(z[-1], a[-1], Y, g, lambda: _dz(g, z[-1], a[-1], kept[-1]))
    return loss, _J(net, W, loss), d


def _J(net, W, loss) -> float:
    J = float(np.add.reduce(loss, axis=None)) / loss.size  # what loss.mean() computes, without its wrapper
    if net.lam:
        J += net.lam / (2 * loss.size) * sum(float(np.vdot(Wl, Wl)) for Wl in W)
    return J


WHOLE = ("loss", "J")  # quantities of the whole batch, not of a layer


def first_nonfinite(step, **per_layer):
    """Raise NonFiniteError naming the first quantity and layer that holds NaN or infinity; a None
    in place of an array is one already known to be finite."""
    for quantity, arrays in per_layer.items():
        for l, arr in enumerate(arrays):
            if arr is None:
                continue
            # a sum is finite only if every term is: one reduction, no boolean temporary (the bare
            # ufunc: np.sum's wrapper costs more than a small array's sum); a finite array whose sum
            # overflows gets the element-wise look
            if not math.isfinite(np.add.reduce(arr, axis=None)) and not np.all(np.isfinite(arr)):
                raise NonFiniteError(step, None if quantity in WHOLE else l + 1, quantity)
