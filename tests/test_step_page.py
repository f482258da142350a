"""The Step page's panels: the current sample from the start, names in the chosen notation, the
chosen significant digits with exact values on hover (AppTest)."""
import json
import re

from tests.test_pages import button, fresh


def figure_of(at, key="step_fig"):
    return json.loads(next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("-" + key)))


def named_trace(fig, name):
    return next((t for t in fig["data"] if t.get("name") == name), None)


def markdown_with(at, text):
    return next(m.value for m in at.markdown if text in m.value)


def hovered(text) -> dict:
    """Shown value -> exact value of every number carrying its exact value on hover."""
    return dict((shown, exact) for exact, shown in re.findall(r'<span title="([^"]+)">([^<]+)</span>', text))


def test_the_sample_the_first_step_will_use_is_shown_before_it_starts():
    at = fresh("step")
    panel = markdown_with(at, "Sample of the next step")
    assert "#0" in panel and hovered(panel) == {"0.05": "0.05", "0.1": "0.1", "0.01": "0.01", "0.99": "0.99"}
    neurons = named_trace(figure_of(at), "neurons")
    text = dict(zip(neurons["customdata"], neurons["text"]))
    assert (text["n0_0"], text["n0_1"]) == ("0.05", "0.1")
    button(at, "step_fwd").click().run()
    assert "Current sample" in markdown_with(at, "#0")
