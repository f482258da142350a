"""Every chart builder in viz/ gets ticks that read right (tests/figure_axes.py says what that means):
even 0..100 % accuracy, log axes at powers of ten floored at viz.ticks.FLOOR with exact zeros marked,
whole-number ticks on step and neuron axes, no SI prefixes."""
import numpy as np
import plotly.graph_objects as go
import pytest

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from engine.teach.screen.surface import grid, labels, line
from engine.text.i18n import text
from tests.figure_axes import RULES, check_axes
from viz import checks, curves, matrices, ticks

LINEAR_COSTS = dict(xaxis="index", yaxis="numeric", yaxis2="percent")


def deep_relu(steps=30):
    """Seven ReLU layers with small weights: norms down to 1e-8 and below, dead layers exactly 0."""
    src = {"schema": scenario.SCHEMA, "layers": [2] + [6] * 7 + [1], "activations": ["relu"] * 7 + ["sigmoid"],
           "loss": "cross_entropy", "lr": 0.5, "init": {"scheme": "normal", "sigma": 0.05, "seed": 0},
           "dataset": {"name": "circle", "seed": 0, "n": 100}}
    st = Stepper(scenario.parse(src))
    st.run(steps)
    return st


def zeros_trace(fig):
    return next((t for t in fig.data if t.name == text("en", "curve.zero_name")), None)


# ---- Cost during training ------------------------------------------------------------------------

def test_accuracy_axis_runs_0_to_100_percent_in_even_steps():
    acc = [0.87, 0.9, 0.92, 0.9, 0.91]  # the walk's run: plotly synced 87 %, 90 %, 92 % to the cost grid
    log = [{"step": s, "train": 0.7 - 0.01 * s, "test": 0.75 - 0.01 * s, "acc_train": a, "acc_test": a - 0.02}
           for s, a in enumerate(acc)]
    fig = curves.loss_curve(log, "en")
    check_axes(fig, **LINEAR_COSTS)
    assert list(fig.layout.yaxis2.tickvals) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert list(fig.layout.xaxis.tickvals) == [0, 1, 2, 3, 4]  # five steps: no tick at step 0.5


def test_a_long_run_gets_few_whole_step_ticks():
    log = [{"step": s, "train": 1 / (s + 1), "test": None, "acc_train": 0.5, "acc_test": None}
           for s in range(0, 4001, 8)]
    fig = curves.loss_curve(log, "en")
    check_axes(fig, xaxis="index", yaxis="log", yaxis2="percent")
    assert fig.layout.xaxis.tickvals == (0, 1000, 2000, 3000, 4000)
    assert fig.layout.xaxis.ticktext[-1] == "4,000"


def test_a_cost_falling_past_the_floor_is_drawn_on_it_and_said_so():
    log = [{"step": s, "train": c, "test": None, "acc_train": None, "acc_test": None}
           for s, c in enumerate([1.0, 1e-6, 1e-20, 0.0])]
    fig = curves.loss_curve(log, "en")
    check_axes(fig, xaxis="index", yaxis="log")
    cost = fig.data[0]
    assert list(cost.y) == [1.0, 1e-6, ticks.FLOOR, ticks.FLOOR] and list(cost.customdata) == [1.0, 1e-6, 1e-20, 0.0]
    assert list(zeros_trace(fig).x) == [3] and list(zeros_trace(fig).y) == [ticks.FLOOR]
    assert [a.text for a in fig.layout.annotations] == [
        "values below 10<sup>−12</sup> are drawn on the dotted floor line"]
    assert [(s.y0, s.line.dash) for s in fig.layout.shapes] == [(ticks.FLOOR, "dot")]


# ---- gradient norms --------------------------------------------------------------------------------

def test_deep_relu_norms_stop_at_the_floor_and_zeros_are_marked():
    st = deep_relu()
    norms = np.array([r.grad_norms for r in st.records])
    assert (norms == 0).any() and norms[norms > 0].min() < 1e-7  # what makes the chart hard to read
    fig = curves.grad_norms(list(range(1, len(norms) + 1)), norms, "en")
    check_axes(fig, xaxis="index", yaxis="log")
    marks = zeros_trace(fig)  # one mark per step with a layer at 0, naming those layers
    zero_steps = np.flatnonzero((norms == 0).any(axis=1))
    assert list(marks.x) == (zero_steps + 1).tolist() and set(marks.y) == {ticks.FLOOR}
    assert list(marks.text) == [", ".join(f"layer {l + 1}" for l in np.flatnonzero(norms[i] == 0)) for i in zero_steps]
    # the lines keep the true values for the hover
    assert np.array_equal(np.array([t.customdata for t in fig.data[:8]]).T, norms)


