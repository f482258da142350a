"""In the browser: the blue diamonds that mark edited values never cover a neuron's name or value.

The network element's own code (ui/figure/assets) draws viz.element's payload in a static page, and the
boxes of what it drew are compared: no server is needed."""
import json
from pathlib import Path

import pytest

from engine.teach.screen.view import current
from tests.helpers import random_scenario, stepper
from viz.element import payload

ASSETS = Path(__file__).resolve().parents[2] / "ui" / "figure" / "assets"
# Boxes of the shown edit marks (a neuron's glyph, an edge's diamond), and of every neuron's name and value.
BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => e.getBoundingClientRect().width > 0 && getComputedStyle(e).display !== 'none';
  const marks = [...document.querySelectorAll('.bp-nd, .bp-mark')].filter(e => shown(e) && (e.tagName !== 'text' || e.textContent));
  const texts = [...document.querySelectorAll('.bp-nv, .bp-nn')].filter(e => e.textContent.trim() && shown(e));
  return {marks: marks.map(box), texts: texts.map(box)};
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def page_of(data: dict) -> str:
    """A page that draws data with the element's JS and CSS, as Streamlit's frontend would call it."""
    js = (ASSETS / "element.js").read_text(encoding="utf-8").replace("export default function", "window.bpDraw = function")
    return (f"<html><head><style>{(ASSETS / 'element.css').read_text(encoding='utf-8')}</style></head>"
            f"<body style='width:880px'><div id='at'></div><script type='module'>{js}\n"
            f"window.bpDraw({{data: new TextEncoder().encode(JSON.stringify({json.dumps(data)})),"
            f" parentElement: document.getElementById('at'),"
            f" setTriggerValue: () => {{}}}});</script></body></html>")


@pytest.mark.parametrize("layers", [[2, 3, 2], [2, 6, 6, 2]], ids=["roomy", "crowded"])
def test_edit_marks_cover_no_neuron_name_or_value(browser, tmp_path, layers):
    st = stepper(random_scenario(layers, "sigmoid", "squared_error", "sigmoid", m=1))
    st.step()
    edited = [f"n{l}_{j}" for l in range(1, len(layers)) for j in range(layers[l])] + ["e1_0_0", "e2_1_0"]
    page_file = tmp_path / "fig.html"
    page_file.write_text(page_of(payload(current(st), edited=edited, width=880, height=560, digits=4)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("[data-bp-figure] .bp-n")
        got = page.evaluate(BOXES)
    finally:
        page.close()
    assert len(got["marks"]) == len(edited) and got["texts"]
    hits = [(m, t) for m in got["marks"] for t in got["texts"] if overlaps(m, t)]
    assert hits == []


def test_a_shortened_header_keeps_its_whole_title_for_hover_and_the_screen_reader_table(browser, tmp_path):
    st = stepper(random_scenario([4, 4, 4, 4, 4, 4, 4, 2], "sigmoid", "squared_error", "sigmoid", m=1))
    data = payload(current(st), width=560, height=560, digits=4, highlight=1)
    assert data["heads"][1][1] == ["h1", "(4)"]  # shortened
    page_file = tmp_path / "fig.html"
    page_file.write_text(page_of(data), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("[data-bp-figure] .bp-n")
        tips = page.locator(".bp-heads text title").all_text_contents()
        caption = page.locator("[data-bp-figure] caption").first.text_content()
    finally:
        page.close()
    assert "hidden 1 sigmoid (4)" in tips
    assert "hidden 1 sigmoid (4)" in caption
