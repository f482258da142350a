"""The Train page's surfaces and figures: grid values against a hand-written forward pass, extents,
refusals, and what the figures contain (trace counts, the log-axis rule, point coordinates)."""
import numpy as np
import pytest

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from engine.teach.screen.surface import grid, labels, line
from engine.text.errors import EngineError
from engine.text.i18n import text
from tests.helpers import shown_words
from viz import curves


def circle(layers=(2, 3, 1), acts=("sigmoid", "sigmoid"), loss="cross_entropy", **extra):
    src = {"schema": scenario.SCHEMA, "layers": list(layers), "activations": list(acts), "loss": loss,
           "lr": 0.5, "init": {"scheme": "xavier", "seed": 1}, "b": [[0.1] * n for n in layers[1:]],
           "dataset": {"name": "circle", "seed": 0, "n": 100}, "test_fraction": 0.2, **extra}
    return Stepper(scenario.parse(src))


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def by_hand(st, p):
    """sigmoid(W2 @ sigmoid(W1 @ p + b1) + b2) for one point p, written out independently."""
    (W1, W2), (b1, b2) = st.W, st.b
    return sig(W2 @ sig(W1 @ p + b1) + b2)


# ---- engine/teach/screen/surface.py --------------------------------------------------------------------------

def test_grid_values_equal_a_forward_pass_written_by_hand():
    st = circle()
    st.run(5)  # the surface must follow the current parameters, not the initial ones
    s = grid(st, resolution=7)
    assert s.kind == "probability" and s.centre == 0.5 and s.confidence is None
    for i, j in [(0, 0), (0, 6), (3, 2), (6, 6), (5, 1)]:
        p = np.array([s.xs[j], s.ys[i]])
        assert s.value[i, j] == pytest.approx(by_hand(st, p)[0], rel=1e-12)


def test_grid_shape_and_extent_cover_train_and_test_data():
    st = circle(shuffle_seed=1)  # this split puts an outermost point in the test set
    s = grid(st, resolution=13, pad=0.5)
    assert s.xs.shape == s.ys.shape == (13,) and s.value.shape == (13, 13)
    data = np.concatenate([st.sc.X, st.sc.X_test], axis=1)
    assert (st.sc.X_test.min(axis=1) < st.sc.X.min(axis=1)).any() or \
        (st.sc.X_test.max(axis=1) > st.sc.X.max(axis=1)).any()
    assert np.all((s.xs[0] <= data[0]) & (data[0] <= s.xs[-1]) & (s.ys[0] <= data[1]) & (data[1] <= s.ys[-1]))
    assert s.extent == (data[0].min(), data[0].max(), data[1].min(), data[1].max())
    assert s.xs[0] == pytest.approx(data[0].min() - 0.5) and s.xs[-1] == pytest.approx(data[0].max() + 0.5)
    assert s.ys[0] == pytest.approx(data[1].min() - 0.5) and s.ys[-1] == pytest.approx(data[1].max() + 0.5)


def test_grid_with_several_outputs_gives_argmax_and_confidence():
    st = circle(layers=(2, 4, 2), acts=("tanh", "softmax"), loss="softmax_cross_entropy")
    s = grid(st, resolution=5)
    (W1, W2), (b1, b2) = st.W, st.b
    for i, j in [(0, 0), (2, 3), (4, 4)]:
        z = W2 @ np.tanh(W1 @ np.array([s.xs[j], s.ys[i]]) + b1) + b2
        prob = np.exp(z) / np.exp(z).sum()
        assert s.value[i, j] == np.argmax(prob)
        assert s.confidence[i, j] == pytest.approx(prob.max(), rel=1e-12)
    assert s.kind == "classes" and s.n_out == 2 and s.centre is None


def test_grid_refuses_input_that_is_not_two_dimensional():
    src = {"schema": scenario.SCHEMA, "layers": [1, 3, 1], "activations": ["tanh", "linear"],
           "loss": "squared_error", "init": {"scheme": "xavier", "seed": 0},
           "dataset": {"name": "regress1d", "seed": 0, "n": 30}}
    with pytest.raises(EngineError, match="2 input features.*has 1"):
        grid(Stepper(scenario.parse(src)))
    with pytest.raises(EngineError, match="resolution"):
        grid(circle(), resolution=1)


