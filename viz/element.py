"""The network element's payload: what ui.figure's SVG draws, as a compact JSON-ready dict built from an
engine.teach.screen.view.View. Pure: no Streamlit; positions in the SVG's px (its viewBox), every number
written to the chosen significant digits, colours as "#rrggbb".

The element keeps its DOM across reruns and only updates what changed, so the payload names every
neuron and edge by its engine id (engine.teach.screen.ids) and carries the values the element shows in its
circles, its tooltips, its accessible names and its screen-reader table. Of a large layer only the
drawn neurons and the strongest edges go (viz.shown's choice).

An edge's sign is shown by its dash as well as its hue (negative edges dashed), and every edge colour
is at least 3:1 against the page, light and dark (EDGES: PuOr's hues with its pale centre and dark ends
pulled in, so no edge vanishes into the page; tests/test_viz_element.py measures every colour).
"""
import math
import re

import numpy as np

from engine.teach.screen import ids
from engine.text.errors import choose
from engine.text.i18n import text
from engine.text.numformat import rounded
from viz.names import Names
from viz.palette import INK, NODE_SCALE, bins, colours, sym_max, text_colours
from viz.shown import EDGE_QTY, MAX_EDGES, MAX_NEURONS, NODE_QTY, frame, node_values, pick_edges

# edge colours by sign and size, against a white and against Streamlit's dark page (#0e1117)
EDGES = {False: ((0.0, "#7f3b08"), (0.3, "#b35806"), (0.5, "#858585"), (0.7, "#8073ac"), (1.0, "#2d004b")),
         True: ((0.0, "#fee0b6"), (0.3, "#e08214"), (0.5, "#8c8c8c"), (0.7, "#9e9ac8"), (1.0, "#d8daeb"))}
PAGES = {False: "#ffffff", True: "#0e1117"}
INKS = {False: INK, True: "#e6e6e6"}
NOT_YET = {False: "#eeeeee", True: "#3a3f4b"}  # the fill of a neuron whose value is not computed yet
CHAR = 0.58  # px of an average glyph per px of font size
LABEL_SLOTS = 6  # names are drawn above neurons only when no layer has more slots than this
SIDE = 8  # px kept free at the left and right
RING = 7  # px the selection ring (ui/figure) reaches beyond a circle, its stroke included
LIFT = 0.3  # fonts between the ring and a name's baseline, which its subscripts hang below
K = 6  # edge widths: bins on each side of zero
WIDTH = (1.0, 8.0)  # px of the thinnest and the thickest edge


def payload(view, node_qty="a", edge_qty="W", selection=None, highlight=None, max_edges=MAX_EDGES,
            max_neurons=MAX_NEURONS,
            width=640, height=520, font=14, lang="en", trail=(), warn=(), edited=(), names=None, digits=3,
            dark=False, pick=True, motion=True, fill=False) -> dict:
    """The element's data for `view`, drawn `width` x at most `height` px with `font` px text: neurons
    coloured by node_qty, edges by edge_qty (viz.shown), `selection` ringed, the layer `highlight` on a band,
    the edges of `trail` haloed, the neurons of `warn` ringed in red, what `edited` names marked; at most
    max_edges edges and max_neurons neurons a layer; names: a viz.names.Names. `pick`: neurons
    and edges are buttons that select (else only read out); `motion`: a sub-step may animate (the
    element also keeps still when the system asks for reduced motion); `fill`: the neurons spread over the
    whole height and may grow larger (a projector's stage), else they keep a comfortable gap."""
    choose("node quantity", node_qty, NODE_QTY)
    choose("edge quantity", edge_qty, EDGE_QTY)
    names = names or Names()
    fr = frame(tuple(view.layers), max_neurons, view.sizes)
    e = pick_edges(view, edge_qty, fr, max_edges)
    hidden = {"hidden_edges": e.total - len(e.l), "hidden_neurons": sum(view.layers) - sum(fr.shown)}
    box = _box(fr, width, height, font, names, view, lang, fill)
    vals = node_values(view, node_qty, fr)
    nodes, edges = _nodes(view, vals, fr, box, names, digits, dark), _edges(e, names, digits, dark)
    drawn = {item[0] for item in nodes + edges}  # a selection not drawn (stale, or folded away) rings nothing
    return {
        "w": round(width), "h": box["h"], "font": font, "vf": box["vf"], "r": box["r"], "dark": dark,
        "ink": INKS[dark], "page": PAGES[dark], "heads": box["heads"], "names": box["names"],
        "nodes": nodes, "edges": edges,
        "more": [[box["x"][l], box["y"](l, len(fr.idx[l])), f"⋯ (+{n - s})"]
                 for l, (n, s) in enumerate(zip(view.layers, fr.shown)) if n > s],
        "sel": selection if isinstance(selection, str) and selection in drawn else None, "band": highlight,
        "trail": list(trail), "warn": list(warn), "edited": list(edited),
        "phase": [view.phase[0], view.phase[1]], "step": view.step,
        "nsym": [_plain(names.symbols[k]) for k in ("x", "z", "a", "delta", "b")],
        "esym": [_plain(names.symbols[k]) for k in EDGE_QTY], "qty": [node_qty, edge_qty],
        "legend": _legend(node_qty, edge_qty, vals, e, names, digits, dark),
        "note": _note(view, hidden, e.total, lang), "hidden": hidden, "t": _words(lang, view), "pick": pick,
        "motion": motion}


