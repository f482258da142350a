"""The network element's payload (viz.element), checked against the engine's values and the plotly
figure it replaces, and for what the element promises: contrast, sign without colour, room for labels."""
import json

import numpy as np
import pytest

from engine.text.numformat import rounded
from tests.helpers import MAZUR, big_view, mazur_at, stepper
from viz import element
from viz.element import EDGES, PAGES, payload
from viz.network import figure
from viz.palette import colours


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
    p = payload(_view(src), "a", "W")
    signs = {e[0]: e[3] for e in p["edges"]}
    assert signs["e1_0_1"] == -1 and signs["e2_0_0"] == -1 and signs["e1_0_0"] == 1 and signs["e2_1_1"] == 0


def _view(src):
    from engine.teach.view import current
    return current(stepper(src))


@pytest.mark.parametrize("dark", [False, True])
def test_every_edge_colour_is_at_least_3_to_1_against_the_page(dark):
    values = np.linspace(-1, 1, 201)
    worst = min(_contrast(element._hex(c), PAGES[dark]) for c in colours(EDGES[dark], values, 1.0))
    assert worst >= 3.0
    p = payload(big_view(), "a", "W", dark=dark)
    assert min(_contrast(e[1], PAGES[dark]) for e in p["edges"]) >= 3.0  # and the pending grey too


def test_the_element_draws_the_neurons_and_edges_the_plotly_figure_draws():
    view = big_view()
    p = payload(view, "a", "dW")
    fig = figure(view, "a", "dW")
    drawn = lambda name: set(next(t for t in fig.data if t.name == name).customdata)
    assert {n[0] for n in p["nodes"]} == drawn("neurons")
    assert {e[0] for e in p["edges"]} == drawn("edges")
    assert [m[2] for m in p["more"]] == ["⋯ (+772)", "⋯ (+116)", "⋯ (+52)"]


def test_a_large_network_sends_a_small_payload():
    p = payload(big_view(), "a", "W")
    assert len(p["edges"]) == 240 and len(p["nodes"]) == 12 + 12 + 12 + 10
    assert len(json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode()) < 32_000


def test_positions_stay_while_the_values_change():
    st = stepper(MAZUR)
    from engine.teach.view import current
    where = []
    for _ in range(4):
        p = payload(current(st), "a", "W")
        where.append(([n[:3] for n in p["nodes"]], [e[0] for e in p["edges"]], p["h"]))
        st.sub_step()
    assert all(w == where[0] for w in where)


@pytest.mark.parametrize("width, font", [(350, 12), (640, 14), (1000, 22)])
def test_labels_fit_between_the_circles_and_headers_within_their_band(width, font):
    _, view = mazur_at(3)
    p = payload(view, width=width, height=520, font=font)
    ys = sorted({n[2] for n in p["nodes"] if n[0].startswith("n1_")})
    gap = ys[1] - ys[0]
    if p["names"]:  # a name sits 9 px above its circle: the circle above, with its ring, ends before the name
        assert gap - 2 * p["r"] - 9 - font >= element.RING - 0.1  # positions are rounded to 0.1 px
    else:
        assert gap >= 2 * p["r"] + 10
    band = p["heads"][1][0] - p["heads"][0][0]
    assert all(len(line) * element.CHAR * font <= band for _, lines in p["heads"] for line in lines)
    assert all(0 < n[1] - p["r"] and n[1] + p["r"] < width for n in p["nodes"])
    assert all(n[2] + p["r"] < p["h"] for n in p["nodes"])


def test_notation_names_and_symbols_come_as_plain_text():
    from viz.names import Names
    names = Names(label=lambda kind, l, j, k=None: f"<b>w{l}{j}</b>" if kind == "edge" else f"h<sub>{j}</sub>",
                  symbols={"x": "x", "z": "net", "a": "out", "delta": "δ", "W": "w", "dW": "∂E/∂w", "update": "Δw"})
    _, view = mazur_at(0)
    p = payload(view, names=names)
    assert p["nodes"][0][6] == "h₀" and p["edges"][0][4] == "w10"  # subscripts kept as Unicode, bold dropped
    assert p["nsym"] == ["x", "net", "out", "δ", "b"] and p["esym"] == ["w", "∂E/∂w", "Δw"]


def test_unknown_quantities_and_selections():
    _, view = mazur_at(0)
    with pytest.raises(ValueError):
        payload(view, "q")
    assert payload(view, selection="e1_0")["sel"] is None
    assert payload(view, selection="e1_0_1")["sel"] == "e1_0_1"
