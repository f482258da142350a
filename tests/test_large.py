"""Large networks: which neurons the drawing shows, and what every page sends for MNIST-size and
the largest allowed layers."""
import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.teach.screen.view import current
from engine.teach.textbook import notation, presets
from tests.apptest import chart_json, element_of
from tests.helpers import random_scenario, stepper
from viz.element import payload
from viz.matrices import PAGE, digit_images
from viz.shown import MAX_EDGES, MAX_NEURONS, drawn
from ui.session import keys

pytestmark = pytest.mark.slow  # MNIST-size and widest-allowed networks on every page

ROOT = Path(__file__).resolve().parent.parent


def digits_stepper():
    return stepper(presets.get("digits").scenario())


def ids(items):
    """(l, j) or (l, j, k) of each of the payload's neurons or edges."""
    return [tuple(map(int, item[0][1:].split("_"))) for item in items]


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
    p = payload(view, "a", "dW")
    pixels = [j for l, j in ids(p["nodes"]) if l == 0]
    assert len(pixels) == 12 and pixels == sorted(pixels)
    assert set(pixels) <= set(np.argsort(-rms)[:20].tolist())
    first = [(j, k) for l, j, k in ids(p["edges"]) if l == 1]
    assert first and all(view.dW[0][j, k] != 0 for j, k in first)
    assert "⋯ (+52)" in [text for _, _, text in p["more"]]


def test_a_large_drawing_stays_put_while_values_change():
    st = digits_stepper()

    def snapshot():
        p = payload(current(st), "delta", "dW")
        return [n[:3] for n in p["nodes"]], p["heads"], p["more"], p["h"], p["r"]

    first = snapshot()
    for move in (st.sub_step, st.sub_step, st.step, lambda: st.run(30), st.reset):
        move()
        assert snapshot() == first


def test_ids_of_a_large_drawing_name_the_real_neurons():
    st = digits_stepper()
    st.step()
    view = current(st)
    p = payload(view, "a", "W", digits=15)
    neurons = ids(p["nodes"])
    assert any(j >= 12 for _, j in neurons)
    for (l, j), node in zip(neurons, p["nodes"]):
        assert float(node[7][0 if l == 0 else 1]) == pytest.approx(view.a[l][j], rel=1e-12)  # x or a
    for (l, j, k), edge in zip(ids(p["edges"]), p["edges"]):
        assert float(edge[5][0]) == pytest.approx(view.W[l - 1][j, k], rel=1e-12)
    l, j = max(neurons, key=lambda n: n[1] if n[0] == 0 else -1)
    assert payload(view, "a", "W", selection=f"n{l}_{j}")["sel"] == f"n{l}_{j}"  # ringed



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
    neurons = [n[0] for n in element_of(at, "step_fig")["nodes"]]
    pick = max((c for c in neurons if c.startswith("n0_")), key=lambda c: int(c.split("_")[1]))
    j = int(pick.split("_")[1])
    assert j >= 12
    at.session_state[keys.SELECTION] = pick  # what actions.select stores from a click's customdata
    at.run()
    x = float(at.session_state[keys.STEPPER].shown().X[j, 0])
    texts = [m.value for m in at.markdown]
    panel = texts[texts.index("**Selected**") + 1]
    base = notation.get(at.session_state[keys.NOTATION]).base  # the digits example counts from 1
    assert panel.startswith(f"**Neuron {j + base}** of layer 0")
    assert f'title="{x!r}"' in panel and x > 0  # its exact value on hover: an inked pixel
    assert element_of(at, "step_fig")["sel"] == pick  # ringed


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


NETS = {"mnist": [784, 128, 64, 10], "widest": [1024, 1024, 1024]}  # 1024 is the largest size a layer may have
MB = 2**20


def payloads(at):
    """(key or type, bytes) of every element the last run sent."""
    out = []

    def walk(node):
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
        elif getattr(node, "proto", None) is not None:
            out.append((getattr(node.proto, "id", "") or node.type, len(node.proto.SerializeToString())))

    walk(at.main)
    walk(at.sidebar)
    return out


def decoded(z):
    """A numpy array plotly sent as base64 ("bdata") with its dtype and shape."""
    shape = tuple(int(n) for n in z["shape"].split(","))
    return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)


