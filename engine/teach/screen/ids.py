"""The ids of a drawing's neurons and edges, spelt one way everywhere (figures, selections, lessons,
edit marks): "n{l}_{j}" for neuron j of layer l (0..L), "e{l}_{j}_{k}" for the weight W[l][j, k]
(l = 1..L, j receiving, k sending). Indices are the engine's, 0-based."""
import re

_ID = re.compile(r"n(\d+)_(\d+)|e(\d+)_(\d+)_(\d+)")


def neuron(l: int, j: int) -> str:
    return f"n{l}_{j}"


def edge(l: int, j: int, k: int) -> str:
    return f"e{l}_{j}_{k}"


def parse(cid) -> tuple | None:
    """("n", l, j) or ("e", l, j, k); None for anything else: "e1_0" names neither a neuron nor an edge."""
    m = _ID.fullmatch(cid) if isinstance(cid, str) else None
    if not m:
        return None
    kind = "n" if m.group(1) is not None else "e"
    return (kind, *(int(g) for g in m.groups() if g is not None))
