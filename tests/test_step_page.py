"""The Step page's panels: the current sample from the start, names in the chosen notation, the
chosen significant digits with exact values on hover (AppTest)."""
import json

import pytest

from tests.apptest import button, fresh, hovered, markdown_with, mazur, seed_edit, shown
from ui import figure
from ui.session import keys


def test_the_sample_the_first_step_will_use_is_shown_before_it_starts():
    at = fresh("step")
    panel = markdown_with(at, "Sample of the next step")
    assert "#0" in panel and hovered(panel) == {"0.05": "0.05", "0.1": "0.1", "0.01": "0.01", "0.99": "0.99"}
    text = shown(at)
    assert (text["n0_0"], text["n0_1"]) == ("0.05", "0.1")
    button(at, "step_fwd").click().run()
    assert "Current sample" in markdown_with(at, "#0")


def test_the_sidebar_digits_apply_to_panel_inspector_paths_and_change_list():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e1_0_0"  # his w1
    at.number_input(key="side_digits").set_value(6).run()
    panel = hovered(markdown_with(at, "**Weight**"))
    assert float(panel["0.149781"]) == pytest.approx(0.149780716, abs=1e-9)  # his updated w1, to 6 digits
    assert any("0.000438568" in x.body for x in at.latex)  # dE/dw1 in the inspector
    assert any(r"\sigma'" in x.body and "0.241301" in x.body for x in at.latex)  # out_h1 (1 - out_h1) on a path
    seed_edit(at, "step_edit_x", {"x_0": 0.5})
    button(at, "step_edit_apply").click().run()
    moved = hovered(markdown_with(at, "on screen (before → after)"))
    assert float(moved["0.00877135"]) == pytest.approx(0.000438568 / 0.05, abs=2e-8)  # delta_h1 before the edit
    at.number_input(key="side_digits").set_value(3).run()
    assert "0.00877" in hovered(markdown_with(at, "on screen (before → after)"))


def test_the_figure_goes_to_the_browser_as_compact_utf8_json():
    at = fresh("step")
    at.selectbox(key="side_lang").set_value("zh").run()  # Chinese headers: Streamlit's own JSON escapes each
    sent = next(e.proto for e in at.get("bidi_component") if e.proto.id.endswith("-step_fig"))
    data = figure.decode(sent.bytes)
    assert not sent.json and sent.bytes == figure.encode(data)
    assert len(sent.bytes) < 0.9 * len(json.dumps(data))  # what Streamlit would have sent for the dict
