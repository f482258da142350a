"""The network figure's colour bars, drawn as columns of coloured squares with their range written
beside them, on an axis pair of their own at the figure's right edge.

Plotly's own colour bars are laid out again on every update, and the Step page updates its figure on
every click: two of them took about a sixth of a click (bench/click.py). A strip is two plain traces.
"""
import numpy as np

from engine.text.numformat import rounded
from viz.neurons import plain_scatter
from viz.palette import colours

BLOCKS = 13  # squares in a strip: the edges' 2K+1 colour bins, one square each
X = 0.2  # where a strip stands on its 0..1 axis; its numbers go to the right
EDGES = (0.9, 0.56)  # top and bottom of the edges' strip, as a share of the plot's height
NODES = (0.4, 0.06)  # the same for the neurons' strip
TICK_DIGITS = 3  # a colour reads to a couple of digits at best, and the strip's column is narrow


def axes(start: float) -> dict:
    """The layout entries of the strips' own axis pair (invisible, fixed), right of `start` (a
    share of the plot's width)."""
    fixed = dict(visible=False, fixedrange=True, range=[0, 1])
    return {"xaxis2": dict(fixed, domain=[start, 1.0], anchor="y2"), "yaxis2": dict(fixed, anchor="x2")}


def strip(scale, M: float, title: str, span, plot_px: float, name: str, font: int, ink) -> list:
    """A scale from +M (top) to -M (bottom) as squares coloured like the drawing, with +M, 0 and -M
    written beside them in ink (a palette.Inks) and the title above. The trace `name` carries the range
    in its meta."""
    top, bottom = span
    ys = np.linspace(top, bottom, BLOCKS)
    values = np.linspace(M, -M, BLOCKS)
    side = min((top - bottom) * plot_px / (BLOCKS - 1), 1.6 * font)
    ticks = {0: rounded(M, TICK_DIGITS), BLOCKS // 2: "0", BLOCKS - 1: rounded(-M, TICK_DIGITS)}
    common = dict(xaxis="x2", yaxis="y2", hoverinfo="skip", showlegend=False, cliponaxis=False,
                  textfont=dict(size=font - 1, color=ink.ink))
    squares = plain_scatter(x=[X] * BLOCKS, y=ys.tolist(), mode="markers+text", name=name,
                            marker=dict(symbol="square", size=side, color=colours(scale, values, M), line=dict(width=0)),
                            text=[ticks.get(i, "") for i in range(BLOCKS)], textposition="middle right",
                            meta=dict(cmin=-M, cmax=M), **common)
    head = plain_scatter(x=[X], y=[top + 0.6 * side / plot_px], mode="text", text=[title], name=f"{name}_title",
                         textposition="top center", **common)
    return [squares, head]