def budgets_hold(payload, layers, max_edges=MAX_EDGES, max_neurons=MAX_NEURONS):
    """The network element draws at most max_neurons a layer and max_edges edges, and says what it left out."""
    neurons = [tuple(map(int, n[0][1:].split("_"))) for n in payload["nodes"]]
    per_layer = [sum(1 for l, _ in neurons if l == m) for m in range(len(layers))]
    assert per_layer == [min(n, max_neurons) for n in layers]
    among_drawn = sum(a * b for a, b in zip(per_layer, per_layer[1:]))
    drawn_edges = len(payload["edges"])
    assert drawn_edges == min(max_edges, among_drawn)
    total = sum(a * b for a, b in zip(layers, layers[1:]))
    assert payload["hidden"] == {"hidden_edges": total - drawn_edges, "hidden_neurons": sum(layers) - sum(per_layer)}


@pytest.mark.parametrize("net", NETS)
def test_every_page_sends_each_element_under_a_megabyte(net):
    layers = NETS[net]
    acts = ["sigmoid"] * (len(layers) - 2) + ["softmax"]
    at = app({"layers": ",".join(map(str, layers)), "act": ",".join(acts), "loss": "softmax_cross_entropy",
              "lr": "0.1", "batch": "sample", "init": "xavier", "seed": "0"}, timeout=120)
    sent = {"build": payloads(at)}
    at.switch_page("pages/step.py").run()
    next(b for b in at.button if b.key == "step_whole").click().run()
    at.session_state[keys.VIEW]["edge"] = "dW"
    at.session_state["step_heat_open"] = True  # the whole layer as well, the most a run sends
    at.run()
    sent["step"] = payloads(at)
    budgets_hold(element_of(at, "step_fig"), layers)
    at.switch_page("pages/train.py").run()
    at.number_input(key="train_count").set_value(2)
    next(b for b in at.button if b.key == "train_go").click().run()
    sent["train"] = payloads(at)
    at.switch_page("pages/trace.py").run()
    for l in range(1, len(layers)):
        at.session_state[f"trace_open{l}"] = True  # every layer's values at once, the most a run sends
    at.run()
    assert not at.exception, at.exception
    sent["trace"] = payloads(at)
    heat = [key for key, _ in sent["trace"] if "trace_heat_" in key]
    assert any(key.endswith("-W1") for key in heat) and any(key.endswith("-dW1") for key in heat)
    rec = at.session_state[keys.STEPPER].records[-1]
    shown, W1 = decoded(chart_json(at, f"trace_heat_step{rec.index + 1}-W1")["data"][0]["z"]), rec.W_after[0]
    f = -(-W1.shape[0] // shown.shape[0])  # 1 for 128 x 784; 1024 x 1024 is averaged over blocks
    assert f == (1 if net == "mnist" else 3) and shown.shape == (-(-W1.shape[0] // f), -(-W1.shape[1] // f))
    for r, c in [(0, 0), (shown.shape[0] - 1, shown.shape[1] - 1), (5, 7)]:
        assert shown[r, c] == pytest.approx(W1[r * f:(r + 1) * f, c * f:(c + 1) * f].mean(), rel=1e-6)
    last = rec.W_after[-1]
    if last.size <= 4096:  # small matrices stay exact tables
        assert any(np.array_equal(d.value.to_numpy(), last) for d in at.dataframe)
    for page, elements in sent.items():
        assert elements, page
        big = [(key, size) for key, size in elements if size >= MB]
        assert not big, (page, big)


def test_the_deepest_widest_drawing_keeps_its_budgets():
    layers = [1024] * 9  # eight weight layers of the largest size, the most the Build page allows
    st = stepper(random_scenario(layers, "relu", "squared_error", "linear", m=1))
    p = payload(current(st), "a", "W")
    budgets_hold(p, layers)
    assert len(json.dumps(p)) < MB


def test_a_wide_digits_layer_is_shown_a_page_of_images_at_a_time():
    at = app({"layers": "64,300,10", "act": "tanh,softmax", "loss": "softmax_cross_entropy", "lr": "0.1",
              "batch": "32", "init": "xavier", "seed": "0", "data": "digits", "n": "1797"})
    at.switch_page("pages/train.py").run()
    W1 = at.session_state[keys.STEPPER].W[0]

    def shown():
        spec = chart_json(at, "train_digits")
        return [int(t["hovertemplate"].split("<br>")[0][4:]) for t in spec["data"]]

    assert shown() == list(range(128))
    pages = at.selectbox(key="train_digits_page")
    assert list(pages.options) == ["j = 0 … 127", "j = 128 … 255", "j = 256 … 299"]
    pages.set_value(256).run()
    assert shown() == list(range(256, 300)) and W1.shape == (300, 64)
