"""The network figure, checked against the engine's values, Mazur's published numbers and hand rules."""
import json
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.basedatatypes import BasePlotlyType
from streamlit.testing.v1 import AppTest

from engine.teach.view import current
from tests.helpers import big_view, mazur_at, random_scenario, stepper
from viz.matrices import digit_images, heatmap
from viz.names import Names
from viz import network
from viz.marks import Marks
from viz.network import Look, figure
from viz.palette import CLEAR

MAZUR_W = {"e1_0_0": 0.15, "e1_0_1": 0.20, "e1_1_0": 0.25, "e1_1_1": 0.30,  # Mazur's w1..w8
           "e2_0_0": 0.40, "e2_0_1": 0.45, "e2_1_0": 0.50, "e2_1_1": 0.55}
BIG = [784, 128, 64, 10]


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def lines(fig):
    return [t for t in fig.data if t.mode == "lines"]


class Bar:
    """A colour strip read back: its range, its squares' colours from top to bottom, its title."""

    def __init__(self, fig, name):
        squares, head = trace(fig, name), trace(fig, f"{name}_title")
        self.cmin, self.cmax = squares.meta["cmin"], squares.meta["cmax"]
        self.colours, self.ticks, self.title = list(squares.marker.color), list(squares.text), head.text[0]


def bars(fig):
    """(edge colour bar, neuron colour bar)."""
    return Bar(fig, "edge_scale"), Bar(fig, "node_scale")


def positions(fig):
    t = trace(fig, "neurons")
    return {cid: (x, y) for cid, x, y in zip(t.customdata, t.x, t.y)}


def hover_of(fig, name, cid):
    t = trace(fig, name)
    return t.hovertext[list(t.customdata).index(cid)]


def number(hover, symbol):
    m = re.search(re.escape(symbol) + r" = ([-0-9.e+]+)", hover)
    return float(m.group(1))


def all_ids(layers):
    nodes = {f"n{l}_{j}" for l, n in enumerate(layers) for j in range(n)}
    edges = {f"e{l}_{j}_{k}" for l in range(1, len(layers)) for j in range(layers[l]) for k in range(layers[l - 1])}
    return nodes, edges


@pytest.mark.parametrize("layers", [[2, 2, 2], [3, 5, 4, 2], [1, 1], [4, 12, 1]])
def test_customdata_names_every_neuron_and_edge_of_a_small_net(layers):
    st = stepper(random_scenario(layers, "tanh", "squared_error", "linear"))
    st.sub_step()
    fig = figure(current(st))
    nodes, edges = all_ids(layers)
    assert sorted(trace(fig, "neurons").customdata) == sorted(nodes)
    assert sorted(trace(fig, "edges").customdata) == sorted(edges)
    assert fig.layout.meta == {"hidden_edges": 0, "hidden_neurons": 0}
    assert all(isinstance(c, str) for c in trace(fig, "edges").customdata)


def test_edge_hover_holds_the_exact_weights_and_mazur_gradients():
    _, view = mazur_at(4)  # backward through layer 2 revealed, layer 1 not yet
    fig = figure(view, "a", "dW")
    for cid, w in MAZUR_W.items():
        hover = hover_of(fig, "edges", cid)
        l, j, k = map(int, cid[1:].split("_"))
        assert f"W = {w!r}<" in hover
        assert f"<br>W = {float(view.W[l - 1][j, k])!r}<" in hover
    # Mazur: dE/dw5 = 0.082167041, and w1's gradient is not computed before backward layer 1
    assert number(hover_of(fig, "edges", "e2_0_0"), "∂J/∂W") == pytest.approx(0.082167041, abs=1e-9)
    assert number(hover_of(fig, "edges", "e2_0_0"), "ΔW") == pytest.approx(-0.5 * 0.082167041, abs=1e-9)
    assert "∂J/∂W = not yet computed" in hover_of(fig, "edges", "e1_0_0")
    _, view = mazur_at(5)
    hover = hover_of(figure(view, "a", "dW"), "edges", "e1_0_0")
    assert number(hover, "∂J/∂W") == pytest.approx(0.000438568, abs=1e-9)  # Mazur's dE/dw1
    assert f"∂J/∂W = {float(view.dW[0][0, 0])!r}<" in hover


