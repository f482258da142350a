"""Axis ticks shared by every chart, set explicitly so that what plotly.js would pick cannot mislead:

- percentages run 0..100 % in even steps (an overlaying axis would otherwise sync its ticks to the
  other axis's grid: 16 %, 35 %, 53 %);
- log axes have a tick at powers of ten only, written 10⁻³ (plotly labels minor ticks "2 … 9" on a
  short range, and its default SI prefixes read "100µ", "10n"), and stop at a stated FLOOR: a deep
  ReLU net's norms reach 1e-147 or exactly 0, which would stretch the axis over 150 decades;
- index axes (steps, neurons) have whole-number ticks only, never "0.5 neurons".
"""
import math

import numpy as np

from engine.text.i18n import text
from viz.palette import MID

FLOOR = 1e-12  # log axes stop here; smaller values (and exact zeros) are drawn on this line
PERCENT_TICKS = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
PERCENT_PAD = 0.03  # beyond 0 and 100 %, so a curve at either end is not cut by the frame
DECADE_PAD = 0.15  # decades beyond the outermost ticks of a log axis: markers on the floor stay whole
MAX_TICKS = 8  # labelled ticks at most on an axis: wider steps beyond
NICE = (1, 2, 5)  # index steps are these times a power of ten
NUMERIC = dict(exponentformat="power")  # 1×10⁻⁵ on a plain numeric axis, not plotly's "10µ"


def power_of_ten(n: int) -> str:
    """10ⁿ as written on a log axis (a superscript tag: Unicode's superscript digits are too small to
    read at tick size); 1 and 10 plainly."""
    return {0: "1", 1: "10"}.get(n, f"10<sup>{str(n).replace('-', '−')}</sup>")


def percent_axis() -> dict:
    """A 0..100 % axis for fractions 0..1 with a tick every 20 %."""
    return dict(range=[-PERCENT_PAD, 1 + PERCENT_PAD], tickmode="array", tickvals=PERCENT_TICKS, tickformat=".0%")


def _nice_step(span: float, unit: int) -> int:
    """The smallest multiple of unit of the form 1, 2 or 5 times a power of ten that leaves at most
    MAX_TICKS ticks over span (its ends rounded out to whole steps)."""
    power = 1
    while True:
        for nice in NICE:
            step = nice * power * unit
            if math.ceil(span / step) < MAX_TICKS:
                return step
        power *= 10


def index_axis(lo: int, hi: int, unit: int = 1, base: int = 0) -> dict:
    """Ticks at whole indices lo..hi only, each a multiple of unit (a pooled heat map's block), drawn
    where the data puts index + base and labelled so (a notation that counts neurons from 1)."""
    step = _nice_step(max(hi - lo, 0), unit)
    vals = [v + base for v in range(-(-lo // step) * step, hi + 1, step)]
    return dict(tickmode="array", tickvals=vals, ticktext=[f"{v:,}" for v in vals])


def floored(values, floor: float = FLOOR):
    """(values with every one below floor, zeros included, raised to it; mask of the exact zeros).
    NaN (not logged) stays NaN."""
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(v < floor, floor, v), v == 0


def log_axis(values, floor: float = FLOOR) -> dict:
    """A log axis over the values' decades, at most down to floor: ticks at powers of ten (every
    second or fifth one over a long range), the range padded to whole decades beyond them."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    bottom = math.floor(math.log10(floor))
    lo = math.floor(math.log10(v.min())) if v.size and v.min() > 0 else bottom
    hi = math.ceil(math.log10(v.max())) if v.size and v.max() > 0 else 0
    lo = max(lo, bottom)
    hi = max(hi, lo + 1)  # two labelled ticks at least
    step = _nice_step(hi - lo, 1)
    top = lo + -(-(hi - lo) // step) * step
    decades = range(lo, top + 1, step)
    return dict(type="log", range=[lo - DECADE_PAD, top + DECADE_PAD], tickmode="array",
                tickvals=[10.0 ** n for n in decades], ticktext=[power_of_ten(n) for n in decades])


def floor_note(fig, lang: str, floor: float = FLOOR):
    """A dotted line at the floor, and above the plot (where no mark on the line covers them) the
    words saying what is drawn on it."""
    fig.add_hline(y=floor, line=dict(color=MID, width=1.5, dash="dot"))
    # the note takes the page's text colour (Streamlit's theme sets it, light or dark)
    fig.add_annotation(xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom", showarrow=False,
                       text=text(lang, "curve.floor_note", floor=power_of_ten(round(math.log10(floor)))))
