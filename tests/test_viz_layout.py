"""The network element's layout (viz.element): where neurons and headers stand, how large the circles are
and how tall the figure is, at phone, laptop and projector sizes; room for every name and header."""
import pytest

from engine.teach.screen.view import current
from tests.helpers import MAZUR, mazur_at, random_scenario, stepper, view_of
from viz import element
from viz.element import payload

DEEP = [2, 4, 4, 4, 4, 4, 4, 4, 2]


def test_positions_stay_while_the_values_change():
    st = stepper(MAZUR)
    where = []
    for _ in range(4):
        p = payload(current(st), "a", "W")
        where.append(([n[:3] for n in p["nodes"]], [e[0] for e in p["edges"]], p["h"]))
        st.sub_step()
    assert all(w == where[0] for w in where)


@pytest.mark.parametrize("width, font", [(350, 12), (640, 14), (1000, 22)])
def test_labels_fit_between_the_circles_and_headers_within_their_band(width, font):
    _, view = mazur_at(3)
    p = payload(view, width=width, height=520, font=font)
    ys = sorted({n[2] for n in p["nodes"] if n[0].startswith("n1_")})
    gap = ys[1] - ys[0]
    if p["names"]:  # a name's baseline stands p["names"] px above its circle, clear of the ring; the circle
        # above, with its ring, ends before the name's text (a font high) begins
        assert p["names"] >= element.RING + 0.25 * font  # room for the subscripts below the baseline
        assert gap - 2 * p["r"] - p["names"] - font >= element.RING - 0.1  # positions are rounded to 0.1 px
    else:
        assert gap >= 2 * p["r"] + 10
    band = p["heads"][1][0] - p["heads"][0][0]
    assert all(len(line) * element.CHAR * font <= band for h in p["heads"] for line in h[1])
    assert all(0 < n[1] - p["r"] and n[1] + p["r"] < width for n in p["nodes"])
    assert all(n[2] + p["r"] < p["h"] for n in p["nodes"])


def test_positions_depend_only_on_the_layer_sizes():
    st, first = mazur_at(1)
    st.run(3)
    other = current(stepper(random_scenario([2, 2, 2], "relu", "squared_error", "linear", seed=5)))
    drawn = [payload(v, *q) for v, q in ((first, ("a", "W")), (current(st), ("delta", "update")), (other, ("z", "dW")))]
    where = [([n[:3] for n in p["nodes"]], [h[0] for h in p["heads"]], p["h"], p["r"]) for p in drawn]
    assert where[1] == where[0] and where[2] == where[0]
    p = payload(view_of(random_scenario([2, 3, 2], "tanh", "squared_error", "linear")))
    x = [h[0] for h in p["heads"]]
    assert x == sorted(x) and len(set(x)) == 3  # layers left to right
    y = {n[0]: n[2] for n in p["nodes"]}
    assert y["n1_0"] < y["n1_1"] < y["n1_2"]  # neuron 0 on top
    assert y["n1_1"] == pytest.approx((y["n0_0"] + y["n0_1"]) / 2, abs=0.1)  # layers centred on one another


@pytest.mark.parametrize("width, font", [(330, 12), (560, 14), (1100, 19)])
def test_a_deep_networks_headers_and_neurons_fit_their_layer_band(width, font):
    st = stepper(random_scenario(DEEP, "sigmoid", "squared_error", "sigmoid"))
    st.step()
    p = payload(current(st), width=width, height=700, font=font)
    band = (width - 2 * element.SIDE) / len(DEEP)
    assert len(p["heads"]) == len(DEEP) and p["font"] == font
    assert all(len(line) * element.CHAR * font <= band for h in p["heads"] for line in h[1])
    assert p["r"] <= 0.32 * band + 0.05  # positions and sizes are rounded to 0.1 px
    column = [h[0] for h in p["heads"]]
    assert all(n[1] == column[int(n[0][1:].split("_")[0])] for n in p["nodes"])  # each neuron under its header


def test_headers_shorten_when_the_long_form_does_not_fit():
    st = stepper(random_scenario(DEEP, "sigmoid", "squared_error", "sigmoid"))
    assert payload(current(st), width=560, font=14)["heads"][1][1:] == [["h1", "(4)"], "hidden 1 sigmoid (4)"]
    wide = payload(view_of(random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid")), width=900, font=14)
    assert wide["heads"][1][1:] == [["hidden 1", "sigmoid (3)"]]  # whole: nothing to add


def test_the_height_is_what_the_neurons_use():
    _, view = mazur_at(0)
    p = payload(view, height=600)
    assert p["h"] < 600 and p["r"] >= 20  # two neurons a layer cannot use 600 px: the figure is no taller
    tall = view_of(random_scenario([3, 8, 8, 2], "sigmoid", "squared_error", "sigmoid"))
    for fill in (False, True):  # a projector's stage spreads them over its whole height
        p = payload(tall, width=1100, height=900, font=19, fill=fill)
        assert 900 - 19 <= p["h"] <= 900 and all(n[2] + p["r"] < p["h"] for n in p["nodes"])


def test_narrow_bands_narrow_the_gap_so_a_deep_network_on_a_phone_is_not_needlessly_tall():
    st = stepper(random_scenario(DEEP, "sigmoid", "squared_error", "sigmoid"))
    st.step()
    phone, desk = (payload(current(st), width=w, height=700, font=12) for w in (330, 1100))
    assert phone["r"] < 12 and phone["h"] <= 440  # 11 px circles: 694 px tall before, mostly gaps
    ys = sorted({n[2] for n in phone["nodes"] if n[0].startswith("n1_")})
    assert ys[1] - ys[0] >= 2 * phone["r"] + phone["names"] + 12 + element.RING  # still room for a name between two circles
    assert desk["h"] == 694  # wide bands keep the gap they had
