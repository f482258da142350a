"""In the browser: the presenter view fills the screen in projector-size type, and its keys (a clicker's
PageDown/PageUp too) step the network through the same callbacks as the Step page's buttons."""
from pathlib import Path

import pytest

from tests.e2e.boxes import LEGEND, SIZED
from tests.e2e.conftest import IDLE, WAIT_MS, App
from tests.e2e.words import en

LOOK = Path("/tmp/shots/present")  # every size's screenshot, to look at
PHASE = '.st-key-phase [data-testid="stAlert"]'
# every value drawn inside a neuron of the network element
VALUE_HEIGHTS = """() => Array.from(document.querySelectorAll('.st-key-present_fig [data-bp-figure] .bp-nv'))
  .filter(t => /\\d/.test(t.textContent)).map(t => t.getBoundingClientRect().height)"""
# the element: its SVG and the legend under it
FIGURE_BOX = """() => { const r = document.querySelector('.st-key-present_fig [data-bp-figure]').getBoundingClientRect();
  return {width: r.width, height: r.height, bottom: r.bottom, screen: window.innerHeight}; }"""
# left and right edges of the layer headers on the screen, left to right
HEADERS = """() => Array.from(document.querySelectorAll('.st-key-present_fig .bp-heads text'))
  .map(a => a.getBoundingClientRect()).map(r => [r.left, r.right]).sort((p, q) => p[0] - q[0])"""


def _open(browser, server, shots, path, width, height, scheme="light") -> App:
    """A tab at this viewport (and system colour scheme) on path, once its key listener is mounted."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    app = App(ctx.new_page(), server, shots)
    app.page.goto(server.url + path)
    app._wait_runs(0)
    app.page.wait_for_selector(".st-key-present_keys", state="attached", timeout=WAIT_MS)
    if "present=1" in path:  # ui.common.viewport reports the window's height: the figure is drawn again for it
        app.page.wait_for_function(SIZED, timeout=WAIT_MS)
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)
    app.check()
    return app


@pytest.fixture
def present(browser, server, shots):
    opened = []

    def make(path="/step?present=1&preset=mazur", width=1920, height=1080, scheme="light"):
        opened.append(_open(browser, server, shots, path, width, height, scheme))
        return opened[-1]
    yield make
    for app in opened:
        app.page.context.close()


def phase(app) -> str:
    return app.page.locator(PHASE).inner_text()


def press(app, key: str):
    app.act(lambda: app.page.keyboard.press(key))


def wait_phase(app, text: str):
    app.page.locator(PHASE).get_by_text(text, exact=False).first.wait_for(timeout=WAIT_MS)


def test_keys_and_a_clicker_step_the_network(present):
    app = present()
    assert en("phase.start") in phase(app)
    press(app, "ArrowRight")
    wait_phase(app, en("phase.forward", l=1))
    press(app, "PageDown")  # a clicker's "next"
    wait_phase(app, en("phase.forward", l=2))
    press(app, "PageUp")  # a clicker's "back"
    wait_phase(app, en("phase.forward", l=1))
    press(app, "ArrowLeft")
    wait_phase(app, en("phase.start"))
    press(app, "n")  # a whole step: the update is the last thing shown
    wait_phase(app, f"{en('step.step_no')} 1")
    assert "update" in phase(app).lower()


def test_view_keys_and_blank_screen(present):
    app = present()
    press(app, "n")
    press(app, "z")
    app.page.wait_for_function(LEGEND, arg=f"{en('fig.neurons')} z", timeout=WAIT_MS)
    press(app, "g")
    app.page.wait_for_function(LEGEND, arg=f"{en('fig.lines')} ∂J/∂W", timeout=WAIT_MS)
    press(app, "w")
    app.page.wait_for_function(LEGEND, arg=f"{en('fig.lines')} W", timeout=WAIT_MS)
    press(app, "b")
    app.page.wait_for_function("() => getComputedStyle(document.querySelector('.stApp'), '::after')"
                               ".backgroundColor === 'rgb(0, 0, 0)'", timeout=WAIT_MS)
    press(app, "b")
    app.page.wait_for_function("() => getComputedStyle(document.querySelector('.stApp'), '::after')"
                               ".content === 'none'", timeout=WAIT_MS)


def test_typing_in_a_box_does_not_step(present):
    """On the Lessons page (it has text boxes): letters and arrows typed into one are the text's."""
    app = present("/lessons?preset=mazur", 1280, 800)
    before = phase_of_lesson(app)
    box = app.page.locator(".st-key-lesson_new_note textarea")
    box.click()
    box.type("N then a, b, z")
    box.press("ArrowLeft")
    box.press("PageDown")
    app.page.wait_for_timeout(500)  # nothing to wait for: a step would rerun; give one the time to show
    assert box.input_value() == "N then a, b, z"
    assert phase_of_lesson(app) == before
    app.page.locator("h1").first.click()  # out of the box, the same key steps
    app.act(lambda: app.page.keyboard.press("ArrowRight"))
    app.page.locator(".st-key-phase").get_by_text(en("phase.forward", l=1)).wait_for(timeout=WAIT_MS)


