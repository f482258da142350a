"""The network figure for a projector: every size of viz.network.spec scaled by one factor.

Text, markers, outlines and edge widths grow together, so a number that fits inside its neuron at
the Step page's size still fits (viz.neurons decides that from the font and the marker alike). The
height is left out: the presenter view's CSS gives the figure the viewport's height and plotly fills it.
"""
import copy
from numbers import Number

INKS = {False: "#000000", True: "#ffffff"}  # high contrast: black text on white, white on a dark page
SCALED = {"font": ("size",), "textfont": ("size",), "marker": ("size",), "line": ("width",)}


def _times(value, factor):
    if isinstance(value, Number) and not isinstance(value, bool):
        return value * factor
    if isinstance(value, list):
        return [_times(v, factor) for v in value]
    return value


def _scale(obj, factor, parent=None):
    """Scale, in place, every size and width found under a font, text font, marker or line."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in SCALED.get(parent, ()):
                obj[key] = _times(value, factor)
            else:
                _scale(value, factor, key)
    elif isinstance(obj, list):
        for item in obj:
            _scale(item, factor, parent)


def enlarge(spec: dict, factor: float, dark: bool = False) -> dict:
    """A copy of a figure spec (viz.network.spec) with every size times factor, no fixed height
    (autosized), its text in the strongest ink for the page (a spec drawn with dark=True for a dark
    page). A copy: a spec may hold module constants every session shares (its template)."""
    out = copy.deepcopy(spec)
    _scale(out["data"], factor)
    layout = out["layout"]
    _scale(layout, factor)
    layout.pop("height", None)
    layout["autosize"] = True
    layout["margin"] = {k: v * factor for k, v in layout["margin"].items()}
    layout["font"]["color"] = INKS[dark]
    return out
