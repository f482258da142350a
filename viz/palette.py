"""Colours shared by the figures: one colour-blind-safe diverging family (PuOr); numbers are written by
engine.text.numformat. The network element's edge colours, light and dark, are its own (viz.element.EDGES).

Negative values are brown/orange, positive ones purple (ColorBrewer PuOr, safe for the common
colour-vision deficiencies); every range is symmetric about zero so the neutral colour means 0.
"""
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import hex_to_rgb, unlabel_rgb

NODE_SCALE = "PuOr"  # neurons and matrices: white-ish centre, read against a dark marker outline
INK = "#222222"  # text on a light fill
NO_TEMPLATE = pio.templates["none"].to_plotly_json()  # template="none" as validation spells it out
MID = "#8c8c8c"  # marks that must read on a white and on a dark page alike (WCAG 3.4:1 and 5.4:1)
FONT = 14  # px of figure text: readable on a 1280x800 projector
DARK_TEXT_ABOVE = 0.6  # |value| / range beyond which a PuOr fill is dark enough for white text


def sym_max(values) -> float:
    """The half-width M of a symmetric colour range [-M, M]: max |value|, 1 when all are 0 or absent."""
    arr = np.abs(np.asarray(values, dtype=float))
    arr = arr[np.isfinite(arr)]
    m = float(arr.max()) if arr.size else 0.0
    return m if m > 0 else 1.0


def unit(values, M: float) -> np.ndarray:
    """Values mapped onto a colour scale's 0..1 with 0 at the centre."""
    return np.clip(0.5 + 0.5 * np.asarray(values, dtype=float) / M, 0.0, 1.0)


@lru_cache(maxsize=8)
def pairs(scale) -> tuple:
    """A colour scale (a name or (position, colour) pairs) as the (position, "rgb(...)") pairs plotly's
    validation makes of it, which plotly.js draws (it knows no "PuOr"). Worked out once per scale."""
    spec = scale if isinstance(scale, str) else [list(p) for p in scale]
    return tuple(tuple(p) for p in go.scatter.Marker(colorscale=spec).to_plotly_json()["colorscale"])


@lru_cache(maxsize=8)
def _stops(scale):
    """Positions and 0..255 RGB of a scale's stops, for interpolating many values at once."""
    pos = np.array([p for p, _ in pairs(scale)])
    rgb = np.array([hex_to_rgb(c) if c.startswith("#") else unlabel_rgb(c) for _, c in pairs(scale)], dtype=float)
    return pos, rgb


def colours(scale, values, M) -> list:
    """"rgb(r, g, b)" of each value on the scale, linear between its stops (as plotly samples a
    scale), in one numpy pass: a figure colours hundreds of edges and neurons on every rerun."""
    if not len(values):
        return []
    pos, rgb = _stops(scale)
    u = unit(values, M)
    channels = np.rint(np.stack([np.interp(u, pos, rgb[:, c]) for c in range(3)], axis=1)).astype(int)
    return [f"rgb({r}, {g}, {b})" for r, g, b in channels.tolist()]


def text_colours(values, M: float) -> list:
    """White on the dark ends of the node scale, ink elsewhere."""
    dark = np.abs(np.asarray(values, dtype=float)) / M > DARK_TEXT_ABOVE
    return np.where(dark, "white", INK).tolist()


def bins(values, M: float, K: int) -> np.ndarray:
    """Signed bin -K..K of each value: |bin| never decreases as |value| grows (half rounds away from 0)."""
    v = np.asarray(values, dtype=float)
    return (np.sign(v) * np.minimum(np.floor(np.abs(v) / M * K + 0.5), K)).astype(int)

