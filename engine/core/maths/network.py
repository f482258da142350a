"""The network's structure, checked as users give it: layer sizes, activation and loss names, numbers,
parameter shapes; and the naming of the first non-finite value of a step. The backpropagation
itself is in backprop.py."""
import math
from dataclasses import dataclass

import numpy as np

from engine.core.maths.activations import ACTIVATIONS, Activation, hidden
from engine.core.maths.losses import LOSSES, Loss
from engine.text.errors import EngineError, NonFiniteError, choose, counted, shown

MAX_LAYERS = 8  # weight layers L
MAX_WIDTH = 1024  # neurons in any layer
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
        if not g.hidden:
            raise EngineError("err.activations.output_only", f"activations[{i}]", name=shown(g.name),
                              valid=", ".join(hidden()))
    loss_rec = choose("loss", loss, LOSSES)
    if acts[-1].name not in loss_rec.accepts():
        raise EngineError("err.activations.pairing", f"activations[{len(acts) - 1}]", loss=shown(loss),
                          valid=", ".join(loss_rec.accepts()), got=shown(acts[-1].name))
    return Net(layers, acts, loss_rec, check_number("lambda", lam, 0.0, MAX_LAMBDA))


def check_number(field, value, low=None, high=None) -> float:
    """value as a float, refused unless it is a finite number within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not math.isfinite(_as_float(value)):
        raise EngineError("err.number.finite", field, got=shown(value))
    if (low is not None and value < low) or (high is not None and value > high):
        kind = "range" if high is not None else "min"
        raise EngineError(f"err.number.{kind}", field, low=limit_text(low), high=limit_text(high), got=shown(value))
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


def limit_text(x) -> str:
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


WHOLE = ("loss", "J")  # quantities of the whole batch, not of a layer


def first_nonfinite(step, **per_layer):
    """Raise NonFiniteError naming the first quantity, in the order given, and its layer that holds
    NaN or infinity; return if there is none."""
    for quantity, arrays in per_layer.items():
        for l, arr in enumerate(arrays):
            if not np.all(np.isfinite(arr)):
                raise NonFiniteError(step, None if quantity in WHOLE else l + 1, quantity)
