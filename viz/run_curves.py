"""The Compare page's figures: two to four runs overlaid, each run in its own colour from the line
palette (viz.curves.CLASS_COLOURS, colour-blind-safe), the set or layer told apart by the dash.

A run comes in as (name, log, norms) with log the engine.files.runs log and norms {"steps", "values"}.
"""
import numpy as np
import plotly.graph_objects as go

from engine.text.i18n import text
from viz.curves import CLASS_COLOURS, MANY_POINTS, layout, series, spans_decades, spread
from viz.ticks import floored, index_axis, log_axis, percent_axis

DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")  # layer 1, 2, ... (test set: dash)


def colour(i: int) -> str:
    """The i-th run's colour."""
    return CLASS_COLOURS[i % len(CLASS_COLOURS)]


def _line(x, y, name, i, dash="solid", width=3, log=False, group=None):
    mode = "lines+markers" if len(x) < MANY_POINTS else "lines"
    shown = floored(y)[0] if log else y
    return go.Scatter(x=x, y=shown, customdata=y, name=name, mode=mode, legendgroup=group,
                      line=dict(color=colour(i), width=width, dash=dash), hovertemplate="%{x}: %{customdata:.6~g}")


def _thin(log):
    return [log[i] for i in spread([p["step"] for p in log])]


def _steps(fig, steps):
    """The step axis, and the legend well below its title: run names are long, and wrap over it."""
    if steps:
        fig.update_xaxes(index_axis(int(min(steps)), int(max(steps))))
    fig.update_layout(legend=dict(y=-0.3), margin=dict(b=120))


def _mark(fig, at, lang):
    """A dotted line at step `at`, the step whose weights the page shows under the curves."""
    if at is not None:
        fig.add_vline(x=at, line=dict(color="#767676", width=2, dash="dot"), annotation_text=text(
            lang, "curve.compare.at", step=at), annotation_position="top right")


def costs(runs, lang, at=None) -> go.Figure:
    """Each run's training cost (solid) and test cost (dashed, when it has a test set), on a log axis
    when they span more than two decades; at: the step marked."""
    w = {k: text(lang, f"curve.compare.{k}") for k in ("cost_title", "x_title", "cost_y", "train", "test")}
    fig = layout(go.Figure(), w["cost_title"], w["x_title"], w["cost_y"])
    lines = [(i, name, _thin(log), key) for i, (name, log, _) in enumerate(runs) for key in ("train", "test")]
    lines = [(i, name, log, key, series(log, key)) for i, name, log, key in lines]
    lines = [line for line in lines if line[-1] is not None]
    values = [v for *_, ys in lines for v in ys]
    logged = spans_decades(values)
    for i, name, log, key, ys in lines:
        fig.add_trace(_line([p["step"] for p in log], ys, f"{name}: {w[key]}", i,
                            "solid" if key == "train" else "dash", log=logged, group=name))
    if logged:
        fig.update_yaxes(log_axis(values))
    _steps(fig, [p["step"] for *_, log, _, _ in lines for p in log])
    _mark(fig, at, lang)
    return fig


def accuracy(runs, lang, at=None) -> go.Figure | None:
    """Each run's training accuracy (solid) and test accuracy (dashed); None when no run has any."""
    w = {k: text(lang, f"curve.compare.{k}") for k in ("acc_title", "x_title", "acc_y", "train", "test")}
    fig = layout(go.Figure(), w["acc_title"], w["x_title"], w["acc_y"])
    for i, (name, log, _) in enumerate(runs):
        log = _thin(log)
        for key, dash in (("train", "solid"), ("test", "dash")):
            ys = series(log, f"acc_{key}")
            if ys is not None:
                fig.add_trace(_line([p["step"] for p in log], ys, f"{name}: {w[key]}", i, dash, group=name))
    if not fig.data:
        return None
    fig.update_yaxes(percent_axis())
    _steps(fig, [x for tr in fig.data for x in tr.x])
    _mark(fig, at, lang)
    return fig


def norms(runs, lang) -> go.Figure:
    """Each run's per-layer gradient norm ||dW[l]||: the run's colour, the layer's dash; log axis."""
    w = {k: text(lang, f"curve.norms.{k}") for k in ("title", "x_title", "y_title")}
    fig = layout(go.Figure(), *w.values())
    values = []
    for i, (name, _, kept) in enumerate(runs):
        rows = np.asarray(kept["values"], dtype=float).reshape(len(kept["steps"]), -1)
        picked = spread(kept["steps"])
        steps = [kept["steps"][k] for k in picked]
        for l, ys in enumerate(rows[picked].T):
            layer = text(lang, "curve.norms.layer_name", l=l + 1)
            fig.add_trace(_line(steps, ys.tolist(), f"{name}: {layer}", i, DASHES[l % len(DASHES)], 1.5, True, name))
            values.extend(ys.tolist())
    fig.update_yaxes(log_axis(values))
    _steps(fig, [x for tr in fig.data for x in tr.x])
    return fig
