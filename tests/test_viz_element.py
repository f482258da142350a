"""The network element's payload (viz.element), checked against the engine's values, Mazur's published
numbers and hand rules, and for what the element promises: the edges and neurons a large network shows,
colour scales and their legend, contrast, sign without colour (positions and sizes: test_viz_layout.py)."""

import numpy as np
import pytest

from engine.teach.screen.view import current
from engine.teach.textbook import notation
from engine.text.numformat import rounded
from tests.helpers import MAZUR, big_view, mazur_at, random_scenario, stepper, view_of
from ui import figure
from viz import element
from viz.element import EDGES, PAGES, payload
from viz.names import SYMBOLS, Names
from viz.palette import NODE_SCALE, colours
from viz.shown import MAX_EDGES

MAZUR_W = {"e1_0_0": 0.15, "e1_0_1": 0.20, "e1_1_0": 0.25, "e1_1_1": 0.30,  # Mazur's w1..w8
           "e2_0_0": 0.40, "e2_0_1": 0.45, "e2_1_0": 0.50, "e2_1_1": 0.55}
BIG = [784, 128, 64, 10]


def _contrast(a: str, b: str) -> float:
    def lum(h):
        c = np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255
        c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    lo, hi = sorted([lum(a), lum(b)])
    return (hi + 0.05) / (lo + 0.05)


def _by_id(items):
    return {item[0]: item for item in items}


def test_every_neuron_and_edge_is_named_by_id_with_its_values_to_the_chosen_digits():
    st, view = mazur_at(6)  # forward, loss, backward 2 and 1, update: everything known
    p = payload(view, "z", "dW", digits=4)
    nodes, edges = _by_id(p["nodes"]), _by_id(p["edges"])
    assert set(nodes) == {f"n{l}_{j}" for l in range(3) for j in range(2)}
    assert set(edges) == {f"e{l}_{j}_{k}" for l in (1, 2) for j in range(2) for k in range(2)}
    assert nodes["n1_0"][7] == [rounded(view.z[0][0], 4), rounded(view.a[1][0], 4), rounded(view.delta[0][0], 4),
                                rounded(view.b[0][0], 4)]
    assert nodes["n1_0"][5] == rounded(view.z[0][0], 4)  # what the circle shows: the chosen quantity
    assert nodes["n0_1"][7] == [rounded(view.a[0][1], 4)]  # an input shows x only
    assert edges["e2_1_0"][5] == [rounded(v, 4) for v in (view.W[1][1, 0], view.dW[1][1, 0], view.update[1][1, 0])]
    assert edges["e2_1_0"][4] == "W[2][1,0]" and nodes["n2_1"][6] == "a[2]_1"


def test_what_is_not_computed_yet_is_none_and_drawn_pending():
    _, view = mazur_at(1)  # only the first forward layer
    p = payload(view, "a", "dW")
    nodes, edges = _by_id(p["nodes"]), _by_id(p["edges"])
    assert nodes["n1_0"][7][:3] == [rounded(view.z[0][0], 3), rounded(view.a[1][0], 3), None]
    assert nodes["n2_0"][5] is None and nodes["n2_0"][3] == element.NOT_YET[False]
    assert all(e[3] is None and e[5][1] is None for e in p["edges"])  # no gradient yet: no sign, dotted
    assert p["phase"] == ["forward", 1]


def test_the_sign_of_an_edge_is_carried_by_more_than_its_colour():
    src = {**MAZUR, "W": [[[0.15, -0.20], [0.25, 0.30]], [[-0.40, 0.45], [0.50, 0.0]]]}
    p = payload(view_of(src), "a", "W")
    signs = {e[0]: e[3] for e in p["edges"]}
    assert signs["e1_0_1"] == -1 and signs["e2_0_0"] == -1 and signs["e1_0_0"] == 1 and signs["e2_1_1"] == 0


