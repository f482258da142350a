"""The Train page's figures: cost and accuracy over steps, gradient norms per layer, the decision
surface with the data on top, and a 1-D regression fit. Data in, plotly figure out.

Every title, axis label, trace name and hover word comes from the catalogue (engine/text/lang, keys
curve.*) in the language the caller names.
"""
import numpy as np
import plotly.graph_objects as go

from engine.files import runs
from engine.text.i18n import text
from viz.palette import FONT, MID
from viz.ticks import FLOOR, NUMERIC, floor_note, floored, index_axis, log_axis, percent_axis

ORANGE, BLUE = "#f59322", "#0877bd"  # TensorFlow Playground's pair: class 0 / class 1, safe for colour-blindness
EARLIER = "#7f7f7f"  # an earlier run: grey, so the run being trained stays the one in colour
NEUTRAL = "#f2f2f2"  # the undecided middle of the diverging scale
DIVERGING = [[0.0, ORANGE], [0.5, NEUTRAL], [1.0, BLUE]]
# Classes, and the gradient-norm chart's layers, after the playground's pair (two classes look the same
# either way): Paul Tol's and Tableau's colours picked so that any two of the first n, and each of them
# against a white or a dark page, stay apart for normal, deuteranope and protanope eyes (CIEDE2000 >= 12,
# tests/test_palettes.py). Okabe-Ito's yellow met the orange under deuteranopia, its black a dark page.
CLASS_COLOURS = [ORANGE, BLUE, "#8c564b", "#44aa99", "#33bbee", "#aa3377", "#cc3311", "#cc6677"]
LOG_DECADES = 2  # a cost axis turns logarithmic when its values span more than this many decades
BACKGROUND_OPACITY = 0.8  # lighter surface, so points of the same colour still stand out
MANY_POINTS = 30  # with fewer logged points each one gets a marker
DRAW_LIMIT = 2000  # points drawn per curve: a figure stays small after 100,000 steps


def spread(xs, limit=DRAW_LIMIT) -> list[int]:
    """Indices of at most `limit` of the non-decreasing values xs, evenly over their range (engine.files.runs.spread)."""
    return runs.spread(xs, limit)


def _words(lang, figure, *names) -> dict:
    return {name: text(lang, f"curve.{figure}.{name}") for name in names}


def layout(fig, title, x_title, y_title, height=460):
    fig.update_layout(
        title=dict(text=title, font=dict(size=FONT + 4)), height=height, template="plotly_white",
        font=dict(size=FONT + 2), margin=dict(l=70, r=30, t=60, b=60),
        xaxis=dict(NUMERIC, title=dict(text=x_title)), yaxis=dict(NUMERIC, title=dict(text=y_title)),
        legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0))
    return fig