def test_neuron_hover_and_text_follow_the_reveal_order():
    _, view = mazur_at(1)  # forward layer 1 only
    fig = figure(view, "a")
    assert number(hover_of(fig, "neurons", "n1_0"), "a") == pytest.approx(0.593269992, abs=1e-9)
    assert number(hover_of(fig, "neurons", "n1_1"), "z") == pytest.approx(0.3925, abs=1e-12)  # .25*.05+.3*.1+.35
    assert "b = 0.35" in hover_of(fig, "neurons", "n1_0")
    assert "a = not yet computed" in hover_of(fig, "neurons", "n2_0")
    assert "x = 0.05" in hover_of(fig, "neurons", "n0_0")
    text = dict(zip(trace(fig, "neurons").customdata, trace(fig, "neurons").text))
    assert text["n1_0"] == "0.593" and text["n2_0"] == "·" and text["n0_1"] == "0.1"
    _, view = mazur_at(2)
    assert number(hover_of(figure(view), "neurons", "n2_0"), "a") == pytest.approx(0.75136507, abs=1e-8)


def test_edge_colour_range_is_symmetric_at_max_abs_weight():
    _, view = mazur_at(0)
    edge_bar, _ = bars(figure(view, "a", "W"))
    assert edge_bar.cmin == -0.55 and edge_bar.cmax == 0.55  # largest of Mazur's weights
    st = stepper(random_scenario([3, 5, 4, 2], "tanh", "squared_error", "linear", seed=3))
    st.step()
    view = current(st)
    fig = figure(view, "z", "update")
    M = max(float(np.abs(-0.1 * g).max()) for g in st.records[-1].dW)  # lr 0.1
    edge_bar, node_bar = bars(fig)
    assert edge_bar.cmax == pytest.approx(M, rel=1e-12) and edge_bar.cmin == -edge_bar.cmax
    assert node_bar.cmax == pytest.approx(max(float(np.abs(z).max()) for z in view.z))
    assert node_bar.cmin == -node_bar.cmax
    # the strip says its range, and every edge's colour is one of its squares: the bar reads the drawing
    assert [edge_bar.ticks[i] for i in (0, 6, 12)] == [f"{M:.3g}", "0", f"{-M:.3g}"]
    assert set(trace(fig, "edges").marker.color) <= set(edge_bar.colours)
    assert set(t.line.color for t in lines(fig)) <= set(edge_bar.colours)


def test_edge_widths_never_shrink_as_the_value_grows():
    st = stepper(random_scenario([4, 6, 5, 3], "sigmoid", "cross_entropy", "sigmoid", seed=7))
    st.step()
    view = current(st)
    for qty in ("W", "dW", "update"):
        fig = figure(view, "a", qty)
        pos = positions(fig)
        width = {}
        for t in lines(fig):
            for i in range(0, len(t.x), 3):
                width[(t.x[i], t.y[i], t.x[i + 1], t.y[i + 1])] = t.line.width
        values = []
        for cid in trace(fig, "edges").customdata:
            l, j, k = map(int, cid[1:].split("_"))
            seg = (*pos[f"n{l - 1}_{k}"], *pos[f"n{l}_{j}"])
            values.append((abs(getattr(view, qty)[l - 1][j, k]), width[seg]))
        widths = [w for _, w in sorted(values)]
        assert widths == sorted(widths)
        assert widths[0] >= 1 and widths[-1] == 8
        assert len(lines(fig)) <= 13  # grouped by bin, never one trace per edge