@pytest.mark.parametrize("dark", [False, True])
def test_every_edge_colour_is_at_least_3_to_1_against_the_page(dark):
    values = np.linspace(-1, 1, 201)
    worst = min(_contrast(element._hex(c), PAGES[dark]) for c in colours(EDGES[dark], values, 1.0))
    assert worst >= 3.0
    p = payload(big_view(), "a", "W", dark=dark)
    assert min(_contrast(e[1], PAGES[dark]) for e in p["edges"]) >= 3.0  # and the pending grey too


def test_a_large_network_sends_a_small_payload():
    p = payload(big_view(), "a", "W")
    assert len(p["edges"]) == 240 and len(p["nodes"]) == 12 + 12 + 12 + 10
    assert len(figure.encode(p)) < 32_000  # what goes to the browser


def test_notation_names_and_symbols_come_as_plain_text():
    names = Names(label=lambda kind, l, j, k=None: f"<b>w{l}{j}</b>" if kind == "edge" else f"h<sub>{j}</sub>",
                  symbols={"x": "x", "z": "net", "a": "out", "delta": "δ", "b": "b", "W": "w", "dW": "∂E/∂w",
                           "update": "Δw"}, bias=lambda l, j: f"b<sub>{l}</sub>")
    _, view = mazur_at(0)
    p = payload(view, names=names)
    assert p["nodes"][0][6] == "h₀" and p["edges"][0][4] == "w10"  # subscripts kept as Unicode, bold dropped
    assert p["nsym"] == ["x", "net", "out", "δ", "b"] and p["esym"] == ["w", "∂E/∂w", "Δw"]
    assert [len(n) for n in p["nodes"]] == [8, 8, 9, 9, 9, 9]  # an input has no bias
    assert {n[0][:2]: n[8] for n in p["nodes"][2:]} == {"n1": "b₁", "n2": "b₂"}


def test_ngs_bias_is_named_as_its_column_of_theta_not_as_a_b():
    nt = notation.get("ng")
    names = Names(label=notation.labeller(nt), bias=lambda l, j: notation.html(nt, "b", l, j),
                  symbols={**SYMBOLS, "b": "Θ"})
    _, view = mazur_at(0)
    p = payload(view, names=names)
    assert p["nodes"][2][8] == "Θ⁽¹⁾₁₀" and p["nsym"][4] == "Θ"  # Theta's row 1, column 0 of layer 1


def test_unknown_quantities_are_refused_with_the_valid_names_and_stale_selections_dropped():
    _, view = mazur_at(0)
    with pytest.raises(ValueError, match="delta"):
        payload(view, node_qty="b")
    with pytest.raises(ValueError, match="update"):
        payload(view, edge_qty="db")
    for stale in ("e1_0", "x", None, ["n1_1"], "e1_5_5", "n7_3"):  # malformed, or not in this network
        assert payload(view, selection=stale)["sel"] is None
    assert payload(view, selection="e1_0_1")["sel"] == "e1_0_1"


def _ids(layers):
    nodes = {f"n{l}_{j}" for l, n in enumerate(layers) for j in range(n)}
    edges = {f"e{l}_{j}_{k}" for l in range(1, len(layers)) for j in range(layers[l]) for k in range(layers[l - 1])}
    return nodes, edges


@pytest.mark.parametrize("layers", [[2, 2, 2], [3, 5, 4, 2], [1, 1], [4, 12, 1]])
def test_a_small_network_is_drawn_whole(layers):
    st = stepper(random_scenario(layers, "tanh", "squared_error", "linear"))
    st.sub_step()
    p = payload(current(st))
    nodes, edges = _ids(layers)
    assert sorted(n[0] for n in p["nodes"]) == sorted(nodes) and sorted(e[0] for e in p["edges"]) == sorted(edges)
    assert p["hidden"] == {"hidden_edges": 0, "hidden_neurons": 0} and p["note"] == "" and p["more"] == []