def spans_decades(values, decades=LOG_DECADES) -> bool:
    """True when the positive finite values range over more than `decades` powers of ten."""
    v = np.asarray([x for x in values if x is not None], dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return v.size > 1 and v.max() / v.min() > 10.0 ** decades


def series(log, key):
    """The key's values over the log, NaN where absent, or None when it is never present."""
    ys = [p.get(key) for p in log]
    return None if all(y is None for y in ys) else [np.nan if y is None else y for y in ys]


def _zeros(steps, series, names, lang):
    """The steps where some of series (one list of values per line) are exactly 0, as one trace of
    marks on the floor line, one mark per step, hovered with the names of the lines at 0 (a mark per
    line would hide under the next); None when there are none."""
    at_zero = np.array([floored(ys)[1] for ys in series])
    where = np.flatnonzero(at_zero.any(axis=0)) if at_zero.size else []
    if not len(where):
        return None
    whose = [", ".join(n for n, zero in zip(names, at_zero[:, i]) if zero) for i in where]
    return go.Scatter(x=[steps[i] for i in where], y=[FLOOR] * len(where), mode="markers", text=whose,
                      name=text(lang, "curve.zero_name"), marker=dict(symbol="x-thin-open", size=9, color=MID,
                                                                     line=dict(width=2)),
                      hovertemplate="%{text}<br>%{x}: 0<extra></extra>")


def _log_lines(fig, steps, series, names, colours, mode, lang, also=(), **line):
    """Lines on a log y axis floored at FLOOR (the hover keeps the true value), the exact zeros
    marked on the floor and, when anything was raised to it, the floor line with its note. also:
    values of other lines on the same axis, for its range and note."""
    for ys, name, colour in zip(series, names, colours):
        fig.add_trace(go.Scatter(x=steps, y=floored(ys)[0], customdata=ys, name=name, mode=mode,
                                 line=dict(line, color=colour), hovertemplate="%{x}: %{customdata:.6~g}"))
    zeros = _zeros(steps, series, names, lang)
    if zeros is not None:
        fig.add_trace(zeros)
    values = np.concatenate([np.asarray(ys, dtype=float).ravel() for ys in (*series, also)])
    fig.update_yaxes(log_axis(values))
    if (values < FLOOR).any():
        floor_note(fig, lang)


def _steps_axis(fig, steps):
    if len(steps):
        fig.update_xaxes(index_axis(int(min(steps)), int(max(steps))))


def loss_curve(log, lang, earlier=None) -> go.Figure:
    """Train and test cost over steps; accuracy (when logged) on a 0..100 % axis on the right.

    earlier: (name, log) of an earlier run, whose training cost is drawn in grey beside it (named in the
    legend even alone: a grey curve on its own would pass for the current run)."""
    w = _words(lang, "loss", "title", "x_title", "y_title", "train_name", "test_name")
    log = [log[i] for i in spread([p["step"] for p in log])]
    steps = [p["step"] for p in log]
    mode = "lines+markers" if len(log) < MANY_POINTS else "lines"
    fig = layout(go.Figure(), w["title"], w["x_title"], w["y_title"])
    sets = (("train", "acc_train", w["train_name"], BLUE), ("test", "acc_test", w["test_name"], ORANGE))
    costs = [(series(log, key), name, colour) for key, _, name, colour in sets]
    costs = [cost for cost in costs if cost[0] is not None]
    before = _earlier(*earlier) if earlier is not None else None
    also = list(before.y) if before is not None else []
    logged = spans_decades([y for ys, _, _ in costs for y in ys] + also)
    if logged:
        _log_lines(fig, steps, *(zip(*costs) if costs else ((), (), ())), mode, lang, also=also, width=3)
    else:
        fig.update_yaxes(type="linear")
        for ys, name, colour in costs:
            fig.add_trace(go.Scatter(x=steps, y=ys, name=name, mode=mode, line=dict(color=colour, width=3)))
    if before is not None:
        fig.add_trace(before.update(y=floored(before.y)[0], customdata=before.y,
                                    hovertemplate="%{x}: %{customdata:.6~g}") if logged else before)
    measured = []
    for key, acc_key, name, colour in sets:
        acc = series(log, acc_key)
        if acc is not None:
            measured.append(name)
            fig.add_trace(go.Scatter(x=steps, y=acc, name=text(lang, "curve.loss.acc_name", name=name), mode=mode,
                                     yaxis="y2", line=dict(color=colour, width=2, dash="dot")))
    _steps_axis(fig, steps + (list(before.x) if before is not None else []))
    if any(t.yaxis == "y2" for t in fig.data):
        # whose accuracy, not just "accuracy"
        title = text(lang, "curve.loss.acc_title", sets=text(lang, "list.sep").join(measured))
        fig.update_layout(yaxis2=dict(percent_axis(), title=dict(text=title), overlaying="y", side="right",
                                      showgrid=False))
    return fig


def _earlier(name, log) -> go.Scatter:
    """An earlier run's training cost, in grey."""
    log = [log[i] for i in spread([p["step"] for p in log])]
    return go.Scatter(x=[p["step"] for p in log], y=series(log, "train") or [], name=name, mode="lines",
                      showlegend=True, line=dict(color=EARLIER, width=2), opacity=0.8)


def grad_norms(steps, norms, lang) -> go.Figure:
    """One line per layer l = 1..L of the gradient's Frobenius norm at each step, on a log y axis
    floored at FLOOR: a dead ReLU layer's exact zeros are marked on the floor line."""
    norms = np.asarray(norms, dtype=float)
    if norms.size == 0:
        norms = norms.reshape(0, 0)
    if norms.ndim != 2 or norms.shape[0] != len(steps):
        raise ValueError(f"need one row of per-layer norms per step ({len(steps)}), got shape {norms.shape}")
    picked = spread(steps)
    steps, norms = [steps[i] for i in picked], norms[picked]
    mode = "lines+markers" if len(steps) < MANY_POINTS else "lines"
    fig = layout(go.Figure(), *_words(lang, "norms", "title", "x_title", "y_title").values())
    L = norms.shape[1]
    _log_lines(fig, steps, list(norms.T), [text(lang, "curve.norms.layer_name", l=l + 1) for l in range(L)],
               [CLASS_COLOURS[l % len(CLASS_COLOURS)] for l in range(L)], mode, lang, width=2)
    _steps_axis(fig, steps)
    return fig


def _is_classes(labels) -> bool:
    return labels.size > 0 and bool(np.all((labels == np.round(labels)) & (labels >= 0)
                                           & (labels < len(CLASS_COLOURS))))


def _mix(colour: str, amount: float) -> str:
    """colour blended with white: amount 0 gives white, 1 the colour itself."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    r, g, b = (round(255 + (c - 255) * amount) for c in rgb)
    return f"rgb({r},{g},{b})"


def _class_layer(surface, value_title):
    """A heatmap whose colour is the winning class, paler where the network is less sure."""
    K = surface.n_out
    colours = [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in range(K)]
    # K bands on one scale: band k runs from pale (confidence 1/K, a tie) to strong (confidence 1)
    scale = [s for k, c in enumerate(colours) for s in ([k / K, _mix(c, 0.08)], [(k + 1) / K, _mix(c, 0.75)])]
    sure = np.clip((surface.confidence - 1 / K) / (1 - 1 / K), 0.0, 1.0)
    z = surface.value + 0.001 + 0.998 * sure  # kept inside band k, off its shared edges
    return go.Heatmap(x=surface.xs, y=surface.ys, z=z, zmin=0, zmax=K, colorscale=scale, showscale=False,
                      customdata=np.stack([surface.value, surface.confidence], axis=-1),
                      hovertemplate=f"%{{x:.3g}}, %{{y:.3g}}<br>{value_title} = %{{customdata[1]:.2f}}"
                                    "<extra>%{customdata[0]}</extra>")


def _range(surface, labels, classes):
    """Colour range of a one-output surface: [0, 1] for a probability, else symmetric about its centre."""
    if surface.kind == "probability":
        return 0.0, 1.0
    values = [surface.value.ravel()] + ([] if classes else [labels])
    dev = np.abs(np.concatenate(values) - surface.centre)
    half = float(np.nanmax(dev)) if np.isfinite(dev).any() else 0.0
    half = half if half > 0 else 1.0
    return surface.centre - half, surface.centre + half


def boundary(surface, X, labels, lang, names=()) -> go.Figure:
    """The network's output over the plane as a heatmap, with the samples X (m, 2) on top.

    Whole-number labels 0..7 get one trace per class (legend "class k", or "class names[k]" when the
    classes have names); other labels (regression targets) one trace coloured on the surface's own scale.
    """
    X, labels = np.asarray(X, dtype=float), np.asarray(labels, dtype=float).ravel()
    classes = _is_classes(labels)
    name = (lambda k: names[k]) if names else (lambda k: k)
    w = _words(lang, "boundary", "title", "x_title", "y_title", "data_name")
    value_title = text(lang, f"curve.boundary.value_{surface.kind}", k=name(1))
    edge = dict(color="white", width=1.5)
    if surface.kind == "classes":
        traces, lo, hi = [_class_layer(surface, value_title)], 0.0, 1.0
    else:
        lo, hi = _range(surface, labels, classes)
        traces = [go.Heatmap(x=surface.xs, y=surface.ys, z=surface.value, zmin=lo, zmax=hi,
                             colorscale=DIVERGING, opacity=BACKGROUND_OPACITY,
                             colorbar=dict(title=dict(text=value_title), thickness=16),
                             hovertemplate=f"%{{x:.3g}}, %{{y:.3g}}<br>{value_title} = %{{z:.3g}}<extra></extra>")]
    if classes:
        traces += [go.Scatter(x=X[labels == k, 0], y=X[labels == k, 1], mode="markers",
                              name=text(lang, "curve.boundary.class_name", k=name(int(k))),
                              marker=dict(size=9, color=CLASS_COLOURS[int(k)], line=edge))
                   for k in np.unique(labels)]
    else:
        traces.append(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name=w["data_name"],
                                 marker=dict(size=9, color=labels, colorscale=DIVERGING, cmin=lo, cmax=hi,
                                             line=edge)))
    fig = layout(go.Figure(traces), w["title"], w["x_title"], w["y_title"], height=600)
    fig.update_xaxes(range=[surface.xs[0], surface.xs[-1]], constrain="domain", showgrid=False)
    fig.update_yaxes(range=[surface.ys[0], surface.ys[-1]], scaleanchor="x", scaleratio=1,
                     constrain="domain", showgrid=False)
    return fig


def regression_fit(line, X, Y, lang) -> go.Figure:
    """The samples (X, Y) of a 1-D regression and the network's prediction curve over their range."""
    w = _words(lang, "fit", "title", "x_title", "y_title", "data_name", "fit_name")
    X, Y = np.asarray(X, dtype=float).ravel(), np.asarray(Y, dtype=float).ravel()
    fig = go.Figure([
        go.Scatter(x=X, y=Y, mode="markers", name=w["data_name"],
                   marker=dict(size=8, color=ORANGE, line=dict(color="white", width=1))),
        go.Scatter(x=line.xs, y=line.value, mode="lines", name=w["fit_name"], line=dict(color=BLUE, width=4)),
    ])
    return layout(fig, w["title"], w["x_title"], w["y_title"])
