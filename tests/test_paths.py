"""Paths from a weight to the loss: found with networkx on the layered graph, multiplied out by the
engine; their sum is the gradient, per sample and (as a mean plus the L2 term) over the batch."""
import itertools

import numpy as np
import pytest

from engine import EngineError
from engine.teach.worked.paths import batch_sum, products
from tests.helpers import PAIRS, random_scenario, stepper
from viz.path_graph import count, routes


def by_hand(layers, l, j):
    """Every route independently: neuron j, then any neuron of each layer above."""
    return {(j, *rest) for rest in itertools.product(*[range(n) for n in layers[l + 1:]])}


@pytest.mark.parametrize("layers", [(2, 2), (3, 4, 2), (2, 3, 2, 3), (4, 1, 3, 2, 2)])
def test_networkx_finds_exactly_the_routes_through_one_neuron_per_layer(layers):
    for l in range(1, len(layers)):
        for j in range(layers[l]):
            found = routes(layers, l, j)
            assert len(found) == len(set(found)) == count(layers, l)
            assert set(found) == by_hand(layers, l, j)


def stepped(pair, layers, lam, m, seed=1):
    st = stepper(random_scenario(layers, "tanh", pair[0], pair[1], lam=lam, m=m, seed=seed, batch="full"))
    st.step()
    return st, st.records[-1]


@pytest.mark.parametrize("pair", PAIRS)
def test_the_path_sum_of_one_sample_is_its_gradient(pair):
    layers = (3, 4, 3, 2)
    st, rec = stepped(pair, layers, 0.0, 1)
    for l in range(1, len(layers)):
        for j in range(layers[l]):
            for k in range(layers[l - 1]):
                found = products(st.sc.net, rec.W_before, rec, l, j, k, routes(layers, l, j))
                assert sum(p.product for p in found) == pytest.approx(rec.dW[l - 1][j, k], rel=1e-12, abs=1e-15)
                assert all(p.product == pytest.approx(np.prod(p.factors), rel=1e-15) for p in found)


@pytest.mark.parametrize("pair", PAIRS)
def test_over_a_batch_the_mean_of_path_sums_plus_the_l2_term_is_the_gradient(pair):
    layers = (2, 3, 3, 2)
    st, rec = stepped(pair, layers, 0.3, 5, seed=2)
    for l, j, k in [(1, 2, 1), (2, 0, 2), (3, 1, 0)]:
        rel = batch_sum(st.sc.net, rec.W_before, rec, l, j, k, routes(layers, l, j))
        assert rel.total == pytest.approx(rec.dW[l - 1][j, k], rel=1e-12, abs=1e-15)
        assert rel.l2 == pytest.approx(0.3 / 5 * rec.W_before[l - 1][j, k], rel=1e-15)
        for c in range(5):  # each sample's sum is what products gives for that sample
            one = products(st.sc.net, rec.W_before, rec, l, j, k, routes(layers, l, j), column=c)
            assert rel.sums[c] == pytest.approx(sum(p.product for p in one), rel=1e-12, abs=1e-16)


def test_a_route_that_is_no_path_is_refused():
    st, rec = stepped(PAIRS[0], (2, 3, 2), 0.0, 1)
    for bad in [(1, 0), (0,), (0, 5)]:
        with pytest.raises(EngineError, match="route"):
            products(st.sc.net, rec.W_before, rec, 1, 0, 0, [bad])
