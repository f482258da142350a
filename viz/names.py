"""What the network figure calls things: the display name of each neuron and edge, the symbol of each
quantity (hovers, colour bars) and the number of each layer. The defaults are the engine's own plain
names; a page passes the chosen notation's (ui.common.numbers builds them from engine.teach.notation)."""
from dataclasses import dataclass, field

from viz.neurons import default_label

SYMBOLS = {"x": "x", "z": "z", "a": "a", "delta": "δ", "W": "W", "dW": "∂J/∂W", "update": "ΔW"}


def _engine_layer(l: int) -> int:
    return l


def _bias(l: int, j: int) -> str:
    return "b"


@dataclass(frozen=True)
class Names:
    label: object = default_label  # (kind "neuron" or "edge", l, j, k=None) -> display name
    symbols: dict = field(default_factory=lambda: dict(SYMBOLS))  # quantity -> its symbol
    layer: object = _engine_layer  # engine layer l (0 = input) -> the number the figure shows
    bias: object = _bias  # (l, j) -> the name of neuron j's bias in its hover (Ng: a column of Theta)