def test_not_yet_computed_quantities_render_grey():
    st, view = mazur_at(0)
    fig = figure(view, "delta", "dW")
    marks = trace(fig, "edges").marker.color
    assert len(set(marks)) == 1 and marks[0] not in {"white", "#ffffff"}
    assert [t.line.dash for t in lines(fig)] == ["dot"]
    edge_bar, _ = bars(fig)
    assert "not yet computed" in edge_bar.title
    assert set(trace(fig, "neurons").text[2:]) == {"·"}  # only the input x is known before a step
    for cursor in range(st.n_sub + 1):  # every sub-step, every pairing, stays drawable
        view = current(st)
        for node in ("z", "a", "delta"):
            for edge in ("W", "dW", "update"):
                figure(view, node, edge, Marks(selection="n1_1", highlight=1))
        st.sub_step()


def test_a_large_net_is_drawn_within_budget():
    view = big_view()
    fig = figure(view, "a", "dW", max_edges=400, max_neurons=12)
    ids = trace(fig, "edges").customdata
    total = 784 * 128 + 128 * 64 + 64 * 10
    assert len(ids) == 400 and fig.layout.meta["hidden_edges"] == total - 400
    assert fig.layout.meta["hidden_neurons"] == (784 - 12) + (128 - 12) + (64 - 12)
    assert len(fig.to_json()) < 2**20
    idx = [tuple(map(int, c[1:].split("_"))) for c in ids]
    neurons = {tuple(map(int, c[1:].split("_"))) for c in trace(fig, "neurons").customdata}
    assert all((l, j) in neurons and (l - 1, k) in neurons for l, j, k in idx)  # never an edge to a folded neuron
    drawn = {(l, j, k) for l, j, k in idx}
    keep = [sorted(j for m, j in neurons if m == l) for l in range(len(BIG))]
    candidates = [(abs(view.dW[l - 1][j, k]), (l, j, k)) for l in (1, 2, 3) for j in keep[l] for k in keep[l - 1]]
    shown = [v for v, key in candidates if key in drawn]
    left = [v for v, key in candidates if key not in drawn]
    assert min(shown) >= max(left)  # the strongest by |dJ/dW|
    folded = [t for t in fig.data if t.mode == "text" and any("⋯" in s for s in t.text)][0]
    assert sorted(folded.text) == sorted(["⋯ (+772)", "⋯ (+116)", "⋯ (+52)"])
    assert "108784" in fig.layout.annotations[-1].text


def test_a_large_net_costs_what_is_drawn_not_what_it_holds(monkeypatch):
    """The figure's work counted: edge ends placed, the drawn edges' only (not the 108784 of the network)."""
    work = {"ends": 0}
    place = network._ys

    def placed(fr, layer, index):
        work["ends"] += len(layer)
        return place(fr, layer, index)
    monkeypatch.setattr(network, "_ys", placed)
    spec = network.spec(big_view(), "delta", "update")
    edges = next(t for t in spec["data"] if t.get("name") == "edges")
    assert work["ends"] == 2 * network.MAX_EDGES == 2 * len(edges["customdata"])


def _draw_big_spec():
    """An AppTest script: the big network's spec, as the Step page draws it (ui.common.drawn)."""
    from tests.helpers import big_view
    from ui.common import drawn
    from viz import network
    drawn.chart(network.spec(big_view(), "delta", "update"), key="fig", on_select=lambda: None,
                selection_mode="points")


def test_drawn_charts_send_the_spec_as_it_is_without_plotly_objects(monkeypatch):
    """ui.common.drawn hands st.plotly_chart the spec in the one form it sends without building plotly's
    figure objects: what reaches the browser is the spec's JSON, and no validator is looked up (building
    and copying them took 40% of a Step click's server run, bench/profile_step.py)."""
    # built before counting: the first spec of a process fills viz.palette's cache of colour scales,
    # which plotly's validators expand once
    expected = json.loads(pio.to_json(network.spec(big_view(), "delta", "update"), validate=False))
    looked_up, validator = [], BasePlotlyType._get_validator

    def counted(self, *args, **kwargs):
        looked_up.append(args)
        return validator(self, *args, **kwargs)
    monkeypatch.setattr(BasePlotlyType, "_get_validator", counted)
    at = AppTest.from_function(_draw_big_spec).run()
    assert not at.exception, at.exception
    assert json.loads(at.get("plotly_chart")[0].proto.spec) == expected
    assert looked_up == []