def test_line_follows_the_network_over_the_data_range():
    src = {"schema": scenario.SCHEMA, "layers": [1, 3, 1], "activations": ["tanh", "linear"],
           "loss": "squared_error", "init": {"scheme": "xavier", "seed": 0}, "b": [[0.2, -0.1, 0.3], [0.05]],
           "dataset": {"name": "regress1d", "seed": 0, "n": 30}, "test_fraction": 0.2}
    st = Stepper(scenario.parse(src))
    ln = line(st, resolution=11)
    data = np.concatenate([st.sc.X, st.sc.X_test], axis=1)[0]
    assert ln.xs[0] == data.min() and ln.xs[-1] == data.max() and ln.value.shape == (11,)
    (W1, W2), (b1, b2) = st.W, st.b
    for k in (0, 5, 10):
        assert ln.value[k] == pytest.approx((W2 @ np.tanh(W1[:, 0] * ln.xs[k] + b1) + b2)[0], rel=1e-12)
    with pytest.raises(EngineError, match="1 input feature"):
        line(circle())


def test_labels_from_single_output_and_one_hot_targets():
    assert labels(np.array([[0.0, 1.0, 1.0]])).tolist() == [0, 1, 1]
    assert labels(np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])).tolist() == [1, 2, 0]


# ---- viz/curves.py ------------------------------------------------------------------------------

def test_loss_curve_traces_and_log_rule():
    flat = [{"step": s, "train": 1.0 - 0.05 * s, "test": 1.1 - 0.05 * s, "acc_train": 0.5, "acc_test": None}
            for s in range(5)]
    fig = curves.loss_curve(flat, "en")
    assert len(fig.data) == 3  # train, test, train accuracy (test accuracy never logged)
    assert fig.layout.yaxis.type == "linear" and fig.layout.yaxis2.overlaying == "y"
    steep = [{"step": s, "train": 10.0 ** -s, "test": None, "acc_train": None, "acc_test": None}
             for s in range(4)]  # 1 .. 1e-3: three decades
    fig = curves.loss_curve(steep, "en")
    assert len(fig.data) == 1 and fig.layout.yaxis.type == "log"
    assert list(fig.data[0].y) == [1.0, 0.1, 0.01, 0.001]


def test_log_rule_boundary_is_more_than_two_decades():
    assert not curves.spans_decades([1.0, 0.01])  # exactly two decades
    assert curves.spans_decades([1.0, 0.0099])
    assert not curves.spans_decades([5.0, 0.0, None])  # zero and missing values are ignored


def test_grad_norms_one_log_line_per_layer():
    norms = np.array([[1.0, 0.1, 0.01], [0.5, 0.2, 0.02]])
    fig = curves.grad_norms([1, 2], norms, "en")
    assert [t.name for t in fig.data] == ["layer 1", "layer 2", "layer 3"]
    assert list(fig.data[2].y) == [0.01, 0.02] and fig.layout.yaxis.type == "log"
    with pytest.raises(ValueError):
        curves.grad_norms([1, 2, 3], norms, "en")


def test_boundary_puts_the_training_points_on_the_surface():
    st = circle()
    X, lab = st.sc.X.T, labels(st.sc.Y)
    fig = curves.boundary(grid(st, resolution=9), X, lab, "en")
    assert len(fig.data) == 3 and fig.data[0].type == "heatmap"  # surface, class 0, class 1
    assert fig.data[0].zmin == 0 and fig.data[0].zmax == 1
    assert fig.data[1].name == "class 0" and fig.data[2].name == "class 1"
    shown = np.concatenate([np.column_stack([t.x, t.y]) for t in fig.data[1:]])
    assert sorted(map(tuple, shown)) == sorted(map(tuple, X))
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.title.text == text("en", "curve.boundary.title")


def test_boundary_with_several_classes_and_with_regression_targets():
    st = circle(layers=(2, 4, 2), acts=("tanh", "softmax"), loss="softmax_cross_entropy")
    fig = curves.boundary(grid(st, resolution=6), st.sc.X.T, labels(st.sc.Y), "en")
    assert len(fig.data) == 3
    z, s = np.array(fig.data[0].z), grid(st, resolution=6)
    assert np.array_equal(np.floor(z), s.value)  # the integer part is the winning class
    targets = np.linspace(-1.3, 0.7, st.sc.X.shape[1])
    fig = curves.boundary(grid(circle(), resolution=6), st.sc.X.T, targets, "en")
    assert len(fig.data) == 2 and list(fig.data[1].marker.color) == targets.tolist()
    assert np.array_equal(np.column_stack([fig.data[1].x, fig.data[1].y]), st.sc.X.T)


