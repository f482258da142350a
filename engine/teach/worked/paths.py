"""The chain rule as a sum over paths: from one weight, through every neuron above it, to the loss.

For one sample, d loss / d W[l][j,k] is the sum over all paths of the product of the local
derivatives along each path; it equals delta[l]_j a[l-1]_k, the engine's dW without its L2 term
when the batch holds one sample. Over a batch of m samples, dJ/dW is the mean of the samples' path
sums plus (lambda/m) W. The graph is layered: W -> z -> a -> z -> ... -> loss.

A path is given as its route: the neuron it passes in each layer from l to L (route[0] = j). The
routes can come from anywhere (the app finds them with networkx on the network's graph); paths()
enumerates them itself, layer by layer.
"""
import itertools
import math
from dataclasses import dataclass

import numpy as np

from engine.teach.textbook import notation as nota
from engine.text.errors import EngineError, counted

MAX_PATHS = 10_000  # more paths than this are refused rather than listed


@dataclass(frozen=True)
class Path:
    nodes: tuple  # ("W", l, j, k), ("z", l, j), ("a", l, j), ..., ("loss",) in engine indices
    names: tuple  # LaTeX name of each local derivative along the path, in the chosen notation
    factors: tuple  # the local derivatives' values, in order (the first is a[l-1]_k)
    product: float  # their product: this path's share of d loss / d W[l][j,k] for the sample


@dataclass(frozen=True)
class BatchSum:
    sums: np.ndarray  # per sample of the batch, in batch order: its sum over paths, d loss_i / dW
    l2: float  # the L2 term (lambda/m) W[l][j,k]
    total: float  # mean of sums + l2: dJ/dW[l][j,k] as the path sums give it


def _walk(net, W, rec, l, j, k, route, nt):
    """The nodes of one path and its local derivatives as (values over the batch's samples, LaTeX name)."""
    L, kept, m = net.L, net.loss.keeps_slope, rec.X.shape[1]
    nodes, steps = [("W", l, j, k)], [(rec.a[l - 1][k], nota.name(nt, "a", l - 1, k))]
    for layer, i in enumerate(route, start=l):
        g = net.acts[layer - 1].symbol
        nodes.append(("z", layer, i))
        if layer < L or kept:  # the matched output pairs go from z straight to the loss
            nodes.append(("a", layer, i))
            steps.append((net.acts[layer - 1].dz(rec.z[layer - 1][i:i + 1])[0],
                          f"{g}'({nota.name(nt, 'z', layer, i)})"))
        if layer < L:
            o = route[layer - l + 1]
            steps.append((np.full(m, W[layer][o, i]), nota.name(nt, "W", layer + 1, o, i)))
    i = route[-1]
    error = net.loss.error_latex.format(a=nota.name(nt, "a", L, i), y=nota.name(nt, "y", None, i))
    steps.append((net.loss.error(rec.a[L][i], rec.Y[i]), rf"\bigl({error}\bigr)"))
    return tuple(nodes) + (("loss",),), steps


def _check(net, rec, l, j, k, routes):
    if not (1 <= l <= net.L and 0 <= j < net.layers[l] and 0 <= k < net.layers[l - 1]):
        raise EngineError("err.select.weight", "weight", l=l, j=j, k=k, layers=list(net.layers))
    if not rec.full:
        raise EngineError("err.step.summary_only", "step")
    for route in routes:
        if len(route) != net.L - l + 1 or route[0] != j or any(
                not 0 <= i < net.layers[layer] for layer, i in enumerate(route, start=l)):
            raise EngineError("err.paths.route", "routes", route=list(route), j=j, l=l)


def products(net, W, rec, l, j, k, routes, column=0, notation="engine") -> list[Path]:
    """The given paths from W[l][j,k] to the loss for the batch's sample `column`, each with its local
    derivatives and their product; W are the weights the backward pass went through (rec.W_before
    for the textbook simultaneous rule)."""
    _check(net, rec, l, j, k, routes)
    if not 0 <= column < rec.X.shape[1]:
        raise EngineError("err.step.column", "column", m=counted("sample", rec.X.shape[1]), got=column)
    nt, out = nota.get(notation), []
    for route in routes:
        nodes, steps = _walk(net, W, rec, l, j, k, tuple(route), nt)
        factors = tuple(float(values[column]) for values, _ in steps)
        out.append(Path(nodes, tuple(name for _, name in steps), factors, math.prod(factors)))
    return out


def batch_sum(net, W, rec, l, j, k, routes) -> BatchSum:
    """Every sample's sum over the given paths, and how they make dJ/dW: their mean plus (lambda/m) W."""
    _check(net, rec, l, j, k, routes)
    sums = sum(np.prod([values for values, _ in _walk(net, W, rec, l, j, k, tuple(r), nota.get("engine"))[1]],
                       axis=0) for r in routes)
    m = rec.X.shape[1]
    l2 = net.lam / m * float(rec.W_before[l - 1][j, k])
    return BatchSum(sums, l2, float(np.mean(sums)) + l2)


def routes(layers, l, j, limit=MAX_PATHS) -> list[tuple]:
    """Every route from neuron j of layer l to the output, enumerated layer by layer."""
    count = math.prod(layers[l + 1:])
    if count > limit:
        raise EngineError("err.paths.too_many", "paths", count=count, limit=limit)
    return [(j, *above) for above in itertools.product(*(range(n) for n in layers[l + 1:]))]


def paths(net, W, rec, l, j, k, column=0, notation="engine", limit=MAX_PATHS) -> list[Path]:
    """Every path from W[l][j,k] to the loss for the batch's sample `column` (see products)."""
    if not 1 <= l <= net.L:
        raise EngineError("err.select.weight", "weight", l=l, j=j, k=k, layers=list(net.layers))
    return products(net, W, rec, l, j, k, routes(net.layers, l, j, limit), column, notation)
