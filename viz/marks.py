"""Marks laid over the network figure: the paths of a selected weight (gold halo), diagnosed units
(red rings), and the values an edit changed (blue diamonds on neurons and edges).

Each mark takes ids as the figure's customdata spells them ("n{l}_{j}", "e{l}_{j}_{k}") and draws only
what the figure draws; each is one trace with a name, so a test can find it.
"""
from dataclasses import dataclass

from engine.teach.ids import parse
from viz.neurons import plain_scatter

TRAIL = "#E69F00"  # Okabe-Ito orange-gold: the paths from a selected weight to the loss
WARN = "#D55E00"  # Okabe-Ito vermillion: saturated or dead units
CHANGED = "#0072B2"  # Okabe-Ito blue: values an edit changed
EDGE_MARK = 17  # px of the diamond around a changed edge's marker (11 px)
GLYPH = 18  # px of the diamond beside a changed neuron


@dataclass(frozen=True)
class Marks:
    """What the network figure marks besides its values (viz.network.spec)."""
    selection: str | None = None  # a neuron or edge id, drawn with a dark ring or outline
    highlight: int | None = None  # the layer just computed, drawn on a band with its incoming edges
    trail: tuple = ()  # edge ids with a gold halo: the paths from a selected weight to the loss
    warn: tuple = ()  # neuron ids ringed in red (diagnostics)
    edited: tuple = ()  # neuron and edge ids an edit changed, marked with blue diamonds


def _drawn(fr, l, j):
    return fr.slot(l, j) is not None


def _edges(ids, fr):
    ends = [p[1:] for p in map(parse, ids) if p and p[0] == "e"]
    return [(l, j, k) for l, j, k in ends if _drawn(fr, l, j) and _drawn(fr, l - 1, k)]


def _neurons(ids, fr):
    return [p[1:] for p in map(parse, ids) if p and p[0] == "n" and _drawn(fr, *p[1:])]


def halo(trail, fr):
    """A wide gold line under each edge of the trail whose two neurons are drawn."""
    ends = _edges(trail, fr)
    if not ends:
        return []
    xs = [v for l, j, k in ends for v in (fr.x[l - 1], fr.x[l], None)]
    ys = [v for l, j, k in ends for v in (fr.at(l - 1, k), fr.at(l, j), None)]
    return [plain_scatter(x=xs, y=ys, mode="lines", line=dict(color=TRAIL, width=16), opacity=0.55,
                          hoverinfo="skip", showlegend=False, name="trail")]


def warnings(warn, fr, size):
    """A red ring around each flagged neuron that is drawn."""
    spots = _neurons(warn, fr)
    if not spots:
        return []
    return [plain_scatter(x=[fr.x[l] for l, _ in spots], y=[fr.at(l, j) for l, j in spots], mode="markers",
                          hoverinfo="skip", showlegend=False, name="warnings",
                          marker=dict(symbol="circle-open", size=size + 8, color=WARN, line=dict(width=3)))]


def changed(ids, fr, size, along):
    """A blue diamond beside each changed neuron, on its left where nothing else is written (its name
    is above it, its value inside or to its right), and one around each changed edge's marker, at the
    point `along` its length from the sending end (where the edge's clickable marker sits).

    A neuron's diamond is a text glyph anchored to an invisible marker of the neuron's size, so plotly
    sets it just outside the circle in pixels, whatever the figure's width."""
    spots = [(fr.x[l], fr.at(l, j), size, 0.0, "◆") for l, j in _neurons(ids, fr)]
    spots += [((1 - along) * fr.x[l - 1] + along * fr.x[l], (1 - along) * fr.at(l - 1, k) + along * fr.at(l, j),
               EDGE_MARK, 1.0, "") for l, j, k in _edges(ids, fr)]
    if not spots:
        return []
    x, y, sizes, opacity, glyphs = map(list, zip(*spots))
    return [plain_scatter(x=x, y=y, mode="markers+text", hoverinfo="skip", showlegend=False, name="changed",
                          text=glyphs, textposition="middle left", textfont=dict(color=CHANGED, size=GLYPH),
                          marker=dict(symbol="diamond-open", size=sizes, opacity=opacity, color=CHANGED,
                                      line=dict(width=2.5)))]
