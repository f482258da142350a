"""In the browser, at a phone's, a laptop's and a projector's size: nothing on the Build and Step
pages overlaps or is cut, for the default network and for one of 8 weight layers.

Every check reads bounding boxes: Streamlit's elements, and the SVG texts and circles of the network
element (ui.figure: layer headers, neuron values and names, the folded layers' notes)."""
import pytest

from tests.e2e.boxes import PARTS, clashes, inside, overlap
from ui.common import viewport
from ui.common.viewport import font_for

VIEWPORTS = [(390, 844), (1280, 800), (1920, 1080)]
DEEP = "?layers=2,4,4,4,4,4,4,4,2&act=" + ",".join(["sigmoid"] * 8) + "&loss=squared_error"
NETWORKS = {"default": ("", 4), "deep": (DEEP, 10)}  # query, layer count + 1 (headers + maybe a note)

TEXT_CUT = """sel => Array.from(document.querySelectorAll(sel)).filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent)"""


def dom_boxes(app, selector) -> list:
    return app.page.eval_on_selector_all(selector, """els => els.filter(e => e.offsetParent !== null).map(e => {
      const r = e.getBoundingClientRect();
      return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: e.innerText}; })""")


def open_at(new_app, size, path):
    """A fresh session at this window size, after the run that the window's size report causes."""
    app = new_app(path, viewport={"width": size[0], "height": size[1]})
    reported = tuple(round(v / 40) * 40 for v in size)
    if reported != viewport.DEFAULT:
        app._wait_runs(1)
    # measured once the page is still and drawn in its own font: on a loaded machine the boxes were read
    # while a rerun or the web font's swap was still moving a row (a layer's row seemed to wrap)
    app.page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                               ".getAttribute('data-test-script-state') === 'notRunning'", timeout=30_000)
    app.page.evaluate("document.fonts.ready.then(() => true)")
    return app


def check_figure(app, key, size):
    """The figure's parts against each other, the figure's box and the window."""
    want = font_for(round(size[0] / 40) * 40)
    app.page.wait_for_function(
        f"key => {{ const g = document.querySelector(`.st-key-${{key}} [data-bp-figure]`);"
        f" return g && g.style.getPropertyValue('--bp-font') === '{want}px' && g.querySelector('.bp-heads text'); }}",
        arg=key, timeout=30_000)
    parts = app.page.evaluate(PARTS, key)
    fig, window = parts["figure"], {"x0": 0, "y0": -1e9, "x1": size[0], "y1": 1e9}
    assert inside(fig, window), ("figure wider than the window", fig)
    heads, texts, markers = parts["heads"], parts["texts"], parts["markers"]
    assert not clashes(heads), ("layer headers overlap", clashes(heads))
    assert not clashes(texts), ("texts overlap", clashes(texts))
    assert not [(h["text"], t["text"]) for h in heads for t in texts if overlap(h, t)], "a header covers a text"
    cut = [b["text"] for b in heads + texts if not inside(b, fig)]
    assert not cut, ("cut by the figure's edge", cut)
    assert not clashes(markers), "neurons overlap"
    for t in texts:
        if t["name"] == "neurons":  # a value sits inside its own neuron and covers no other
            hits = [m for m in markers if overlap(t, m)]
            assert len(hits) == 1 and inside(t, hits[0], 1), ("a value leaves its neuron", t["text"], len(hits))


def check_clear_of_header(app, selector):
    header = dom_boxes(app, '[data-testid="stHeader"]')[0]
    for box in dom_boxes(app, selector):
        assert box["y0"] >= header["y1"] - 0.5, (f"{box['text']!r} is under the header", box, header)


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("net", list(NETWORKS))
def test_build_page_fits(new_app, size, net):
    app = open_at(new_app, size, "/" + NETWORKS[net][0])
    check_figure(app, "build_fig", size)
    check_clear_of_header(app, "h1")
    rows = [dom_boxes(app, f".st-key-build_layer{i} > div") for i in range(NETWORKS[net][1] - 1)]
    rows = [r for r in rows if r]
    for row in rows:  # a layer's name, size and activation side by side, all inside the window
        assert not clashes(row) and all(b["x0"] >= 0 and b["x1"] <= size[0] for b in row), row
        assert max(b["y0"] for b in row) < min(b["y1"] for b in row), ("a layer's row wraps", row)
    names = dom_boxes(app, '.st-key-build_layers [data-testid="stMarkdown"] p')
    assert names and all(b["y1"] - b["y0"] < 40 for b in names), ("a layer's name wraps", names)
    assert not app.page.evaluate(TEXT_CUT, '.st-key-build_layers [data-baseweb="select"] div'), "an activation is cut"
    app.shot(f"layout-build-{net}-{size[0]}")


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("net", list(NETWORKS))
def test_step_page_fits(new_app, size, net):
    app = open_at(new_app, size, "/step" + NETWORKS[net][0])
    app.click("step_whole")  # every value computed: the widest numbers in the neurons
    check_figure(app, "step_fig", size)
    fig = dom_boxes(app, ".st-key-step_fig [data-bp-figure] svg")[0]
    assert fig["y1"] <= size[1], ("the network is not in view without scrolling", fig)
    if net == "default":  # a small network uses the screen: taller on a projector than on a laptop
        assert fig["y1"] - fig["y0"] >= 0.55 * size[1], ("the figure does not use the window's height", fig)
    buttons = dom_boxes(app, ".st-key-step_buttons button")
    assert len(buttons) == 6 and not clashes(buttons), buttons
    assert len({round(b["y0"]) for b in buttons}) == 1, "the step buttons take more than one row"
    assert all(b["x0"] >= 0 and b["x1"] <= size[0] for b in buttons), buttons
    assert not app.page.evaluate(TEXT_CUT, '.st-key-step_buttons button [data-testid="stMarkdownContainer"]'), "a button's label is cut"
    check_clear_of_header(app, ".st-key-step_buttons button")
    app.shot(f"layout-step-{net}-{size[0]}")


def test_sidebar_closes_after_choosing_a_page_on_a_phone(new_app):
    app = open_at(new_app, (390, 844), "/")
    app.page.locator('[data-testid="stExpandSidebarButton"]').click()
    bar = app.page.locator('[data-testid="stSidebar"]')
    bar.and_(app.page.locator('[data-collapsed="false"]')).wait_for(state="attached", timeout=30_000)
    app.nav("step")
    bar.and_(app.page.locator('[data-collapsed="true"]')).wait_for(state="attached", timeout=30_000)
