"""A figure's axes checked against what their kind needs to read right (the ticks plotly.js would pick
misled: uneven percentages, minor log labels "2 … 9", SI prefixes "10µ", half neurons).

check_axes(fig, xaxis="index", yaxis="log", ...) names the kind of every visible axis; an axis left
unnamed fails, so an axis added to a builder is checked too. Kinds:
- "percent": 0..100 % in even steps, the range reaching 0 and 100 %;
- "log": ticks at powers of ten only, each labelled, the range floored at viz.ticks.FLOOR and
  holding every value drawn on it;
- "index": ticks at whole numbers only, labelled with whole numbers;
- "tiles": tiles labelled with whole numbers (digit images: a tick at each tile's centre);
- "numeric": a plain number axis written 1×10⁻⁵, never with SI prefixes ("10µ").
"""
import math
import re

import numpy as np

from viz.ticks import FLOOR

PLAIN = ("power", "e", "E")  # exponent formats a student reads; plotly's default "B" writes 10µ, 2G
FLOOR_SLACK = 0.5  # decades the range may reach below the floor line: room for the marks on it


def _whole(label) -> bool:
    return re.fullmatch(r"\D*?-?[\d,]+", str(label).strip()) is not None


def _percent(name, ax, fig):
    assert ax.tickformat and ax.tickformat.endswith("%"), f"{name}: not written as a percentage"
    vals = np.asarray(ax.tickvals, dtype=float)
    assert vals.size >= 3 and vals[0] == 0 and vals[-1] == 1, f"{name}: ticks {ax.tickvals} are not 0 .. 100 %"
    assert np.allclose(np.diff(vals), vals[1] - vals[0]), f"{name}: uneven ticks {ax.tickvals}"
    assert ax.range is not None and ax.range[0] <= 0 and ax.range[1] >= 1, f"{name}: range {ax.range} cuts 0 or 100 %"


def _drawn(fig, name) -> np.ndarray:
    """Every y value drawn against the axis `name` (yaxis, yaxis2, ...)."""
    ref = "y" + name[len("yaxis"):]
    ys = [np.asarray(t.y, dtype=float) for t in fig.data if (t.yaxis or "y") == ref and t.y is not None]
    return np.concatenate(ys) if ys else np.array([])


def _log(name, ax, fig):
    assert ax.dtick is None or not str(ax.dtick).startswith("D"), f"{name}: minor ticks labelled ({ax.dtick})"
    assert ax.tickmode == "array" and ax.tickvals, f"{name}: plotly picks the ticks (and labels minor ones)"
    powers = np.log10(np.asarray(ax.tickvals, dtype=float))
    assert np.allclose(powers, np.round(powers)), f"{name}: ticks {ax.tickvals} not at powers of ten"
    assert ax.ticktext and len(ax.ticktext) == len(ax.tickvals), f"{name}: ticks without their labels"
    assert ax.range is not None, f"{name}: no range: it stretches to the smallest value"
    assert ax.range[0] >= math.log10(FLOOR) - FLOOR_SLACK, f"{name}: range {ax.range} below the floor {FLOOR}"
    ys = _drawn(fig, name)
    ys = ys[np.isfinite(ys)]
    assert ys.size == 0 or (np.log10(ys.min()) >= ax.range[0] and np.log10(ys.max()) <= ax.range[1]), \
        f"{name}: values {ys.min()} .. {ys.max()} drawn outside the range {ax.range}"


def _index(name, ax, fig):
    assert ax.tickmode == "array" and ax.tickvals is not None, f"{name}: plotly picks ticks (0.5, 1.5 ...)"
    vals = np.asarray(ax.tickvals, dtype=float)
    assert np.array_equal(vals, np.round(vals)), f"{name}: ticks between whole indices: {ax.tickvals}"
    _tiles(name, ax, fig)


def _tiles(name, ax, fig):
    labels = ax.ticktext if ax.ticktext is not None else ax.tickvals
    assert labels is not None and all(_whole(v) for v in labels), f"{name}: labels {labels} are not whole numbers"


def _numeric(name, ax, fig):
    assert ax.exponentformat in PLAIN, f"{name}: exponent format {ax.exponentformat!r} writes SI prefixes (10µ)"


RULES = {"percent": _percent, "log": _log, "index": _index, "tiles": _tiles, "numeric": _numeric}


def check_axes(fig, **kinds):
    """Assert every visible axis of fig reads right for the kind named for it."""
    layout = fig.layout
    names = [k for k in layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)] + ["xaxis", "yaxis"]
    for name in dict.fromkeys(names):
        ax = layout[name]
        if ax.visible is False:
            continue
        assert name in kinds, f"{name} is visible but its kind was not named"
        RULES[kinds[name]](name, ax, fig)
