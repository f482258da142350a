"""The paths from a weight to the loss, found on the network's layered graph with networkx.

The engine stays pure numpy: it takes the routes found here and multiplies the local derivatives
along them (engine.teach.worked.paths.products). A route is the neuron a path passes in each layer from the
weight's receiving layer l to the output layer L.
"""
import math
from functools import lru_cache

import networkx as nx


def count(layers, l: int) -> int:
    """How many paths lead from a weight of layer l to the loss: one per choice of neuron above it."""
    return math.prod(layers[l + 1:])


def graph(layers, l: int, j: int) -> nx.DiGraph:
    """Neuron j of layer l and every neuron above it, as nodes (layer, neuron), each feeding the next layer."""
    g = nx.DiGraph()
    g.add_node((l, j))
    g.add_edges_from(((l, j), (l + 1, i)) for i in range(layers[l + 1]) if l + 1 < len(layers))
    g.add_edges_from(((m, i), (m + 1, o)) for m in range(l + 1, len(layers) - 1)
                     for i in range(layers[m]) for o in range(layers[m + 1]))
    return g


@lru_cache(maxsize=32)
def routes(layers: tuple, l: int, j: int) -> tuple:
    """Every route from neuron j of layer l to an output neuron (nx.all_simple_paths); a weight into the
    output layer has the one route (j,). Callers check count() first: the number grows as a product."""
    L = len(layers) - 1
    if l == L:
        return ((j,),)
    found = nx.all_simple_paths(graph(layers, l, j), (l, j), [(L, o) for o in range(layers[L])])
    return tuple(tuple(i for _, i in path) for path in found)