def test_edges_carry_mazurs_weights_and_gradients_as_they_are_revealed():
    _, view = mazur_at(4)  # backward through layer 2 revealed, layer 1 not yet
    edges = _by_id(payload(view, "a", "dW", digits=9)["edges"])
    assert {cid: float(e[5][0]) for cid, e in edges.items()} == MAZUR_W
    # Mazur: dE/dw5 = 0.082167041, its update -lr times that; w1's gradient is not computed before backward 1
    assert float(edges["e2_0_0"][5][1]) == pytest.approx(0.082167041, abs=1e-9)
    assert float(edges["e2_0_0"][5][2]) == pytest.approx(-0.5 * 0.082167041, abs=1e-9)
    assert edges["e1_0_0"][5][1:] == [None, None]
    _, view = mazur_at(5)
    e1 = _by_id(payload(view, "a", "dW", digits=9)["edges"])["e1_0_0"]
    assert float(e1[5][1]) == pytest.approx(0.000438568, abs=1e-9)  # Mazur's dE/dw1
    assert e1[5][1] == rounded(view.dW[0][0, 0], 9)


def test_neuron_values_follow_the_reveal_order():
    _, view = mazur_at(1)  # forward layer 1 only
    nodes = _by_id(payload(view, "a", digits=9)["nodes"])
    z, a, delta, b = nodes["n1_0"][7]
    assert float(a) == pytest.approx(0.593269992, abs=1e-9) and b == "0.35" and delta is None
    assert float(nodes["n1_1"][7][0]) == pytest.approx(0.3925, abs=1e-12)  # .25*.05+.3*.1+.35
    assert nodes["n2_0"][7][1] is None and nodes["n0_0"][7] == ["0.05"]
    shown = {cid: n[5] for cid, n in _by_id(payload(view, "a")["nodes"]).items()}  # in the circles: 3 digits
    assert shown["n1_0"] == "0.593" and shown["n2_0"] is None and shown["n0_1"] == "0.1"
    _, view = mazur_at(2)
    assert float(_by_id(payload(view, digits=9)["nodes"])["n2_0"][5]) == pytest.approx(0.75136507, abs=1e-8)


def test_colour_ranges_are_symmetric_and_the_legend_reads_the_drawing():
    _, view = mazur_at(0)
    assert payload(view, "a", "W")["legend"]["edge"][:2] == ["W", "0.55"]  # the largest of Mazur's weights
    st = stepper(random_scenario([3, 5, 4, 2], "tanh", "squared_error", "linear", seed=3))
    st.step()
    view = current(st)
    p = payload(view, "z", "update", digits=12)
    M = max(float(np.abs(-0.1 * g).max()) for g in st.records[-1].dW)  # lr 0.1
    (esym, eM, ecols), (nsym, nM, ncols) = p["legend"]["edge"], p["legend"]["node"]
    assert (esym, nsym) == ("ΔW", "z") and float(eM) == pytest.approx(M, rel=1e-11)
    assert float(nM) == pytest.approx(max(float(np.abs(z).max()) for z in view.z), rel=1e-11)
    assert ecols == [element._hex(c) for c in colours(EDGES[False], [-M, -M / 2, 0, M / 2, M], M)]
    assert ncols[0] != ncols[-1] and ncols[2] == element._hex(colours(NODE_SCALE, [0], 1)[0])
    # every edge is coloured by its value on the legend's scale: the strongest wear the legend's ends
    for e in p["edges"]:
        assert e[1] == element._hex(colours(EDGES[False], [float(e[5][2])], M)[0])
    ends = {e[3]: e[1] for e in p["edges"] if abs(float(e[5][2])) == pytest.approx(M, rel=1e-11)}
    assert ends and all(colour == ecols[0 if sign < 0 else -1] for sign, colour in ends.items())


