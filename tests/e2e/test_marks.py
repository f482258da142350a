"""In the browser: the blue diamonds that mark edited values never cover a neuron's name or value.

The network figure is rendered by plotly.js alone (the copy the plotly package ships) in a static page,
and the boxes of what it drew are compared: no server is needed."""
import pytest

from engine.teach.view import current
from tests.helpers import random_scenario, stepper
from viz.marks import Marks
from viz.network import Look, figure

# Boxes of the visible marks of the trace named "changed", and of every text drawn by other traces.
BOXES = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const groups = [...gd.querySelectorAll('.scatterlayer .trace')];
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => parseFloat(getComputedStyle(e).opacity || '1') > 0 && e.getBoundingClientRect().width > 0;
  const marks = [], texts = [];
  gd._fullData.forEach((t, i) => {
    const g = groups[i];
    if (!g) return;
    if (t.name === 'changed') marks.push(...[...g.querySelectorAll('path.point, text')].filter(shown).map(box));
    else texts.push(...[...g.querySelectorAll('text')].filter(e => e.textContent.trim() && shown(e)).map(box));
  });
  return {marks, texts};
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("layers", [[2, 3, 2], [2, 6, 6, 2]], ids=["roomy", "crowded"])
def test_edit_marks_cover_no_neuron_name_or_value(browser, tmp_path, layers):
    st = stepper(random_scenario(layers, "sigmoid", "squared_error", "sigmoid", m=1))
    st.step()
    view = current(st)
    edited = [f"n{l}_{j}" for l in range(1, len(layers)) for j in range(layers[l])] + ["e1_0_0", "e2_1_0"]
    fig = figure(view, marks=Marks(edited=tuple(edited)), look=Look(height=560, digits=4))
    page_file = tmp_path / "fig.html"
    fig.write_html(page_file, include_plotlyjs=True, full_html=True, default_width=880, default_height=560)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_function("() => !!document.querySelector('.js-plotly-plot .scatterlayer .trace')")
        got = page.evaluate(BOXES)
    finally:
        page.close()
    assert len(got["marks"]) >= len(edited) - 2 and got["texts"]
    hits = [(m, t) for m in got["marks"] for t in got["texts"] if overlaps(m, t)]
    assert hits == []
