"""Every palette the figures use stays readable for normal, deuteranope and protanope eyes (simulated
after Machado et al. 2009 at full severity, tests/vision.py), on a white and on a dark page.

Thresholds (CIEDE2000; about 2.3 is a just-noticeable difference):
- LINES = 12: two lines, marks or classes that must be told apart, and each against the page;
- ZERO = 10: the edge scale's zero (a thin grey line) against the page;
- STRONG = 20: the edge scale's strongest colours against the page and against each other (the sign).
"""
import re
from pathlib import Path

import numpy as np
import pytest

from tests.helpers import mazur_at
from tests.vision import MACHADO, ciede2000, closest, difference, rgb
from viz import curves, element, palette
from viz.element import EDGES, INKS, NOT_YET, PAGES as PAGE, payload

LINES, ZERO, STRONG = 12.0, 10.0, 20.0
VISIONS = list(MACHADO)
PAGES = (PAGE[False], PAGE[True])
CSS = Path(__file__).resolve().parent.parent / "ui" / "figure" / "assets" / "element.css"


def mark_colours(dark: bool) -> list:
    """The network element's trail, warning and edit marks (ui/figure's CSS variables) as they stand on
    its page: the trail's translucent gold laid over it."""
    css = CSS.read_text(encoding="utf-8")
    found = {}
    for rule in (r"\.bp-fig \{", r"\.bp-fig\.bp-dark \{")[:1 + dark]:
        block = re.search(rule + r"([^}]*)\}", css).group(1)
        found |= dict(re.findall(r"--bp-(\w+):\s*([^;]+);", block))
    *halo, alpha = (float(v) for v in re.findall(r"[\d.]+", found["halo"]))
    laid = alpha * np.array(halo) / 255 + (1 - alpha) * rgb(PAGE[dark])
    return ["#" + "".join(f"{round(255 * c):02x}" for c in laid), found["warn"].strip(), found["changed"].strip()]


@pytest.mark.parametrize("lab1, lab2, want", [  # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7, 17, 34
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082)])
def test_the_colour_difference_is_ciede2000(lab1, lab2, want):
    assert ciede2000(lab1, lab2) == pytest.approx(want, abs=1e-4)


def test_the_checker_rejects_red_against_green():
    """A red/green pair reads apart with normal eyes and collapses for a deuteranope: the check can fail."""
    red, green = "#d62728", "#2ca02c"  # plotly's default red and green
    assert difference(red, green, "normal") > 40
    assert difference(red, green, "deuteranopia") < LINES


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("n", range(2, 9))
def test_per_layer_lines_stay_apart(vision, n):
    """The gradient-norm chart's first n layers' lines: apart from each other and from either page."""
    fig = curves.grad_norms([1, 2, 3], [[1.0 + l for l in range(n)]] * 3, "en")
    lines = [t.line.color for t in fig.data if t.mode and "lines" in t.mode]
    assert len(lines) == n
    gap, pair = closest(lines, vision, PAGES)
    assert gap >= LINES, f"{vision}: {pair} differ by {gap:.1f}"


@pytest.mark.parametrize("vision", VISIONS)
def test_class_colours_stay_apart(vision):
    gap, pair = closest(curves.CLASS_COLOURS, vision)
    assert gap >= LINES, f"{vision}: {pair} differ by {gap:.1f}"


@pytest.mark.parametrize("vision", VISIONS)
def test_loss_curve_lines_and_marks_stay_apart(vision):
    """Train (blue), test (orange), an earlier run (grey) and the zero marks on the floor (MID); the
    gradient check's agreeing and differing points; the network element's trail, warning and edit marks,
    each on its own page."""
    for group in ([curves.BLUE, curves.ORANGE, curves.EARLIER], [palette.MID]):
        gap, pair = closest(group, vision, PAGES)
        assert gap >= LINES, f"{vision}: {pair} differ by {gap:.1f}"
    for dark in (False, True):
        gap, pair = closest(mark_colours(dark), vision, [PAGE[dark]])
        assert gap >= LINES, f"{vision}, dark {dark}: {pair} differ by {gap:.1f}"
    assert difference(curves.ORANGE, curves.BLUE, vision) >= STRONG  # the two ends of the diverging surface


def _ends(scale):
    return scale[0][1], scale[-1][1]


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_edge_scale_reads_on_its_page(vision, dark):
    """Zero's grey stays visible on the page, the strongest edges stand out from it, and the two signs
    differ at full strength (their dashes tell them apart too)."""
    page, scale = PAGE[dark], EDGES[dark]
    zero = dict(scale)[0.5]
    neg, pos = _ends(scale)
    assert difference(zero, page, vision) >= ZERO
    assert min(difference(c, page, vision) for c in (neg, pos)) >= STRONG
    assert difference(neg, pos, vision) >= STRONG
    assert difference(INKS[dark], page, vision) >= STRONG and difference(NOT_YET[dark], page, vision) > 2.3


def test_the_light_edge_scale_would_vanish_on_a_dark_page():
    """Why a dark page needs its own edge scale: PuOr's dark purple end melts into it."""
    assert difference(EDGES[False][-1][1], PAGE[True], "normal") < STRONG


@pytest.mark.parametrize("vision", VISIONS)
def test_node_scale_ends_differ(vision):
    lo, hi = _ends(palette.pairs(palette.NODE_SCALE))
    assert difference(lo, hi, vision) >= STRONG


def test_a_dark_figure_draws_with_the_dark_inks():
    """The network element for a dark page: its light ink and the dark edge scale, on edges and legend."""
    _, view = mazur_at(0)
    p = payload(view, dark=True)
    assert p["dark"] is True and (p["ink"], p["page"]) == (INKS[True], PAGE[True])
    M = float(p["legend"]["edge"][1])
    assert p["legend"]["edge"][2] == [element._hex(c) for c in palette.colours(EDGES[True], np.linspace(-M, M, 5), M)]
    assert [e[1] for e in p["edges"]] == [element._hex(c) for c in palette.colours(
        EDGES[True], [float(e[5][0]) for e in p["edges"]], M)]  # Mazur's weights: exact to 3 digits
    assert p["legend"]["edge"][2] != payload(view)["legend"]["edge"][2]
