"""The network figure as a plotly chart: neurons coloured by z, a or delta, edges by W, dJ/dW or the
update, every value exact on hover, every neuron and edge clickable by id.

The pages no longer draw it: they draw the network element (ui.figure, fed by viz.element, which takes
this module's choice of edges, layer titles and quantities). The chart stays as the measured alternative
bench/click.py times beside the element (bench/plotly_floor.py), and as the reference the element's
payload is checked against (tests/test_viz_element.py). Not yet done: its tests that speak of the
figure's fit and colours (test_viz_fit, test_palettes, test_chart_axes, test_large) should move to the
element before this chart and viz.fit, viz.marks, viz.scales and ui.common.drawn can go.

Ids (in `customdata`, a plain list of strings, one per point): neuron "n{l}_{j}" (layer l = 0..L,
neuron j, 0-based) on the trace named "neurons"; edge "e{l}_{j}_{k}" for the weight W[l][j,k]
(l = 1..L, j receiving, k sending) on the edge-marker trace named "edges". Of a layer with more
than `max_neurons` neurons only the `max_neurons` largest (neurons.drawn) are drawn, the rest fold
into one "⋯ (+N)" node, and at most `max_edges` edges among drawn neurons;
fig.layout.meta = {"hidden_edges", "hidden_neurons"}.
"""
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from engine.teach import ids
from engine.text.errors import choose
from engine.text.i18n import text
from engine.text.numformat import exact, rounded
from viz import scales
from viz.fit import PAD, fit, wrap
from viz.marks import Marks, changed, halo, parse, warnings
from viz.names import Names
from viz.neurons import default_label, ellipses, frame, neuron_traces, node_values, plain_scatter, ring
from viz.palette import BAND, CLEAR, FONT, NODE_SCALE, NO_TEMPLATE, bins, colours, inks, sym_max

NODE_QTY = {"z": "z", "a": "a", "delta": "δ"}  # what may colour the neurons -> its symbol
EDGE_QTY = {"W": "W", "dW": "∂J/∂W", "update": "ΔW"}  # what may colour the edges -> its symbol (ΔW: W after - W before)
K = 6  # edge bins on each side of zero: at most 13 line traces
MAX_EDGES = 240  # edges drawn at most: the strongest; more turn a projected figure into a thicket and cost each click
WIDTH = (1.0, 8.0)  # px of the thinnest and the thickest edge
ALONG = 0.4  # where an edge's marker sits, from its sending end: two edges that cross between
# layers of equal size share their middle, so a marker there would hide the other one
LABEL_SLOTS = 6  # names are drawn above neurons only when no layer has more slots than this


@dataclass(frozen=True)
class Look:
    """How the network figure is sized and written (viz.network.spec)."""
    width: float = 640  # px of the plot; the height shrinks when the neurons cannot use it (viz.fit)
    height: float = 520
    font: float = FONT  # px of its text
    lang: str = "en"
    names: Names | None = None  # display names, symbols and layer numbers of a notation; None: the engine's
    digits: int = 3  # significant digits of the values on the neurons (hovers show them exact)
    dark: bool = False  # the page behind is dark: palette.DARK's inks on a transparent background


def spec(view, node_qty="a", edge_qty="W", marks=Marks(), look=Look(), max_edges=MAX_EDGES,
         max_neurons=12) -> dict:
    """The plotly figure, as a plain dict, of the network of an engine.teach.view.View: neurons coloured
    by node_qty, edges by edge_qty, with what marks marks (viz.marks), as look sizes and words it; at most
    max_edges edges and max_neurons neurons a layer."""
    choose("node quantity", node_qty, NODE_QTY)
    choose("edge quantity", edge_qty, EDGE_QTY)
    if max_edges < 0 or max_neurons < 1:
        raise ValueError("max_edges must be >= 0 and max_neurons >= 1")
    names, ink, lang = look.names or Names(label=default_label), inks(look.dark), look.lang
    name, picked, not_yet, sym = names.label, parse(marks.selection), text(lang, "viz.not_yet"), names.symbols
    fr = frame(tuple(view.layers), max_neurons, view.sizes)
    e = pick_edges(view, edge_qty, fr, max_edges)
    nodes = node_values(view, node_qty, fr)
    hidden = {"hidden_edges": e.total - len(e.l), "hidden_neurons": sum(view.layers) - sum(fr.shown)}
    heads = [_layer_title(view, l, lang, names.layer, short) for short in (False, True) for l in range(len(fr.x))]
    note = _note(view, hidden, e.total, lang)
    size = _fit(fr, nodes, names, heads, note, look.width, look.height, look.font, look.digits)
    pending = f"<br>({not_yet})" if e.l.size and np.isnan(e.q).all() else ""
    plot_px = size.height - size.margin["t"] - size.margin["b"]
    traces = [
        *halo(marks.trail, fr), *edge_traces(e, picked, ink), edge_midpoints(e, name, not_yet, sym, ink),
        *neuron_traces(view, nodes, fr, size, names, not_yet, look.digits, ink), *ellipses(view, fr, size.font, ink),
        *ring(picked, fr, size.marker, ink), *warnings(marks.warn, fr, size.marker),
        *changed(marks.edited, fr, size.marker, ALONG),
        *scales.strip(ink.edge_scale, e.M, sym[edge_qty] + pending, scales.EDGES, plot_px, "edge_scale", size.font,
                      ink),
        *scales.strip(NODE_SCALE, sym_max(np.concatenate(nodes[1:])), sym[node_qty], scales.NODES, plot_px,
                      "node_scale", size.font, ink)]
    # Plain dicts, every value built as plotly's validation would leave it (tests/test_viz_network.py
    # compares): validating took most of a Step click's server run (bench/profile_step.py).
    return {"data": traces, "layout": layout(view, fr, size, marks.highlight, hidden, heads, note, look.width, ink)}