def test_regression_fit_points_and_curve():
    src = {"schema": scenario.SCHEMA, "layers": [1, 3, 1], "activations": ["tanh", "linear"],
           "loss": "squared_error", "init": {"scheme": "xavier", "seed": 0},
           "dataset": {"name": "regress1d", "seed": 0, "n": 30}}
    st = Stepper(scenario.parse(src))
    ln = line(st)
    fig = curves.regression_fit(ln, st.sc.X[0], st.sc.Y[0], "en")
    assert len(fig.data) == 2 and fig.layout.xaxis.title.text == "x"
    assert list(fig.data[0].x) == st.sc.X[0].tolist() and list(fig.data[0].y) == st.sc.Y[0].tolist()
    assert list(fig.data[1].y) == ln.value.tolist()


# ---- bounded figures ------------------------------------------------------------------------------

def test_spread_keeps_ends_and_spaces_evenly():
    assert curves.spread(range(5), limit=10) == [0, 1, 2, 3, 4]  # few enough: all of them
    picked = curves.spread(range(100_000), limit=2000)
    assert len(picked) <= 2000 and picked[0] == 0 and picked[-1] == 99_999
    assert picked == sorted(set(picked))
    gaps = np.diff(picked)
    assert gaps.min() >= 49 and gaps.max() <= 52  # 99,999 / 1,999 ≈ 50.03 steps apart
    # dense at first, sparse later (a log thinned once, then extended): spread over the values, not the count
    xs = list(range(1000)) + list(range(1000, 101_000, 100))
    picked = curves.spread(xs, limit=100)
    values = np.array(xs)[picked]
    assert values[0] == 0 and values[-1] == xs[-1] and len(picked) <= 100
    assert np.diff(values).max() <= 2 * xs[-1] / 99  # no stretch of the range left without points


@pytest.mark.slow  # a hundred thousand steps
def test_curves_after_a_hundred_thousand_steps_stay_bounded():
    n = 100_000
    log = [{"step": s, "train": 1 / (s + 1), "test": 2 / (s + 1), "acc_train": 0.5, "acc_test": 0.4}
           for s in range(n)]
    fig = curves.loss_curve(log, "en")
    assert len(fig.data) == 4
    for trace in fig.data:
        assert len(trace.x) <= curves.DRAW_LIMIT and trace.x[0] == 0 and trace.x[-1] == n - 1
    assert fig.data[0].y[-1] == 1 / n and len(fig.to_json()) < 300_000
    norms = np.column_stack([np.linspace(1, 2, n), np.linspace(3, 4, n)])
    fig = curves.grad_norms(range(1, n + 1), norms, "en")
    for trace in fig.data:
        assert len(trace.x) <= curves.DRAW_LIMIT and trace.x[0] == 1 and trace.x[-1] == n
    assert fig.data[1].y[0] == 3 and fig.data[1].y[-1] == 4
    assert len(fig.to_json()) < 300_000


# ---- words ---------------------------------------------------------------------------------------

def every_figure(lang):
    log = [{"step": s, "train": 1.0 / (s + 1), "test": 1.2 / (s + 1), "acc_train": 0.5, "acc_test": 0.4}
           for s in range(5)]
    two_classes = circle()
    one_hot = circle(layers=(2, 4, 2), acts=("tanh", "softmax"), loss="softmax_cross_entropy")
    linear_out = circle(acts=("tanh", "linear"), loss="squared_error")
    src = {"schema": scenario.SCHEMA, "layers": [1, 3, 1], "activations": ["tanh", "linear"],
           "loss": "squared_error", "init": {"scheme": "xavier", "seed": 0},
           "dataset": {"name": "regress1d", "seed": 0, "n": 30}}
    fit = Stepper(scenario.parse(src))
    yield curves.loss_curve(log, lang)
    yield curves.grad_norms([1, 2], [[1.0, 0.5], [0.8, 0.4]], lang)
    yield curves.grad_norms([1, 2], [[1.0, 0.0], [0.8, 1e-20]], lang)  # the floor's note, zeros marked
    for st in (two_classes, one_hot, linear_out):
        yield curves.boundary(grid(st, resolution=5), st.sc.X.T, labels(st.sc.Y), lang)
    yield curves.regression_fit(line(fit), fit.sc.X[0], fit.sc.Y[0], lang)


def test_figures_in_chinese_show_no_english():
    figures = list(every_figure("zh"))
    assert [f.data[0].type for f in figures[3:6]] == ["heatmap"] * 3  # probability, classes, output
    assert all(shown_words(f) == [] for f in figures), [shown_words(f) for f in figures]
    english = [w for f in every_figure("en") for w in shown_words(f)]
    assert {"class", "confidence", "output", "accuracy", "layer", "exactly", "floor"} <= set(english)  # the check can see words