@pytest.mark.parametrize("cursor", [0, 3, 6])
@pytest.mark.parametrize("dark", [False, True])
def test_the_spec_is_what_plotly_validation_makes_of_it(cursor, dark):
    """bench/plotly_floor.py draws viz.network.spec unvalidated (ui.common.drawn): validating it must change
    nothing."""
    st, view = mazur_at(cursor)
    views = [(view, dict(marks=Marks(selection="e2_0_1", highlight=1, trail=("e1_0_0", "e2_0_0"), warn=("n1_1",),
                                     edited=("n2_0", "e1_1_0")), look=Look(dark=dark))),
             (big_view(), dict(marks=Marks(selection="n1_3"),
                               look=Look(dark=dark, names=Names(label=lambda *a: "<b>x</b>"))))]
    for v, options in views:
        for node, edge in (("a", "W"), ("delta", "dW"), ("z", "update")):
            spec = network.spec(v, node, edge, **options)
            as_sent = json.loads(pio.to_json(spec, validate=False))
            assert as_sent == json.loads(go.Figure(spec).to_json()), (cursor, node, edge)


def test_positions_depend_only_on_the_layer_sizes():
    st, first = mazur_at(1)
    st.run(3)
    later = current(st)
    other = current(stepper(random_scenario([2, 2, 2], "relu", "squared_error", "linear", seed=5)))
    figs = [figure(first), figure(later, "delta", "update"), figure(other, "z", "dW")]
    ref = trace(figs[0], "neurons")
    for fig in figs[1:]:
        t = trace(fig, "neurons")
        assert t.x == ref.x and t.y == ref.y and t.customdata == ref.customdata
        assert fig.layout.xaxis.range == figs[0].layout.xaxis.range
        assert fig.layout.yaxis.range == figs[0].layout.yaxis.range
        assert fig.layout.uirevision == figs[0].layout.uirevision
    xs = sorted(set(ref.x))
    assert len(xs) == 3 and xs[0] < xs[1] < xs[2]  # layers left to right
    y = dict(zip(ref.customdata, ref.y))
    assert y["n1_0"] > y["n1_1"] and y["n1_0"] == -y["n1_1"]  # centred, neuron 0 on top


def test_unknown_quantities_are_refused_with_the_valid_names():
    _, view = mazur_at(0)
    with pytest.raises(ValueError, match="delta"):
        figure(view, node_qty="b")
    with pytest.raises(ValueError, match="update"):
        figure(view, edge_qty="db")


def test_selection_and_highlight_are_drawn():
    _, view = mazur_at(2)
    plain = figure(view)
    pos = positions(plain)
    ringed = figure(view, marks=Marks(selection="n1_1"))
    ring = [t for t in ringed.data if t.mode == "markers" and t.marker.symbol == "circle-open"]
    assert len(ring) == 1 and (ring[0].x[0], ring[0].y[0]) == pos["n1_1"]
    outlined = figure(view, marks=Marks(selection="e2_1_0"))
    extra = lines(outlined)[0]
    assert (extra.x[0], extra.y[0], extra.x[1], extra.y[1]) == (*pos["n1_0"], *pos["n2_1"])
    assert extra.line.width > max(t.line.width for t in lines(outlined)[1:])
    assert len(lines(outlined)) == len(lines(plain)) + 1
    for stale in ("n7_0", "e9_0_0", "x", None, ["n1_1"]):
        assert len(figure(view, marks=Marks(selection=stale)).data) == len(plain.data)
    assert len(plain.layout.shapes) == 0
    band = figure(view, marks=Marks(highlight=2)).layout.shapes
    assert len(band) == 1 and band[0].x0 < pos["n2_0"][0] < band[0].x1 and band[0].x0 > pos["n1_0"][0]