def figure(*args, **kwargs) -> go.Figure:
    """spec(...) as a validated go.Figure, for reading the figure (the tests do): the pages draw the
    spec itself (ui.common.drawn), which plotly's validation leaves unchanged."""
    return go.Figure(spec(*args, **kwargs))


def _fit(fr, nodes, names, heads, note, width, height, font, digits):
    """viz.fit.Fit of this figure: from its layers, the texts it may draw and the pixels it gets."""
    slots, n = max(len(y) for y in fr.y), len(fr.x)
    places = [(l, j) for l, keep in enumerate(fr.idx) for j in keep]
    labels = [names.label("neuron", l, j) for l, j in places] if slots <= LABEL_SLOTS else []
    values = [rounded(v, digits) for v in np.concatenate(nodes).tolist()]  # the texts neuron_traces draws
    return fit(slots, n, width, height, font, heads[:n], heads[n:], values, labels, note)


@dataclass(frozen=True)
class Edges:
    l: np.ndarray  # layer of each drawn edge (1..L)
    j: np.ndarray  # receiving neuron
    k: np.ndarray  # sending neuron
    vals: dict  # "W", "dW", "update" -> value per drawn edge, NaN while not computed
    q: np.ndarray  # the shown quantity, NaN while not computed
    M: float  # half-width of the symmetric colour range of q
    total: int  # edges of the whole network
    xy: tuple  # x0, y0, x1, y1 of each drawn edge


def pick_edges(view, qty, fr, max_edges) -> Edges:
    """The strongest max_edges edges among drawn neurons, by |shown quantity| (by |W| while it is not
    computed in every layer, so the choice does not jump around halfway through the backward pass)."""
    cols = {key: [] for key in ("l", "j", "k", *EDGE_QTY)}
    for l in range(1, len(view.layers)):
        rows, width = np.array(fr.idx[l]), np.array(fr.idx[l - 1])
        j, k = rows.repeat(width.size), np.tile(width, rows.size)  # row-major, as ravel() below
        cols["l"].append(np.full(j.size, l))
        cols["j"].append(j)
        cols["k"].append(k)
        for key in EDGE_QTY:
            arr = getattr(view, key)[l - 1]
            cols[key].append(np.full(j.size, np.nan) if arr is None else arr[np.ix_(rows, width)].ravel())
    c = {key: np.concatenate(v) for key, v in cols.items()}
    rank = np.abs(c["W"] if np.isnan(c[qty]).any() else c[qty])
    keep = np.arange(rank.size)
    if rank.size > max_edges:
        keep = np.sort(np.argpartition(-rank, max_edges - 1)[:max_edges]) if max_edges else keep[:0]
    c = {key: v[keep] for key, v in c.items()}
    x = np.array(fr.x)
    xy = (x[c["l"] - 1], _ys(fr, c["l"] - 1, c["k"]), x[c["l"]], _ys(fr, c["l"], c["j"]))
    total = sum(a * b for a, b in zip(view.layers, view.layers[1:]))
    return Edges(c["l"], c["j"], c["k"], {key: c[key] for key in EDGE_QTY}, c[qty], sym_max(c[qty]), total, xy)


def _ys(fr, layer, index):
    return np.array([fr.at(l, i) for l, i in zip(layer.tolist(), index.tolist())])


def _width(b):
    return WIDTH[0] + (WIDTH[1] - WIDTH[0]) * abs(int(b)) / K


def _lines(e, mask, colour, width, dash="solid"):
    """All edges in mask as one trace: a plotly line has one colour, so edges share by bin."""
    xs, ys = np.empty(3 * int(mask.sum()), dtype=object), np.empty(3 * int(mask.sum()), dtype=object)
    x0, y0, x1, y1 = (v[mask].tolist() for v in e.xy)
    xs[0::3], xs[1::3], ys[0::3], ys[1::3] = x0, x1, y0, y1
    return plain_scatter(x=xs.tolist(), y=ys.tolist(), mode="lines", line=dict(color=colour, width=width, dash=dash),
                         hoverinfo="skip", showlegend=False)