def test_norms_down_to_1e_147_keep_the_axis_at_the_floor():
    norms = np.array([[1e-2, 1e-147], [2e-2, 1e-90]])
    fig = curves.grad_norms([1, 2], norms, "en")
    check_axes(fig, xaxis="index", yaxis="log")
    assert fig.layout.yaxis.range[0] == pytest.approx(-12 - ticks.DECADE_PAD)
    assert zeros_trace(fig) is None and len(fig.layout.annotations) == 1


def test_a_short_log_range_still_shows_two_powers_of_ten_and_no_floor_note():
    fig = curves.grad_norms([1, 2, 3], [[0.3], [0.4], [0.5]], "en")
    check_axes(fig, xaxis="index", yaxis="log")
    assert fig.layout.yaxis.ticktext == ("10<sup>−1</sup>", "1")
    assert not fig.layout.annotations and not fig.layout.shapes


def test_log_ticks_thin_out_over_many_decades():
    axis = ticks.log_axis([1e-12, 1e3])
    assert len(axis["tickvals"]) <= ticks.MAX_TICKS and axis["ticktext"][0] == "10<sup>−12</sup>"
    assert axis["range"][1] >= 3


# ---- heat maps -------------------------------------------------------------------------------------

def test_heat_map_ticks_stand_on_whole_neurons():
    fig = matrices.heatmap(np.arange(6.0).reshape(3, 2), "W")
    check_axes(fig, xaxis="index", yaxis="index")
    assert fig.layout.xaxis.tickvals == (0, 1) and fig.layout.yaxis.tickvals == (0, 1, 2)


def test_heat_map_counts_from_the_notation_base():
    fig = matrices.heatmap(np.arange(6.0).reshape(3, 2), "W", base=1)
    check_axes(fig, xaxis="index", yaxis="index")
    assert fig.layout.yaxis.ticktext == ("1", "2", "3") and fig.data[0].y0 == 1  # hover j = 1 .. 3 too


def test_pooled_heat_map_ticks_fall_on_its_blocks():
    fig = matrices.heatmap(np.zeros((400, 500)), "W")
    f = fig.data[0].dx
    assert f > 1
    check_axes(fig, xaxis="index", yaxis="index")
    assert all(v % f == 0 for v in fig.layout.xaxis.tickvals + fig.layout.yaxis.tickvals)


def test_digit_images_label_whole_neurons():
    check_axes(matrices.digit_images(np.zeros((20, 64))), xaxis="tiles", yaxis="tiles")


# ---- the other figures -------------------------------------------------------------------------------

def test_gradient_check_axes_write_small_numbers_as_powers_of_ten():
    fig = checks.scatter([2e-6, -1e-6], [2e-6, -1e-6], [1e-9, 2e-9], ["a", "b"], 1e-6)
    check_axes(fig, xaxis="numeric", yaxis="numeric")


def test_surface_and_fit_axes_are_plain_numbers():
    src = {"schema": scenario.SCHEMA, "layers": [2, 3, 1], "activations": ["tanh", "sigmoid"],
           "loss": "cross_entropy", "init": {"scheme": "xavier", "seed": 0},
           "dataset": {"name": "circle", "seed": 0, "n": 40}}
    st = Stepper(scenario.parse(src))
    surface = curves.boundary(grid(st, resolution=5), st.sc.X.T, labels(st.sc.Y), "en")
    check_axes(surface, xaxis="numeric", yaxis="numeric")
    src.update(layers=[1, 3, 1], activations=["tanh", "linear"], loss="squared_error",
               dataset={"name": "regress1d", "seed": 0, "n": 20})
    st = Stepper(scenario.parse(src))
    check_axes(curves.regression_fit(line(st), st.sc.X[0], st.sc.Y[0], "en"), xaxis="numeric", yaxis="numeric")


def test_the_checker_fails_on_the_ticks_plotly_would_pick():
    fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[1e-20, 1, 0.5]))
    fig.update_layout(yaxis=dict(type="log"), yaxis2=dict(overlaying="y", tickformat=".0%", range=[0, 1.02]))
    for rule, name in (("index", "xaxis"), ("numeric", "xaxis"), ("log", "yaxis"), ("percent", "yaxis2")):
        with pytest.raises(AssertionError):
            RULES[rule](name, fig.layout[name], fig)
    fig.update_layout(yaxis=ticks.log_axis([1.0]))  # powers of ten, but 1e-20 drawn below the range
    with pytest.raises(AssertionError, match="outside the range"):
        RULES["log"]("yaxis", fig.layout.yaxis, fig)
    with pytest.raises(AssertionError, match="kind was not named"):
        check_axes(fig, xaxis="index")