def test_edge_widths_never_shrink_as_the_value_grows():
    st = stepper(random_scenario([4, 6, 5, 3], "sigmoid", "cross_entropy", "sigmoid", seed=7))
    st.step()
    view = current(st)
    for i, qty in enumerate(("W", "dW", "update")):
        pairs = sorted((abs(float(e[5][i])), e[2]) for e in payload(view, "a", qty, digits=17)["edges"])
        widths = [w for _, w in pairs]
        assert widths == sorted(widths) and widths[0] >= 1 and widths[-1] == 8
        assert len(set(widths)) <= 2 * element.K + 1  # a width a bin: the sizes read as steps


def test_what_is_not_computed_is_drawn_pending_in_every_sub_step():
    st, view = mazur_at(0)
    p = payload(view, "delta", "dW")
    assert {e[1] for e in p["edges"]} == {EDGES[False][2][1]} and {e[2] for e in p["edges"]} == {1.5}
    assert [n[5] for n in p["nodes"]][2:] == [None] * 4  # only the input x is known before a step
    for _ in range(st.n_sub + 1):  # every sub-step, every pairing, stays drawable
        view = current(st)
        for node in ("z", "a", "delta"):
            for edge in ("W", "dW", "update"):
                p = payload(view, node, edge, selection="n1_1", highlight=1)
                assert all(n[5] is None or np.isfinite(float(n[5])) for n in p["nodes"])
        st.sub_step()


def test_a_large_network_draws_the_strongest_edges_among_its_drawn_neurons():
    view = big_view()
    p = payload(view, "a", "dW", max_edges=400)
    total = 784 * 128 + 128 * 64 + 64 * 10
    assert len(p["edges"]) == 400 and p["hidden"]["hidden_edges"] == total - 400
    assert p["hidden"]["hidden_neurons"] == (784 - 12) + (128 - 12) + (64 - 12)
    idx = [tuple(map(int, e[0][1:].split("_"))) for e in p["edges"]]
    neurons = {tuple(map(int, n[0][1:].split("_"))) for n in p["nodes"]}
    assert all((l, j) in neurons and (l - 1, k) in neurons for l, j, k in idx)  # never an edge to a folded neuron
    keep = [sorted(j for m, j in neurons if m == l) for l in range(len(BIG))]
    candidates = [(abs(view.dW[l - 1][j, k]), (l, j, k)) for l in (1, 2, 3) for j in keep[l] for k in keep[l - 1]]
    drawn = set(idx)
    assert min(v for v, key in candidates if key in drawn) >= max(v for v, key in candidates if key not in drawn)
    assert "108784" in p["note"] and str(total - 400) in p["note"]


def test_a_large_network_costs_what_is_drawn_not_what_it_holds():
    """Edges named (their labels, their values written): the drawn ones only, not the network's 108784."""
    named = []

    def label(kind, l, j, k=None):
        named.append(kind)
        return "x"
    payload(big_view(), "delta", "update", names=Names(label=label))
    assert named.count("edge") == MAX_EDGES


def test_names_and_words_follow_the_notation_and_the_language():
    _, view = mazur_at(2)
    p = payload(view, lang="zh", names=Names(label=lambda kind, l, j, k=None: f"{kind}:{l}.{j}.{k}"))
    assert _by_id(p["nodes"])["n1_0"][6] == "neuron:1.0.None" and _by_id(p["edges"])["e2_1_0"][4] == "edge:2.1.0"
    assert p["heads"][0][1][0] == "输入层" and p["t"]["not_yet"] == "尚未计算"
    big = payload(big_view(), lang="zh")
    assert big["note"].startswith("未画出") and str(109184 - MAX_EDGES) in big["note"]


def test_the_layer_band_and_the_marks_go_as_given():
    _, view = mazur_at(3)
    plain = payload(view)
    assert plain["band"] is None and plain["trail"] == plain["warn"] == plain["edited"] == []
    p = payload(view, highlight=2, trail=("e1_0_0", "e2_1_0"), warn=("n1_1",), edited=("n2_0", "e2_0_1"))
    assert p["band"] == 2 and p["trail"] == ["e1_0_0", "e2_1_0"] and p["warn"] == ["n1_1"]
    assert p["edited"] == ["n2_0", "e2_0_1"]