def edge_traces(e, picked, ink):
    """The selected edge's outline in ink, then not-yet-computed edges dotted grey, then one trace per bin."""
    grey = np.isnan(e.q)
    b = bins(np.nan_to_num(e.q), e.M, K)
    out = []
    if picked and picked[0] == "e":
        mask = (e.l == picked[1]) & (e.j == picked[2]) & (e.k == picked[3])
        if mask.any():
            out.append(_lines(e, mask, ink.ink, _width(b[mask][0]) + 6))
    if grey.any():
        out.append(_lines(e, grey, ink.not_yet_line, 1.5, "dot"))
    for level in np.unique(b[~grey]):
        out.append(_lines(e, ~grey & (b == level), colours(ink.edge_scale, [level * e.M / K], e.M)[0], _width(level)))
    return out


def _value(arr, text_not_yet):
    return text_not_yet if np.isnan(arr) else exact(arr)


def edge_midpoints(e, name, not_yet, sym, ink):
    """One small clickable marker per drawn edge, coloured like its line, with its exact values."""
    mx, my = ((1 - ALONG) * e.xy[i] + ALONG * e.xy[i + 2] for i in (0, 1))
    b = bins(np.nan_to_num(e.q), e.M, K)
    levels, which = np.unique(b, return_inverse=True)  # at most 2K+1 colours, computed once each
    fill = np.array(colours(ink.edge_scale, levels * e.M / K, e.M), dtype=object)[which]
    fill[np.isnan(e.q)] = ink.not_yet_line
    hover = [f"<b>{name('edge', l, j, k)}</b>: {name('neuron', l - 1, k)} → {name('neuron', l, j)}<br>"
             + "<br>".join(f"{sym[key]} = {_value(e.vals[key][i], not_yet)}" for key in EDGE_QTY)
             for i, (l, j, k) in enumerate(zip(e.l.tolist(), e.j.tolist(), e.k.tolist()))]
    edge_ids = [ids.edge(l, j, k) for l, j, k in zip(e.l.tolist(), e.j.tolist(), e.k.tolist())]
    return plain_scatter(x=mx.tolist(), y=my.tolist(), mode="markers", customdata=edge_ids, hovertext=hover,
                         hoverinfo="text", showlegend=False, name="edges",
                         marker=dict(color=fill.tolist(), size=11, opacity=0.65, line=dict(width=0)))


def layout(view, fr, size, highlight, hidden, heads, note, width, ink) -> dict:
    """Fixed axes from the slot positions (half a layer's band beyond the first and last layer),
    layer headers (full text on hover when shortened), the band of the layer just computed, the note."""
    slots = max(len(y) for y in fr.y)
    top = (slots - 1) / 2 * fr.gap + PAD * fr.gap
    xr = [fr.x[0] - 0.5 * fr.gap, fr.x[-1] + 0.5 * fr.gap]
    axis = dict(visible=False, fixedrange=True)
    n = len(fr.x)
    shown, full = (heads[n:], heads[:n]) if size.compact else (heads[:n], [None] * n)
    out = dict(
        height=size.height, margin=size.margin, plot_bgcolor=CLEAR, paper_bgcolor=CLEAR, showlegend=False,
        dragmode=False, hovermode="closest", uirevision="backprop-network", meta=hidden, template=NO_TEMPLATE,
        font=dict(size=size.font, color=ink.ink), hoverlabel=dict(font=dict(size=size.font), align="left"),
        xaxis=dict(axis, range=xr, domain=[0, size.net]), yaxis=dict(axis, range=[-top, top]),
        **scales.axes(size.net),
        annotations=[dict(x=x, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False, text=head,
                          font=dict(size=size.head_font), **({"hovertext": whole.replace("<br>", " ")} if whole else {}))
                     for x, head, whole in zip(fr.x, shown, full)])
    if highlight is not None and 0 <= highlight < len(fr.x):
        x0 = fr.x[highlight] - (0.7 if highlight else 0.35) * fr.gap
        out["shapes"] = [dict(type="rect", x0=x0, x1=fr.x[highlight] + 0.35 * fr.gap, y0=-top, y1=top,
                              layer="below", fillcolor=BAND, line=dict(width=0))]
    if note:
        out["annotations"].append(dict(
            x=0, y=0, xref="paper", yref="paper", yanchor="top", xanchor="left", showarrow=False, align="left",
            text=wrap(note, width - size.margin["l"] - size.margin["r"], size.note_font),
            font=dict(size=size.note_font)))
    return out


def _note(view, hidden, n_edges, lang) -> str:
    if not (hidden["hidden_edges"] or hidden["hidden_neurons"]):
        return ""
    return text(lang, "viz.hidden_note", edges=hidden["hidden_edges"], total_edges=n_edges,
                neurons=hidden["hidden_neurons"], total_neurons=sum(view.layers))


def _layer_title(view, l, lang, number, short=False):
    """The header of layer l: its kind, activation and size; short: no activation, the kind abbreviated."""
    L, n, form = len(view.layers) - 1, view.layers[l], "_short" if short else ""
    if l == 0:
        return text(lang, "viz.input" + form, n=n)
    act = view.activations[l - 1]
    if l == L:
        return text(lang, "viz.output" + form, act=act, n=n)
    return text(lang, "viz.hidden" + form, l=number(l), act=act, n=n)
