"""Large networks: which neurons the drawing shows, and what every page sends for MNIST-size and
the largest allowed layers."""
import json
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import presets, scenario
from engine.stepper import Stepper
from engine.view import current
from viz.network import figure
from viz.matrices import PAGE, digit_images
from viz.neurons import drawn

ROOT = Path(__file__).resolve().parent.parent


def digits_stepper():
    return Stepper(scenario.parse(presets.get("digits").scenario()))


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def ids(fig, name):
    return [tuple(map(int, c[1:].split("_"))) for c in trace(fig, name).customdata]


def shown(hover, symbol):
    return float(re.search(re.escape(symbol) + r" = ([-0-9.e+]+)", hover).group(1))


def test_drawn_takes_the_largest_in_index_order():
    sizes = [np.zeros(3), np.array([5.0, 1.0, np.nan, 7.0, 1.0, 1.0, 9.0])]
    # 9, 7 and 5 are the largest; of the three tied 1s the lowest index; NaN never
    assert drawn((3, 7), sizes, 4) == ((0, 1, 2), (0, 1, 3, 6))
    assert drawn((3, 7), sizes, 12) == ((0, 1, 2), tuple(range(7)))  # a small layer is drawn whole


def test_digits_drawing_shows_inked_pixels_whose_edges_learn():
    st = digits_stepper()
    X = st.sc.X
    rms = np.sqrt(np.mean(X ** 2, axis=1))  # over every training image, not the engine's sample of them
    assert (rms[:12] == 0).any()  # drawing the first twelve pixels would draw blank border ones
    st.step()
    view = current(st)
    fig = figure(view, "a", "dW")
    pixels = [j for l, j in ids(fig, "neurons") if l == 0]
    assert len(pixels) == 12 and pixels == sorted(pixels)
    assert set(pixels) <= set(np.argsort(-rms)[:20].tolist())
    first = [(j, k) for l, j, k in ids(fig, "edges") if l == 1]
    assert first and all(view.dW[0][j, k] != 0 for j, k in first)
    assert "⋯ (+52)" in next(t for t in fig.data if t.mode == "text" and "⋯" in "".join(t.text)).text


def test_a_large_drawing_stays_put_while_values_change():
    st = digits_stepper()

    def snapshot():
        fig = figure(current(st), "delta", "dW")
        t = trace(fig, "neurons")
        return list(t.customdata), list(t.x), list(t.y), fig.layout.xaxis.range, fig.layout.yaxis.range

    first = snapshot()
    for move in (st.sub_step, st.sub_step, st.step, lambda: st.run(30), st.reset):
        move()
        assert snapshot() == first


def test_ids_of_a_large_drawing_name_the_real_neurons():
    st = digits_stepper()
    st.step()
    view = current(st)
    fig = figure(view, "a", "W")
    neurons, hovers = ids(fig, "neurons"), trace(fig, "neurons").hovertext
    assert any(j >= 12 for _, j in neurons)
    for (l, j), hover in zip(neurons, hovers):
        assert shown(hover, "x" if l == 0 else "a") == pytest.approx(view.a[l][j], rel=1e-12)
    for (l, j, k), hover in zip(ids(fig, "edges"), trace(fig, "edges").hovertext):
        assert shown(hover, "W") == pytest.approx(view.W[l - 1][j, k], rel=1e-12)
    l, j = max(neurons, key=lambda n: n[1] if n[0] == 0 else -1)
    y = dict(zip(trace(fig, "neurons").customdata, trace(fig, "neurons").y))[f"n{l}_{j}"]
    ringed = figure(view, "a", "W", selection=f"n{l}_{j}")
    rings = [t for t in ringed.data if t.mode == "markers" and t.marker.symbol == "circle-open"]
    assert len(rings) == 1 and list(rings[0].y) == [y]


def plotly_spec(at, key):
    """A chart's plotly JSON, as sent to the browser (AppTest keeps charts as protos)."""
    return next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("-" + key))


def app(query=None, timeout=60):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def test_clicking_a_neuron_picked_from_a_large_layer_shows_its_values():
    at = app()
    at.switch_page("pages/presets.py").run()
    next(b for b in at.button if b.key == "presets_load_digits").click().run()
    at.switch_page("pages/step.py").run()
    next(b for b in at.button if b.key == "step_whole").click().run()
    spec = json.loads(plotly_spec(at, "step_fig"))
    neurons = next(t for t in spec["data"] if t.get("name") == "neurons")["customdata"]
    pick = max((c for c in neurons if c.startswith("n0_")), key=lambda c: int(c.split("_")[1]))
    j = int(pick.split("_")[1])
    assert j >= 12
    at.session_state["selection"] = pick  # what actions.select stores from a click's customdata
    at.run()
    x = float(at.session_state["stepper"].shown().X[j, 0])
    panel = next(m.value for m in at.markdown if m.value.startswith(f"**Neuron {j}** of layer 0"))
    assert f'title="{x!r}"' in panel and x > 0  # its exact value on hover: an inked pixel
    spec = json.loads(plotly_spec(at, "step_fig"))
    assert any(t.get("marker", {}).get("symbol") == "circle-open" for t in spec["data"])


def test_all_first_layer_images_fit_one_figure_under_a_megabyte():
    W1 = np.random.default_rng(3).normal(size=(1024, 64))
    fig = digit_images(W1[:128])
    assert len(fig.data) == 128 and len(fig.to_json()) < 2**20
    corners = {(t.x0, t.y0) for t in fig.data}
    assert len(corners) == 128  # no image drawn over another
    assert {t.x0 for t in fig.data} == {9 * c for c in range(16)}  # 16 to a row, a blank pixel between
    pages = [digit_images(W1, start=s) for s in range(0, 1024, PAGE)]
    seen = [int(t.hovertemplate.split("<br>")[0][4:]) for p in pages for t in p.data]
    assert seen == list(range(1024)) and all(len(p.to_json()) < 2**20 for p in pages)
