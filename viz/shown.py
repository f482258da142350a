"""What a figure of the network shows of it: the quantities that may colour its neurons and edges, which
neurons of each layer are drawn (all of a small layer, of a large one the largest), which edges (the
strongest among drawn neurons), and the values of both. Of a large network only this much goes to the
browser (viz.element); the rest is counted in the figure's note.
"""
from dataclasses import dataclass

import numpy as np

from viz.palette import sym_max

NODE_QTY = {"z": "z", "a": "a", "delta": "δ"}  # what may colour the neurons -> its symbol
EDGE_QTY = {"W": "W", "dW": "∂J/∂W", "update": "ΔW"}  # what may colour the edges -> its symbol (ΔW: W after - W before)
MAX_EDGES = 240  # edges drawn at most: the strongest; more turn a projected figure into a thicket and cost each click
MAX_NEURONS = 12  # neurons drawn at most a layer: the largest; the rest fold into one "⋯ (+N)"


@dataclass(frozen=True)
class Frame:
    shown: tuple  # neurons drawn per layer
    idx: tuple  # per layer: the indices of the drawn neurons, ascending
    slots: tuple  # per layer: the places it takes, the drawn neurons and one "⋯ (+N)" when folded


def drawn(layers, sizes, max_neurons) -> tuple:
    """Per layer, the indices of the neurons to draw: all of a small layer, of a large one the
    max_neurons with the largest sizes (Stepper.sizes: ties and NaN go to the lower index, and the
    sizes never change between steps, so neither does the choice), in index order."""
    out = []
    for n, size in zip(layers, sizes, strict=True):
        top = np.argsort(-np.asarray(size, dtype=float), kind="stable")[:max_neurons] if n > max_neurons \
            else range(n)
        out.append(tuple(sorted(int(j) for j in top)))
    return tuple(out)


def frame(layers: tuple, max_neurons: int, sizes) -> Frame:
    """The drawn neurons of each layer and the places they take, from the layer sizes and the neurons'
    sizes alone, so that what is drawn, and where, never moves when values change."""
    idx = drawn(layers, sizes, max_neurons)
    return Frame(tuple(map(len, idx)), idx, tuple(len(keep) + (n > len(keep)) for n, keep in zip(layers, idx)))


def node_values(view, qty, fr):
    """Per layer, the colouring value of each drawn neuron (the input layer always shows x), NaN if unknown."""
    out = []
    for l, n in enumerate(fr.shown):
        if l == 0 or qty == "a":
            arr = view.a[l]
        else:
            arr = (view.z if qty == "z" else view.delta)[l - 1]
        out.append(np.full(n, np.nan) if arr is None else np.asarray(arr[list(fr.idx[l])], dtype=float))
    return out


@dataclass(frozen=True)
class Edges:
    l: np.ndarray  # layer of each drawn edge (1..L)
    j: np.ndarray  # receiving neuron
    k: np.ndarray  # sending neuron
    vals: dict  # "W", "dW", "update" -> value per drawn edge, NaN while not computed
    q: np.ndarray  # the shown quantity, NaN while not computed
    M: float  # half-width of the symmetric colour range of q
    total: int  # edges of the whole network


def pick_edges(view, qty, fr, max_edges) -> Edges:
    """The strongest max_edges edges among drawn neurons, by |shown quantity| (by |W| while it is not
    computed in every layer, so the choice does not jump around halfway through the backward pass)."""
    cols = {key: [] for key in ("l", "j", "k", *EDGE_QTY)}
    for l in range(1, len(view.layers)):
        rows, width = np.array(fr.idx[l]), np.array(fr.idx[l - 1])
        j, k = rows.repeat(width.size), np.tile(width, rows.size)  # row-major, as ravel() below
        cols["l"].append(np.full(j.size, l))
        cols["j"].append(j)
        cols["k"].append(k)
        for key in EDGE_QTY:
            arr = getattr(view, key)[l - 1]
            cols[key].append(np.full(j.size, np.nan) if arr is None else arr[np.ix_(rows, width)].ravel())
    c = {key: np.concatenate(v) for key, v in cols.items()}
    rank = np.abs(c["W"] if np.isnan(c[qty]).any() else c[qty])
    keep = np.arange(rank.size)
    if rank.size > max_edges:
        keep = np.sort(np.argpartition(-rank, max_edges - 1)[:max_edges]) if max_edges else keep[:0]
    c = {key: v[keep] for key, v in c.items()}
    total = sum(a * b for a, b in zip(view.layers, view.layers[1:]))
    return Edges(c["l"], c["j"], c["k"], {key: c[key] for key in EDGE_QTY}, c[qty], sym_max(c[qty]), total)