def phase_of_lesson(app) -> str:
    return app.page.locator('.st-key-phase [data-testid="stAlert"]').inner_text()


@pytest.mark.parametrize("width,height,least", [(1920, 1080, 24), (3840, 2160, 45), (1280, 720, 16)])
def test_presenter_layout_fills_the_screen_in_large_type(present, width, height, least):
    """The figure takes most of the screen; its values are at least `least` px tall (24 at 1920x1080),
    measured from the drawn SVG text's boxes: the type grows with the screen."""
    app = present(width=width, height=height)
    press(app, "ArrowRight")
    press(app, "ArrowRight")
    app.click_item("present_fig", "n1_0")
    app.page.locator(".st-key-present_side .katex").first.wait_for(timeout=WAIT_MS)
    assert not app.page.locator('[data-testid="stSidebar"]').is_visible()
    box = app.page.evaluate(FIGURE_BOX)
    assert box["height"] >= 0.7 * height and box["width"] >= 0.55 * width, box
    assert box["bottom"] <= box["screen"], box  # all of it on the screen: no colour scale cut off
    heights = app.page.evaluate(VALUE_HEIGHTS)
    assert heights and min(heights) >= least, heights
    LOOK.mkdir(parents=True, exist_ok=True)
    app.page.screenshot(path=str(LOOK / f"presenter-{width}x{height}.png"))
    if width == 1920:
        app.shot("presenter")  # README's picture: E2E_SHOTS=docs writes docs/presenter.png
    press(app, "n")  # the step's end: every z and delta known, the longest numbers (delta's)
    for key, symbol in (("d", "δ"), ("z", "z")):
        press(app, key)
        app.page.wait_for_function(LEGEND, arg=f"{en('fig.neurons')} {symbol}", timeout=WAIT_MS)
        heights = app.page.evaluate(VALUE_HEIGHTS)
        assert len(heights) == 6 and min(heights) >= least, (symbol, heights)
    app.page.screenshot(path=str(LOOK / f"presenter-delta-{width}x{height}.png"))


def test_on_a_phone_the_figure_is_laid_out_for_its_width(present):
    """A phone stacks the columns: the figure is laid out for the whole (narrow) width before it is
    scaled up, so the layer headers do not run into each other and nothing is wider than the screen."""
    app = present("/step?present=1", 390, 844)
    headers = app.page.evaluate(HEADERS)
    assert len(headers) == 3, headers
    assert all(a[1] <= b[0] for a, b in zip(headers, headers[1:])), headers
    assert app.page.evaluate(FIGURE_BOX)["width"] <= 390


def test_a_lesson_jumps_by_its_buttons_and_steps_by_the_keys(present):
    app = present("/lessons?lesson=mazur&present=1")
    assert en("phase.start") in phase(app)
    app.click("lesson_next")  # stop 2: the hidden layer computed
    wait_phase(app, en("phase.forward", l=1))
    app.page.locator(".st-key-lesson_note_box").get_by_text("net_{h1}", exact=False).first.wait_for(
        state="attached", timeout=WAIT_MS)
    press(app, "PageDown")
    wait_phase(app, en("phase.forward", l=2))
    press(app, "PageUp")
    wait_phase(app, en("phase.forward", l=1))
    app.click("lesson_next")
    app.click("lesson_prev")
    wait_phase(app, en("phase.forward", l=1))
    box = app.page.evaluate(FIGURE_BOX)  # under the lesson's controls, still all of it on the screen
    assert box["bottom"] <= box["screen"] and box["height"] >= 0.55 * box["screen"], box


@pytest.mark.parametrize("scheme,paper,ink", [("light", "rgb(255, 255, 255)", "rgb(0, 0, 0)"),
                                              ("dark", "rgb(0, 0, 0)", "rgb(255, 255, 255)")])
def test_presenter_is_high_contrast_in_either_scheme(present, scheme, paper, ink):
    app = present(scheme=scheme)
    colours = app.page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
      const title = document.querySelector('.st-key-present_fig .bp-heads text');
      return [getComputedStyle(main).backgroundColor, getComputedStyle(title).fill]; }""")
    assert colours == [paper, ink]
    LOOK.mkdir(parents=True, exist_ok=True)
    app.page.screenshot(path=str(LOOK / f"presenter-{scheme}.png"))