SUB = str.maketrans("0123456789()+-=aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₍₎₊₋₌ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
SUP = str.maketrans("0123456789()+-=in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ⁱⁿ")


def _script(m) -> str:
    """<sub>/<sup> content in Unicode sub- or superscripts, or after _ / ^ where a character has none."""
    table, mark = (SUB, "_") if m.group(1) == "sub" else (SUP, "^")
    inner = m.group(2)
    shifted = inner.translate(table)
    return shifted if all(a != b or a in ", " for a, b in zip(inner, shifted)) else f"{mark}{inner}"


def _plain(s: str) -> str:
    """A notation's HTML (subscripts, superscripts, bold) as plain text: the SVG writes text, not markup."""
    s = re.sub(r"<(sub|sup)>([^<]*)</\1>", _script, str(s))
    return re.sub(r"<[^>]+>", "", s)


def _box(fr, width, height, font, names, view, lang, fill=False) -> dict:
    """Pixel positions and sizes: one column band per layer, slots spaced to use the height but no more
    than a comfortable gap (which narrow bands narrow), neurons as large as their band and slot allow,
    names above them when there is room for a name between two circles (clear of the selection ring)."""
    n, slots = len(fr.slots), max(fr.slots)
    band = (width - 2 * SIDE) / n
    heads = [_head(view, l, lang, names, band, font) for l in range(n)]
    top = font * (1.25 * max(len(h[0]) for h in heads) + 0.8)
    show_names = slots <= LABEL_SLOTS
    # a comfortable gap: at most two of the largest circles the band allows, with a name and some air
    # (a deep network in a phone's narrow bands would otherwise stand 700 px tall with 11 px circles)
    above = RING + (1 + LIFT) * font  # what a name takes above its circle: the ring, the subscripts' room, the text
    roomy = min(12 * font + 20, 4 * 0.32 * band + 2 * font + (above if show_names else 0))
    gap = (height - top - font) / slots if fill else min((height - top - font) / slots, roomy)
    r = max(3.0, min(0.42 * gap, 0.32 * band, (4 if fill else 3.2) * font))
    if show_names:
        r = max(3.0, min(r, (gap - above - RING) / 2))  # a name clear of its own circle's ring and the one above
        show_names = r >= 8
    h = round(top + gap * slots + 0.5 * font)
    x = [round(SIDE + band * (l + 0.5), 1) for l in range(n)]
    mid = (slots - 1) / 2

    def y(l, slot):
        return round(top + gap * (slot - (fr.slots[l] - 1) / 2 + mid + 0.5), 1)
    return {"h": h, "r": round(r, 1), "x": x, "y": y, "heads": [[x[l], *head] for l, head in enumerate(heads)],
            "names": round(RING + LIFT * font, 1) if show_names else 0, "vf": font, "band": band}


def _head(view, l, lang, names, band, font) -> list:
    """The layer's header: [its lines], then, when the short form stands in for a long one wider than the
    band, the long one in a line (which the element's tooltip and screen-reader table read)."""
    long, short = ([_plain(s) for s in _title(view, l, lang, names.layer, s).split("<br>")] for s in (False, True))
    if max(len(line) for line in long) * CHAR * font <= band - 4:
        return [long]
    return [short, " ".join(long)]


def _title(view, l, lang, number, short=False):
    """The header of layer l: its kind, activation and size; short: no activation, the kind abbreviated."""
    L, n, form = len(view.layers) - 1, view.layers[l], "_short" if short else ""
    if l == 0:
        return text(lang, "viz.input" + form, n=n)
    act = view.activations[l - 1]
    if l == L:
        return text(lang, "viz.output" + form, act=act, n=n)
    return text(lang, "viz.hidden" + form, l=number(l), act=act, n=n)


def _hex(rgb: str) -> str:
    """palette.colours' "rgb(r, g, b)" as "#rrggbb"."""
    r, g, b = map(int, rgb[4:-1].split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def _num(v, digits):
    return None if v is None or not math.isfinite(v) else rounded(v, digits)


def _nodes(view, vals, fr, box, names, digits, dark) -> list:
    """Per drawn neuron: id, x, y, fill, text colour, the shown value (None while not computed), its
    name, [x or z, a, delta, b] to `digits` significant digits (None: not computed yet) and, past the
    input layer, its bias's name in the notation (Ng's is a column of Theta, not a b). vals: per layer,
    the colouring value of each drawn neuron (viz.shown.node_values)."""
    M = [sym_max(vals[0]), sym_max(np.concatenate(vals[1:]))]
    out = []
    for l, keep in enumerate(fr.idx):
        m = M[min(l, 1)]
        fills = colours(NODE_SCALE, np.nan_to_num(vals[l]), m)
        inks = text_colours(np.nan_to_num(vals[l]), m)
        for s, j in enumerate(keep):
            v = float(vals[l][s])
            known = np.isfinite(v)
            row = [view.a[0]] if l == 0 else [view.z[l - 1], view.a[l], view.delta[l - 1], view.b[l - 1]]
            out.append([ids.neuron(l, j), box["x"][l], box["y"](l, s), _hex(fills[s]) if known else NOT_YET[dark],
                        ("#ffffff" if inks[s] == "white" else INK) if known else INKS[dark],
                        _num(v, digits), _plain(names.label("neuron", l, j)),
                        [None if arr is None else _num(float(arr[j]), digits) for arr in row]]
                       + ([_plain(names.bias(l, j))] if l else []))
    return out


def _edges(e, names, digits, dark) -> list:
    """Per drawn edge: id, colour, width, sign (-1, 0, 1; None while not computed), its name and [W, dJ/dW,
    update] to `digits` significant digits. Its ends are its neurons' positions (the element looks them up
    by id): a large network's 240 edges would otherwise carry 6 KB of coordinates on every click."""
    thin, thick = WIDTH
    widths = [round(thin + (thick - thin) * abs(b) / K, 1) for b in bins(np.nan_to_num(e.q), e.M, K).tolist()]
    cols = colours(EDGES[dark], np.nan_to_num(e.q), e.M) if len(e.l) else []
    vals = list(zip(*(e.vals[key].tolist() for key in EDGE_QTY)))
    out = []
    for i, (l, j, k, q) in enumerate(zip(e.l.tolist(), e.j.tolist(), e.k.tolist(), e.q.tolist())):
        known = math.isfinite(q)
        out.append([ids.edge(l, j, k), _hex(cols[i]) if known else EDGES[dark][2][1],
                    widths[i] if known else 1.5, ((q > 0) - (q < 0) if known else None),
                    _plain(names.label("edge", l, j, k)), [_num(v, digits) for v in vals[i]]])
    return out


def _legend(node_qty, edge_qty, vals, e, names, digits, dark) -> dict:
    """What the colours mean: each scale's symbol, its ends to `digits` digits and its colours (the
    neurons' scale is that of the layers past the input, which keeps its own)."""
    M = sym_max(np.concatenate(vals[1:]))
    return {"edge": [_plain(names.symbols[edge_qty]), rounded(e.M, digits),
                     [_hex(c) for c in colours(EDGES[dark], np.linspace(-e.M, e.M, 5), e.M)]],
            "node": [_plain(names.symbols[node_qty]), rounded(M, digits),
                     [_hex(c) for c in colours(NODE_SCALE, np.linspace(-M, M, 5), M)]]}


def _note(view, hidden, n_edges, lang) -> str:
    """What a large network's figure leaves out, said under it; "" when it draws everything."""
    if not (hidden["hidden_edges"] or hidden["hidden_neurons"]):
        return ""
    return text(lang, "viz.hidden_note", edges=hidden["hidden_edges"], total_edges=n_edges,
                neurons=hidden["hidden_neurons"], total_neurons=sum(view.layers))


def _words(lang, view) -> dict:
    """The element's own words in the interface's language (the JS fills {fields} in)."""
    keys = ("label", "help", "neuron", "edge", "not_yet", "table", "neurons", "edges", "name", "positive",
            "negative", "pending", "selected", "lines")
    return {k: text(lang, f"fig.{k}") for k in keys} | {"layers": " → ".join(map(str, view.layers))}
