"""The network figure's sizes follow the pixels it gets: fonts, neurons, headers and the height."""
import pytest

from engine.teach.view import current
from tests.helpers import random_scenario, stepper
from viz.fit import text_px, wrap
from viz.network import Look, figure

DEEP = [2, 4, 4, 4, 4, 4, 4, 4, 2]


def drawn(layers, **size):
    st = stepper(random_scenario(layers, "sigmoid", "squared_error", "sigmoid"))
    st.step()
    return figure(current(st), look=Look(**size))


def neurons(fig):
    return next(t for t in fig.data if t.name == "neurons")


@pytest.mark.parametrize("width,font", [(330, 12), (560, 14), (1100, 19)])
def test_deep_network_headers_and_neurons_fit_their_layer_band(width, font):
    fig = drawn(DEEP, width=width, height=700, font=font)
    plot = width - fig.layout.margin.l - fig.layout.margin.r
    band = plot * fig.layout.xaxis.domain[1] / len(DEEP)
    heads = [a for a in fig.layout.annotations if a.xref == "x"]
    assert len(heads) == len(DEEP)
    assert all(text_px(a.text, a.font.size) <= band for a in heads)
    assert neurons(fig).marker.size <= 0.62 * band
    assert fig.layout.font.size == font


def test_compact_headers_keep_the_whole_title_on_hover():
    fig = drawn(DEEP, width=560, height=560, font=14)
    heads = [a for a in fig.layout.annotations if a.xref == "x"]
    assert heads[1].text == "h1<br>(4)" and heads[1].hovertext == "hidden 1 sigmoid (4)"
    wide = drawn([2, 3, 2], width=900, height=560, font=14)
    assert wide.layout.annotations[1].text == "hidden 1<br>sigmoid (3)"


def test_numbers_stay_inside_their_neurons_or_are_left_to_the_hover():
    small = neurons(drawn(DEEP, width=330, height=600, font=12))
    assert small.mode == "markers" and small.hovertext  # too small to read: hover only
    big = neurons(drawn([2, 3, 2], width=900, height=700, font=19))
    assert big.textposition == "middle center"
    assert max(text_px(v, big.textfont.size) for v in big.text) <= big.marker.size


def test_height_grows_with_the_screen_and_shrinks_when_neurons_cannot_use_it():
    tall = drawn([3, 8, 8, 2], width=1100, height=900, font=19)
    assert tall.layout.height == 900
    deep_phone = drawn(DEEP, width=330, height=700, font=12)
    assert deep_phone.layout.height < 500


def test_wrap_breaks_at_spaces_within_the_width():
    text = wrap("not drawn: 100 of 1000 edges, 20 of 900 neurons (whole layers: heat maps below)", 200, 13)
    assert all(text_px(line, 13) <= 200 for line in text.split("<br>"))
