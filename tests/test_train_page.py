"""The Train page driven through the whole app with Streamlit's AppTest."""
import math

import numpy as np
import pytest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from tests.apptest import CIRCLE, button, chart, fresh, train, values
from tests.helpers import DIGITS, Clock, shown_words
from ui.session import keys
from ui.train import loop
from viz import curves

SLOW = 0.05  # s a step of the digits network takes on the loop's clock
PER_UPDATE = math.ceil(loop.YIELD_S / SLOW) + 1  # most steps between two progress updates


def trained_alone(at, n):
    """The session's scenario trained n steps on its own, without the app."""
    alone = Stepper(scenario.parse(at.session_state[keys.SCENARIO]))
    alone.run(n)
    return alone


def test_stop_lands_within_one_progress_update_on_a_large_network_and_keeps_the_steps(monkeypatch):
    """AppTest's timeout asks the script to stop exactly as a click does: at its next st.* call. The loop's
    clock moves SLOW a step, so the steps it may take after the request are counted, not timed."""
    at = fresh("train", DIGITS)
    at.number_input(key="train_count").set_value(100_000).run()
    clock, taken, asked = Clock(monkeypatch, loop), [], []
    step = Stepper.step

    def counted(self):
        clock.advance(SLOW)
        step(self)
        taken.append(1)
    monkeypatch.setattr(Stepper, "step", counted)
    request_stop = LocalScriptRunner.request_stop

    def stop(runner):
        asked.append(len(taken))
        request_stop(runner)
    monkeypatch.setattr(LocalScriptRunner, "request_stop", stop)
    with pytest.raises(RuntimeError, match="timed out"):
        button(at, "train_go").click().run(timeout=4)
    assert asked and asked[0] <= len(taken) <= asked[0] + PER_UPDATE + 1  # +1: a step under way when asked
    stepper = at.session_state[keys.STEPPER]
    n = len(stepper.records)
    assert 0 < n < 100_000 and at.session_state[keys.TRAIN_LOG][-1]["step"] == n
    button(at, "train_go").set_value(False)  # the cut-short run left the tree with Train still pressed
    button(at, "train_stop").click().run()
    assert not at.exception
    assert any(f"stopped at step {n} ({n} of the 100000" in i.value for i in at.info)
    assert len(at.session_state[keys.STEPPER].records) == n  # the stop itself took no step and lost none
    assert at.metric[0].value == str(n)


def test_loss_curve_drops_the_steps_taken_back_and_goes_on_from_there():
    at = fresh("train")
    train(at, 6)
    at.switch_page("pages/step.py").run()
    for _ in range(at.session_state[keys.STEPPER].n_sub + 1):  # back through step 6 and into step 5
        button(at, "step_back").click().run()
    assert len(at.session_state[keys.STEPPER].records) == 4
    at.switch_page("pages/train.py").run()
    assert values(chart(at, "train_loss").data[0].x) == [0, 1, 2, 3, 4] and at.metric[0].value == "4"
    train(at, 3)  # step 5, half revealed on the Step page, is finished first
    log = at.session_state[keys.TRAIN_LOG]
    assert [p["step"] for p in log] == list(range(9))
    assert values(chart(at, "train_loss").data[0].x) == list(range(9))
    for n in (5, 8):
        alone = trained_alone(at, n)
        assert log[n]["train"] == pytest.approx(alone.evaluate(alone.sc.X, alone.sc.Y)[0], rel=1e-12)


def test_gradient_norm_chart_stays_bounded_after_many_steps():
    at = fresh("train")
    train(at, 5000)
    norms = chart(at, "train_norms")
    assert len(norms.data) == 2  # one line per layer of [2, 3, 2]
    records = at.session_state[keys.STEPPER].records
    for l, line in enumerate(norms.data):
        x, y = values(line.x), values(line.y)
        assert len(x) == len(y) <= curves.DRAW_LIMIT and x[0] == 1 and x[-1] == 5000
        assert y[0] == records[0].grad_norms[l] and y[-1] == records[4999].grad_norms[l]
    assert len(at.session_state[keys.TRAIN_LOG]) <= loop.LOG_LIMIT


REGRESSION = {"layers": "1,4,1", "act": "tanh,linear", "loss": "squared_error", "lr": "0.1", "batch": "full",
              "init": "xavier", "seed": "0", "data": "regress1d", "n": "40"}


@pytest.mark.parametrize("query", [CIRCLE, REGRESSION], ids=["boundary", "fit"])
def test_train_page_in_chinese_shows_no_english_in_its_figures(query):
    at = fresh("train", {**query, "lang": "zh"})
    train(at, 20)
    drawn = [e.proto.id.rsplit("-", 1)[-1] for e in at.get("plotly_chart")]
    assert {"train_loss", "train_norms"} <= set(drawn) and len(drawn) == 3
    for key in drawn:
        assert shown_words(chart(at, key)) == [], key


def chart_keys(at) -> set:
    return {e.proto.id.rsplit("-", 1)[-1] for e in at.get("plotly_chart")}


