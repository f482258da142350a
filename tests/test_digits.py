"""The shipped digits set trains a real classifier, in the engine and in the app."""
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine.core.scenarios import data, scenario

from engine.core.stepping.stepper import Stepper
from engine.teach.textbook import presets
from ui.session import keys
from ui.train import loop
from viz import curves

ROOT = Path(__file__).resolve().parent.parent


def test_digits_set_is_the_uci_test_set_scaled():
    X, Y = data.build({"name": "digits", "seed": 0, "n": 1797}, 64, 10)
    assert X.shape == (1797, 64) and Y.shape == (1797, 10)
    assert X.min() == 0.0 and X.max() == 1.0 and np.all(Y.sum(axis=1) == 1)
    counts = Y.sum(axis=0)
    assert counts.min() >= 170 and counts.max() <= 190  # each digit about a tenth of the set
    assert np.allclose(X * 16, np.round(X * 16))  # pixels are whole numbers 0..16 before scaling


def test_digits_network_beats_90_percent_on_held_out_data():
    sc = scenario.parse(presets.get("digits").scenario())
    st = Stepper(sc)
    st.run(4 * st.steps_per_epoch())
    loss, acc = st.evaluate(sc.X_test, sc.Y_test)
    assert sc.X_test.shape[1] == 359 and acc > 0.9


@pytest.mark.slow  # 4 epochs of digits in the app
def test_digits_in_the_app_take_each_step_once_and_build_each_figure_once(monkeypatch):
    """The work of a 4-epoch run on the Train page, counted: steps, evaluations of the data sets (two a
    logged point, at most one point a step) and figures built (each once, after the loop)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/presets.py").run()
    next(b for b in at.button if b.key == "presets_load_digits").click().run()
    at.switch_page("pages/train.py").run()
    at.number_input(key="train_count").set_value(4)
    at.radio(key="train_unit").set_value("epochs")
    work = Counter()
    for owner, name in [(Stepper, "step"), (Stepper, "evaluate"), (curves, "loss_curve"), (curves, "grad_norms"),
                        (loop, "digit_images")]:
        monkeypatch.setattr(owner, name, counted(work, name, getattr(owner, name)))
    next(b for b in at.button if b.key == "train_go").click().run()
    assert not at.exception
    st = at.session_state[keys.STEPPER]
    assert st.sc.net.layers == (64, 128, 64, 10) and len(st.records) == 4 * st.steps_per_epoch()
    acc = held_out_accuracy(st.W, st.b, st.sc.X_test, st.sc.Y_test)
    assert acc > 0.9 and at.session_state[keys.TRAIN_LOG][-1]["acc_test"] == pytest.approx(acc)
    points = len(at.session_state[keys.TRAIN_LOG])
    assert work["step"] == len(st.records) and work["evaluate"] == 2 * points <= 2 * (work["step"] + 1)
    assert work["loss_curve"] == work["grad_norms"] == work["digit_images"] == 1
    assert next(m for m in at.metric if m.label == "Test accuracy").value == f"{acc:.1%}"
    images = json.loads(next(c.proto.spec for c in at.get("plotly_chart") if c.proto.id.endswith("-train_digits")))
    assert len(images["data"]) == 128  # every first-layer neuron's weights as an 8x8 image


def counted(work, name, fn):
    """fn, counting its calls in work[name]."""
    def wrapper(*args, **kwargs):
        work[name] += 1
        return fn(*args, **kwargs)
    return wrapper


def held_out_accuracy(W, b, X, Y):
    """Share of test images whose largest output is their digit, by a plain forward pass (tanh
    hidden layers; softmax keeps the order of z, so the argmax of z is the prediction)."""
    a = X
    for l, (w, v) in enumerate(zip(W, b)):
        z = w @ a + v[:, None]
        a = np.tanh(z) if l < len(W) - 1 else z
    return float(np.mean(a.argmax(axis=0) == Y.argmax(axis=0)))
