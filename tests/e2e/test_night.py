"""Print and night in a real browser: a dark system preference gives a dark app whose figures' text
still contrasts with the page; printed, the Step page keeps the figure and the numbers and drops the
sidebar, the header and every button and input."""
import re

from tests.e2e.boxes import SIZED
from tests.e2e.conftest import IDLE, WAIT_MS

A4_TEXT_PX = 180 / 25.4 * 96  # 180 mm: the printable width of A4 and Letter with 12-15 mm margins

# [r, g, b] of the app's background, and of every text in a key's figure: a plotly chart's SVG texts, the
# network element's SVG texts (fill) and its legend (colour)
TEXTS = ".main-svg text, [data-bp-figure] svg text, [data-bp-figure] .bp-legend span"
COLOURS = """key => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const app = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
  const paint = t => getComputedStyle(t)[t instanceof SVGElement ? 'fill' : 'color'];
  const texts = Array.from(document.querySelectorAll(`.st-key-${key} :is(""" + TEXTS + """)`))
    .filter(t => t.children.length === 0 && t.textContent.trim() && paint(t).startsWith('rgb'));
  return {app: rgb(app), texts: texts.map(t => [t.textContent, rgb(paint(t))])};
}"""


def _luminance(rgb):
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b):
    hi, lo = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _page_text_contrast(app, key, titles):
    """The app's background is dark, and each of the figure's texts that stands on the page (titles,
    layer names, axis labels: not the numbers inside coloured neurons) contrasts with it by >= 4.5."""
    app.page.wait_for_selector(f".st-key-{key} :is({TEXTS})", timeout=WAIT_MS)
    got = app.page.evaluate(COLOURS, key)
    assert _luminance(got["app"]) < 0.05, got["app"]
    on_page = [(text, fill) for text, fill in got["texts"] if any(re.search(t, text) for t in titles)]
    assert on_page, got["texts"]
    for text, fill in on_page:
        assert _contrast(fill, got["app"]) >= 4.5, (text, fill, got["app"])


def test_a_dark_system_gets_a_dark_app_with_readable_figures(new_app):
    app = new_app("/", color_scheme="dark")
    app.nav("step")
    _page_text_contrast(app, "step_fig", [r"^input", r"^hidden", r"^output", r"^edges W$", r"^\+0\.5614$", r"^x"])
    app.shot("dark-step")
    app.nav("train")
    app.number("train_count", 20)
    app.click("train_go")
    _page_text_contrast(app, "train_loss", [r"^Cost", r"^step$"])
    app.shot("dark-train")


def test_print_keeps_the_figure_and_numbers_and_drops_the_controls(new_app):
    app = new_app("/")
    app.nav("step")
    app.click("step_whole")
    page = app.page
    page.wait_for_selector(".st-key-step_fig [data-bp-figure] svg", timeout=WAIT_MS)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(A4_TEXT_PX) + 40, "height": 1100})
    page.wait_for_timeout(1000)  # the figure redraws at the new width
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', '[data-testid="stButton"]',
                   '[data-testid="stDownloadButton"]', '[data-testid="stButtonGroup"]'):
        shown = page.locator(hidden).evaluate_all("els => els.filter(e => e.getBoundingClientRect().width > 0).length")
        assert shown == 0, hidden
    figure = page.locator(".st-key-step_fig [data-bp-figure] svg").first.bounding_box()
    assert figure and 300 < figure["width"] <= A4_TEXT_PX and figure["x"] >= 0
    assert page.locator('[data-testid="stMain"]').get_by_text(re.compile("sample", re.I)).first.is_visible()  # the numbers beside it
    assert page.locator('[data-testid="stAlert"]').first.is_visible()  # the phase line
    background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    page.screenshot(path=str(app.shots / "print-step.png"), full_page=True)


def test_the_presenter_view_prints_as_the_step_page_on_one_page(new_app):
    """The presenter printed its figure over two pages, its bottom row over the Selected panel, one formula."""
    app = new_app("/step?present=1", viewport={"width": 1920, "height": 1080})
    app.page.wait_for_function(SIZED, timeout=WAIT_MS)  # the run for the window's size is over, the keys heard:
    app.page.wait_for_function(IDLE, timeout=WAIT_MS)  # a press before them was lost on the loaded CI run
    app.act(lambda: app.page.keyboard.press("n"))  # a whole step: the formulas have numbers
    app.expect("Step 1", ".st-key-phase")
    app.click_item("present_fig", "n1_0")
    app.expect("Neuron 0", ".st-key-present_side")
    page = app.page
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(A4_TEXT_PX) + 40, "height": 1100})
    page.wait_for_timeout(1000)  # the window's new width is reported, and the page reruns for it: let it end
    page.wait_for_function(IDLE, timeout=WAIT_MS)
    box = lambda sel: page.locator(sel).first.bounding_box()
    figure, side, phase = box(".st-key-present_fig"), box(".st-key-present_side"), box(".st-key-phase")
    a4 = 297 / 25.4 * 96 - 2 * 12 / 25.4 * 96  # the printable height of A4 with 12 mm margins
    assert side["y"] >= figure["y"] + figure["height"] - 1, (figure, side)  # formulas under the figure, not over it
    assert side["y"] + side["height"] - phase["y"] <= a4, (phase, figure, side)  # phase, figure and formulas: one page
    formulas = page.locator(".st-key-present_side .katex-display")
    formulas.nth(1).wait_for(timeout=WAIT_MS)  # every formula of the selection, not one
    last = formulas.last.bounding_box()
    assert last["y"] + last["height"] - phase["y"] <= a4  # the last one on the page too
    page.screenshot(path=str(app.shots / "print-presenter.png"), full_page=True)
