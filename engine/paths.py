"""The chain rule as a sum over paths: from one weight, through every neuron above it, to the loss.

For one sample, d loss / d W[l][j,k] is the sum over all paths of the product of the local
derivatives along each path; it equals delta[l]_j a[l-1]_k, the engine's dW without its L2 term
when the batch holds one sample. The graph is layered: W -> z -> a -> z -> ... -> loss.
"""
import itertools
import math
from dataclasses import dataclass

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


def _walk(net, W, rec, l, j, k, route, col, nt):
    """The nodes and local derivatives (value, LaTeX name) of one path: route holds the neuron taken in
    each layer from l to L (route[0] = j). Layered, so a path is just one neuron per layer."""
    L, squared = net.L, net.loss.name == "squared_error"
    nodes, steps = [("W", l, j, k)], [(float(rec.a[l - 1][k, col]), nota.name(nt, "a", l - 1, k))]
    for m, i in enumerate(route, start=l):
        g = FN[net.acts[m - 1].name]
        nodes.append(("z", m, i))
        if m < L or squared:  # the matched output pairs go from z straight to the loss
            nodes.append(("a", m, i))
            steps.append((_slope(net, rec, m, i, col), f"{g}'({nota.name(nt, 'z', m, i)})"))
        if m < L:
            o = route[m - l + 1]
            steps.append((float(W[m][o, i]), nota.name(nt, "W", m + 1, o, i)))
    i = route[-1]
    steps.append((float(rec.a[L][i, col] - rec.Y[i, col]),
                  rf"\bigl({nota.name(nt, 'a', L, i)} - {nota.name(nt, 'y', None, i)}\bigr)"))
    return tuple(nodes) + (("loss",),), steps


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
    nt, out = nota.get(notation), []
    for above in itertools.product(*(range(n) for n in net.layers[l + 1:])):
        nodes, steps = _walk(net, W, rec, l, j, k, (j, *above), column, nt)
        factors = tuple(d for d, _ in steps)
        out.append(Path(nodes, tuple(name for _, name in steps), factors, math.prod(factors)))
    return out