def test_names_hook_and_language():
    _, view = mazur_at(2)
    fig = figure(view, look=Look(names=Names(label=lambda kind, l, j, k=None: f"{kind}:{l}.{j}.{k}"), lang="zh"))
    assert hover_of(fig, "neurons", "n1_0").startswith("<b>neuron:1.0.None</b>")
    assert "neuron:1.0.None → neuron:2.1.None" in hover_of(fig, "edges", "e2_1_0")
    assert "输入层" in fig.layout.annotations[0].text
    assert "δ = 尚未计算" in hover_of(figure(view, look=Look(lang="zh")), "neurons", "n1_0")


def test_layout_is_fixed_and_clean():
    _, view = mazur_at(0)
    fig = figure(view, look=Look(height=600))
    # two neurons a layer cannot use 600 px: the figure is as tall as its largest neurons need
    assert 400 <= fig.layout.height <= 600 and fig.layout.dragmode is False and fig.layout.showlegend is False
    assert not fig.layout.xaxis.visible and fig.layout.xaxis.fixedrange
    assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == CLEAR  # the page, light or dark, shows through
    assert trace(fig, "neurons").marker.size >= 40 and trace(fig, "neurons").textfont.size >= 14


def test_heatmap_range_is_symmetric_and_hover_names_row_and_column():
    M = np.array([[0.1, -0.7], [0.3, 0.2], [0.0, 0.05]])
    fig = heatmap(M, "W[1]")
    hm = fig.data[0]
    assert hm.zmin == -0.7 and hm.zmax == 0.7
    assert "j = %{y}" in hm.hovertemplate and "k = %{x}" in hm.hovertemplate
    assert heatmap(np.abs(M), "|W|", diverging=False).data[0].zmin is None


def test_digit_images_show_each_row_on_its_own_symmetric_range():
    W1 = np.arange(20 * 64, dtype=float).reshape(20, 64) - 600
    fig = digit_images(W1, (8, 8))
    assert len(fig.data) == 20  # every neuron
    for j, t in enumerate(fig.data):
        assert np.array_equal(np.asarray(t.z), W1[j].reshape(8, 8))
        assert t.zmax == np.abs(W1[j]).max() and t.zmin == -t.zmax
        assert t.hovertemplate.startswith(f"j = {j}<br>")
    page = digit_images(W1, start=16, count=16)
    assert [t.hovertemplate.split("<br>")[0] for t in page.data] == [f"j = {j}" for j in range(16, 20)]
    with pytest.raises(ValueError, match="64"):
        digit_images(np.zeros((3, 10)))


def test_heatmap_of_the_largest_layer_stays_under_a_megabyte():
    from viz.matrices import heatmap
    for shape in [(1024, 1024), (128, 784), (1024, 7)]:
        M = np.random.default_rng(0).normal(size=shape)
        assert len(heatmap(M, "W").to_json()) < 2**20


def test_pooling_averages_blocks():
    from viz.matrices import pooled
    M = np.arange(12.0).reshape(3, 4)
    P, f = pooled(M, cells=3)
    assert f == 2 and P.tolist() == [[2.5, 4.5], [8.5, 10.5]]


def test_marks_sit_on_the_neurons_and_edge_markers_they_name():
    st, view = mazur_at(3)
    fig = figure(view, marks=Marks(trail=("e1_0_0", "e2_1_0"), warn=("n1_1", "n9_9"), edited=("n2_0", "e2_0_1", "bad")))
    where = positions(fig)
    edges = trace(fig, "edges")
    marker = dict(zip(edges.customdata, zip(edges.x, edges.y)))
    changed = set(zip(trace(fig, "changed").x, trace(fig, "changed").y))
    assert changed == {where["n2_0"], marker["e2_0_1"]}  # a diamond on the neuron and on the edge's marker
    assert set(zip(trace(fig, "warnings").x, trace(fig, "warnings").y)) == {where["n1_1"]}  # unknown ids draw nothing
    halo = trace(fig, "trail")
    assert list(halo.x).count(None) == 2 and (halo.x[0], halo.y[0]) == where["n0_0"]
    plain = figure(view)
    assert not {"changed", "warnings", "trail"} & {t.name for t in plain.data}
