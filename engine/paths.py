"""The chain rule as a sum over paths: from one weight, through every neuron above it, to the loss.

For one sample, d loss / d W[l][j,k] is the sum over all paths of the product of the local
derivatives along each path; it equals delta[l]_j a[l-1]_k, the engine's dW without its L2 term
when the batch holds one sample. The graph is layered: W -> z -> a -> z -> ... -> loss.
"""
import math
from dataclasses import dataclass

import networkx as nx

from . import notation as nota
from .errors import EngineError
from .formulas import FN

MAX_PATHS = 10_000  # more paths than this are refused rather than listed


@dataclass(frozen=True)
class Path:
    nodes: tuple  # ("W", l, j, k), ("z", l, j), ("a", l, j), ..., ("loss",) in engine indices
    names: tuple  # LaTeX name of each local derivative along the path, in the chosen notation
    factors: tuple  # the local derivatives' values, in order (the first is a[l-1]_k)
    product: float  # their product: this path's share of d loss / d W[l][j,k] for the sample


def _slope(net, rec, m, i, col) -> float:
    return float(net.acts[m - 1].dz(rec.z[m - 1][i:i + 1, col])[0])


def graph(net, W, rec, l, j, k, column=0, notation="engine") -> nx.DiGraph:
    """The layered graph from W[l][j,k] to the loss; each edge holds its local derivative `d` and `name`."""
    nt, L, col, squared = nota.get(notation), net.L, column, net.loss.name == "squared_error"
    G = nx.DiGraph()
    G.add_edge(("W", l, j, k), ("z", l, j), d=float(rec.a[l - 1][k, col]), name=nota.name(nt, "a", l - 1, k))
    for m in range(l, L + 1):
        g = FN[net.acts[m - 1].name]
        for i in ([j] if m == l else range(net.layers[m])):
            z, a = ("z", m, i), ("a", m, i)
            if m < L or squared:  # the matched output pairs go from z straight to the loss
                G.add_edge(z, a, d=_slope(net, rec, m, i, col), name=f"{g}'({nota.name(nt, 'z', m, i)})")
            for o in range(net.layers[m + 1]) if m < L else ():
                G.add_edge(a, ("z", m + 1, o), d=float(W[m][o, i]), name=nota.name(nt, "W", m + 1, o, i))
            if m == L:
                diff = float(rec.a[L][i, col] - rec.Y[i, col])
                G.add_edge(a if squared else z, ("loss",), d=diff,
                           name=rf"\bigl({nota.name(nt, 'a', L, i)} - {nota.name(nt, 'y', None, i)}\bigr)")
    return G


def paths(net, W, rec, l, j, k, column=0, notation="engine", limit=MAX_PATHS) -> list[Path]:
    """Every path from W[l][j,k] to the loss for the batch's sample `column`; W are the weights the
    backward pass went through (rec.W_before for the textbook simultaneous rule)."""
    if not (1 <= l <= net.L and 0 <= j < net.layers[l] and 0 <= k < net.layers[l - 1]):
        raise EngineError(f"no weight W[{l}][{j},{k}] in layers {list(net.layers)}", "weight")
    if not rec.full or not 0 <= column < rec.X.shape[1]:
        raise EngineError("needs a full step record and a sample of its batch", "column")
    count = math.prod(net.layers[l + 1:])
    if count > limit:
        raise EngineError(f"{count} paths lead from this weight to the loss; at most {limit} are listed", "paths")
    G = graph(net, W, rec, l, j, k, column, notation)
    out = []
    for nodes in nx.all_simple_paths(G, ("W", l, j, k), ("loss",)):
        edges = [G.edges[u, v] for u, v in zip(nodes, nodes[1:])]
        factors = tuple(e["d"] for e in edges)
        out.append(Path(tuple(nodes), tuple(e["name"] for e in edges), factors, math.prod(factors)))
    return out
