"""What the network figure calls things: the display name of each neuron and edge, the symbol of each
quantity (accessible names, tooltips, the legend) and the number of each layer. The defaults are the engine's own plain
names; a page passes the chosen notation's (ui.common.numbers builds them from engine.teach.textbook.notation)."""
from dataclasses import dataclass, field

SYMBOLS = {"x": "x", "z": "z", "a": "a", "delta": "δ", "b": "b", "W": "W", "dW": "∂J/∂W", "update": "ΔW"}


def default_label(kind, l, j, k=None) -> str:
    """The engine's names; a notation passes its own function with this signature as `label`."""
    if kind == "edge":
        return f"W[{l}][{j},{k}]"
    return f"x_{j}" if l == 0 else f"a[{l}]_{j}"


def _engine_layer(l: int) -> int:
    return l


def _bias(l: int, j: int) -> str:
    return f"b[{l}]_{j}"


@dataclass(frozen=True)
class Names:
    label: object = default_label  # (kind "neuron" or "edge", l, j, k=None) -> display name
    symbols: dict = field(default_factory=lambda: dict(SYMBOLS))  # quantity -> its symbol
    layer: object = _engine_layer  # engine layer l (0 = input) -> the number the figure shows
    bias: object = _bias  # (l, j) -> the name of neuron j's bias, in its accessible name (Ng: a column of Theta)