def test_run_n_steps_then_n_epochs():
    at = fresh("train", {**CIRCLE, "batch": "10"})
    train(at, 7)
    assert len(at.session_state[keys.STEPPER].records) == 7 and at.metric[0].value == "7"
    assert at.session_state[keys.STEPPER].sc.X.shape[1] == 48  # 60 samples, 20% held out
    train(at, 3, "epochs")  # 48 samples in batches of 10: 5 steps an epoch
    assert len(at.session_state[keys.STEPPER].records) == 7 + 15 and at.metric[0].value == "22"


def test_loss_curve_has_a_test_trace_only_when_data_is_held_out():
    at = fresh("train", CIRCLE)
    train(at, 10)
    names = [trace.name for trace in chart(at, "train_loss").data]
    # the costs first (solid), then the accuracies (dotted): the legend reads in two groups
    assert names == ["training set", "test set (held out)", "training set: accuracy", "test set (held out): accuracy"]
    log = at.session_state[keys.TRAIN_LOG]
    alone = trained_alone(at, 10)
    assert values(chart(at, "train_loss").data[1].y)[-1] == pytest.approx(
        alone.evaluate(alone.sc.X_test, alone.sc.Y_test)[0], rel=1e-12) == log[-1]["test"]
    at = fresh("train", {k: v for k, v in CIRCLE.items() if k != "test"})
    train(at, 10)
    assert [trace.name for trace in chart(at, "train_loss").data] == ["training set", "training set: accuracy"]


@pytest.mark.parametrize("query, figure", [
    (CIRCLE, "train_boundary"), (REGRESSION, "train_fit"),
    ({"layers": "3,4,2", "act": "sigmoid,sigmoid", "loss": "squared_error", "x": "0.1,0.2,0.3", "y": "0.0,1.0"}, None),
    (DIGITS, None),
], ids=["2-D", "1-D", "3-D", "64-D"])
def test_decision_surface_only_for_two_inputs(query, figure):
    at = fresh("train", query)
    train(at, 3)
    drawn = chart_keys(at) - {"train_digits"}
    assert drawn == {"train_loss", "train_norms"} | ({figure} if figure else set())
    if figure == "train_boundary":
        surface = chart(at, figure)
        assert surface.data[0].type == "heatmap"
        shown = np.concatenate([np.column_stack([values(t.x), values(t.y)]) for t in surface.data[1:]])
        X = at.session_state[keys.STEPPER].sc.X.T
        assert sorted(map(tuple, shown)) == sorted(map(tuple, X))  # every training point on the surface


def test_gradient_norms_one_line_per_layer_with_each_steps_values():
    at = fresh("train", {"layers": "2,4,3,1", "act": "tanh,tanh,sigmoid", "loss": "cross_entropy", "lr": "0.5",
                         "batch": "full", "init": "xavier", "seed": "0", "data": "xor", "n": "40"})
    train(at, 12)
    norms = chart(at, "train_norms")
    assert [t.name for t in norms.data] == ["layer 1", "layer 2", "layer 3"]
    alone = Stepper(scenario.parse(at.session_state[keys.SCENARIO]))
    for step in range(1, 13):
        alone.step()
        grads = alone.records[step - 1].dW  # the gradient itself, its norm taken here
        for l, line in enumerate(norms.data):
            assert values(line.x)[step - 1] == step
            assert values(line.y)[step - 1] == pytest.approx(np.sqrt((grads[l] ** 2).sum()), rel=1e-12)


def test_non_finite_training_stops_naming_step_layer_and_quantity_and_keeps_the_last_good_state():
    blowup = {"layers": "2,8,1", "act": "linear,linear", "loss": "squared_error", "lr": "2", "batch": "full",
              "init": "xavier", "seed": "0", "data": "circle", "n": "40"}
    at = fresh("train", blowup)
    train(at, 50)
    kept = trained_alone(at, 6)
    (W1, W2), (b1, b2), X = kept.W, kept.b, kept.sc.X
    with np.errstate(all="ignore"):  # step 7's forward pass by hand: layer 1 is finite, layer 2's z is not
        z1 = W1 @ X + b1[:, None]
        z2 = W2 @ z1 + b2[:, None]
    assert np.isfinite(z1).all() and not np.isfinite(z2).all()
    assert at.error and "step 7" in at.error[0].value and "z" in at.error[0].value and "layer 2" in at.error[0].value
    stepper = at.session_state[keys.STEPPER]
    assert len(stepper.records) == 6 and at.metric[0].value == "6"
    assert all(np.array_equal(a, b) and np.isfinite(a).all() for a, b in zip(stepper.W, kept.W))
    log = at.session_state[keys.TRAIN_LOG]
    # the parameters after step 6 already overflow on the data: the cost logged says so, and so does the page
    assert log[-1]["step"] == 6 and log[-1]["train"] == kept.evaluate(kept.sc.X, kept.sc.Y)[0] == np.inf
    at.run()
    assert not at.error and "At step 6 the cost is not a finite number (inf)" in at.warning[0].value


def test_figures_fill_their_row_from_the_left_before_and_after_training():
    def row(at):  # the chart keys of the figures row, left to right: the page's last two columns
        return [[c.proto.id.rsplit("-", 1)[-1] for c in col.get("plotly_chart")] for col in at.columns[-2:]]
    at = fresh("train", CIRCLE)
    assert row(at) == [["train_boundary"], []]  # no loss curve yet: the surface moves into its column
    train(at, 3)
    assert row(at) == [["train_loss"], ["train_boundary"]]
