"""In the browser, legible on every screen (issue 24, item 4): the Selected panel's formulas wrap inside
their panel with their result in view, on the Step page and in the presenter view, at each sub-step;
the step buttons' labels are never cut short; the presenter's figure keeps its labels clear of each
other and of the circles, all of it on the screen.

Every check reads bounding boxes (KaTeX's boxes of a formula, the SVG texts and circles of the network
element) and compares them with the panel, the window or each other."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.boxes import LEGEND, PARTS, SIZED, clashes, inside, overlap
from tests.e2e.conftest import IDLE, WAIT_MS
from tests.e2e.words import en

# Long formulas: 7 terms in a hidden z (four shown, a ⋯ and the last), 6 in a hidden δ, a softmax of 6.
WIDE = "layers=6,6,6&act=tanh,softmax&loss=softmax_cross_entropy&x=0.5,-0.3,0.8,-0.6,0.2,-0.9&y=1,0,0,0,0,0"
STEP = [(390, 844), (1280, 800), (1920, 1080)]
PRESENT = [(1024, 768), (1920, 1080), (3840, 2160)]

# What is wrong with the shown formulas of the panel: a formula wider than its box (it would scroll),
# a box of it outside the panel or the window, or its result (the number after its last "=" in KaTeX's
# copy of the TeX) not what it draws after its last "=". [count of formulas, [problems]].
PROBLEMS = """panel => {
  const box = document.querySelector(panel), p = box.getBoundingClientRect(), problems = [];
  const shown = Array.from(box.querySelectorAll('.katex-display')).filter(d => d.offsetParent !== null);
  for (const d of shown) {
    const tex = d.querySelector('annotation').textContent, name = tex.slice(0, 30);
    if (d.scrollWidth > d.clientWidth + 1) problems.push([name, 'wider than its box', d.scrollWidth, d.clientWidth]);
    const bases = Array.from(d.querySelectorAll('.katex-html > .base'));
    for (const b of bases) {
      const r = b.getBoundingClientRect();
      if (r.left < p.left - 0.5 || r.right > p.right + 0.5 || r.right > window.innerWidth)
        problems.push([name, 'outside the panel', b.textContent.slice(0, 20), r.left, r.right, p.left, p.right]);
    }
    if (!tex.includes('=')) continue;
    const digits = s => s.replace(/\\u2212/g, '-').replace(/[^0-9.\\-]/g, '');
    const result = digits(tex.split('=').pop().replace(/\\\\quad.*$/, ''));
    const drawn = digits(bases.map(b => b.textContent).join('').split('=').pop().replace(/\\([A-Z]+\\d*\\)/, ''));
    if (!result || drawn !== result) problems.push([name, 'result not drawn last', result, drawn]);
  }
  return [shown.length, problems];
}"""


def _check(app, panel: str, least: int, where: str):
    """Wait until the panel shows at least `least` formulas and none of them has a problem."""
    try:
        app.page.wait_for_function(f"panel => {{ const [n, p] = ({PROBLEMS})(panel); return n >= {least} && !p.length; }}",
                                   arg=panel, timeout=WAIT_MS)
    except PlaywrightTimeout:
        pytest.fail(f"{where}: {app.page.evaluate(PROBLEMS, panel)!r}")


def _open_present(new_app, size):
    app = new_app(f"/step?{WIDE}&present=1", viewport={"width": size[0], "height": size[1]})
    app.page.wait_for_function(SIZED, timeout=WAIT_MS)  # drawn for this window's height
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)
    return app


def _walk(app, fig: str, panel: str, advance, size):
    """Select, step by sub-steps and check the formulas after each: forward into the hidden and the
    output layer, the loss, backward out of both, the update, then a weight."""
    where = lambda what: f"{size[0]}x{size[1]}, {what}"  # noqa: E731
    app.click_item(fig, "n1_0")
    advance()
    _check(app, panel, 2, where("forward layer 1, hidden neuron: z, a"))
    app.click_item(fig, "n2_0")
    advance()
    _check(app, panel, 2, where("forward layer 2, softmax output: z, a"))
    advance()  # the loss
    advance()
    _check(app, panel, 4, where("backward layer 2, output neuron: z, a, δ, ∂J/∂b"))
    app.click_item(fig, "n1_0")
    advance()
    _check(app, panel, 5, where("backward layer 1, hidden neuron: z, a, g', δ, ∂J/∂b"))
    advance()
    _check(app, panel, 6, where("the update, hidden neuron: ... b ←"))
    app.click_item(fig, "e2_0_0")
    _check(app, panel, 2, where("the update, a weight: ∂J/∂W, W ←"))


@pytest.mark.parametrize("size", STEP, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_step_pages_formulas_fit_their_panel_with_their_result(new_app, size):
    app = new_app(f"/step?{WIDE}", viewport={"width": size[0], "height": size[1]})
    _walk(app, "step_fig", '[data-testid="stMainBlockContainer"]', lambda: app.click("step_fwd")
          if app.page.locator(".st-key-step_fwd button:not([disabled])").count() else
          app.click("step_bwd") if app.page.locator(".st-key-step_bwd button:not([disabled])").count()
          else app.click("step_update"), size)


@pytest.mark.parametrize("size", PRESENT, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_presenters_formulas_fit_their_column_with_their_result(new_app, size):
    app = _open_present(new_app, size)

    def advance():  # the next sub-step by the arrow key, once the figure (a click's focus) has let it go
        app.page.evaluate("document.activeElement.blur()")
        app.act(lambda: app.page.keyboard.press("ArrowRight"))
    _walk(app, "present_fig", ".st-key-present_side", advance, size)


# Each visible step button's label: [its text, the width its text needs, the width its box gives it]. Read
# as fractions of a pixel: Streamlit ends a label that does not fit with "…", while scrollWidth and
# clientWidth, rounded to whole pixels, called "Undo sub-step" (85.4 px in a box of 84.5) whole.
LABELS = """() => Array.from(document.querySelectorAll('.st-key-step_buttons button')).filter(b => b.offsetParent)
  .map(b => { const box = b.querySelector('[data-testid="stMarkdownContainer"]'), words = document.createRange();
    words.selectNodeContents(box); return [box.textContent, words.getBoundingClientRect().width,
    box.getBoundingClientRect().width]; })"""


@pytest.mark.parametrize("lang", ["en", "zh"])
# the narrowest windows of each kind of label: short labels under their icons, and whole labels in one row
@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_step_buttons_label_is_cut_short(new_app, size, lang):
    app = new_app(f"/step?preset=mazur&lang={lang}", viewport={"width": size[0], "height": size[1]})
    app.page.wait_for_function(f"() => ({LABELS})().length === 6", timeout=WAIT_MS)  # after the window's size run
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)
    app.page.evaluate("document.fonts.ready.then(() => true)")  # measured in the page's own font
    labels = app.page.evaluate(LABELS)
    assert not [label for label in labels if label[1] > label[2]], labels


# The presenter's figure, in page pixels: the element's whole box (SVG and legend), the window, and the
# selected neuron's ring (its circle's box and half its stroke around it).
FRAME = """() => { const root = document.querySelector('.st-key-present_fig [data-bp-figure]');
  const box = e => { const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  return {element: box(root), window: {x0: 0, y0: 0, x1: window.innerWidth, y1: window.innerHeight},
          rings: Array.from(root.querySelectorAll('.bp-n.bp-on .bp-nr')).map(e => {  // its stroke included
            const b = box(e), pad = parseFloat(getComputedStyle(e).strokeWidth) * (b.x1 - b.x0) / (4 * e.r.baseVal.value);
            return {x0: b.x0 - pad, y0: b.y0 - pad, x1: b.x1 + pad, y1: b.y1 + pad}; })}; }"""


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_presenters_labels_stay_clear_and_its_figure_on_screen_in_every_view(new_app, size):
    """Mazur's network after a whole step (the widest numbers), a hidden neuron selected: in the z, a and
    δ views no text covers another or a circle (but its own value's), and the element with its legend is
    on the screen."""
    app = new_app("/step?preset=mazur&present=1", viewport={"width": size[0], "height": size[1]})
    app.page.wait_for_function(SIZED, timeout=WAIT_MS)
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)
    app.act(lambda: app.page.keyboard.press("n"))
    app.click_item("present_fig", "n1_0")
    app.page.evaluate("document.activeElement.blur()")  # the letter keys are the page's, not the figure's
    off = []
    for key, symbol in (("z", "z"), ("d", "δ"), ("a", "a")):
        app.act(lambda: app.page.keyboard.press(key))
        app.page.wait_for_function(LEGEND, arg=f"{en('fig.neurons')} {symbol}", timeout=WAIT_MS)
        parts, frame = app.page.evaluate(PARTS, "present_fig"), app.page.evaluate(FRAME)
        texts, circles, view = parts["texts"], parts["markers"], f"{size[0]}x{size[1]}, {symbol}"
        assert len(texts) == 12 and not clashes(texts), (view, "texts overlap", clashes(texts))
        assert not [(h["text"], t["text"]) for h in parts["heads"] for t in texts if overlap(h, t)], view
        for t in texts:
            hits = [c for c in circles if overlap(t, c)]
            if t["name"] == "neurons":  # a value inside its own circle, no other
                assert len(hits) == 1 and inside(t, hits[0], 1), (view, "a value leaves its circle", t)
            else:
                assert not hits, (view, "a name covers a circle", t["text"])
        if not inside(frame["element"], frame["window"]):
            off.append((view, frame["element"]))
    assert not off, ("off the screen", off)


def test_the_selection_ring_keeps_clear_of_its_neurons_name(new_app):
    app = new_app("/step?preset=mazur&present=1", viewport={"width": 1920, "height": 1080})
    app.page.wait_for_function(SIZED, timeout=WAIT_MS)
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)
    app.click_item("present_fig", "n1_0")
    app.page.wait_for_function("() => document.querySelector('.st-key-present_fig .bp-n.bp-on')", timeout=WAIT_MS)
    names = [t for t in app.page.evaluate(PARTS, "present_fig")["texts"] if t["name"] == "names"]
    rings = app.page.evaluate(FRAME)["rings"]
    assert len(rings) == 1 and len(names) == 6
    assert not [t["text"] for t in names if overlap(t, rings[0])], (rings, names)
