"""The single-letter keys (WCAG 2.1.4) in a real browser: they act only while the focus is on the page or
the figure (the Lessons page's N took a whole step from its focused Open button), the key list's switch
turns them off, and the arrows still step."""
from tests.e2e.conftest import WAIT_MS

PHASE = ".st-key-phase"


def phase(app) -> str:
    return app.page.locator(PHASE).first.inner_text()


def unchanged(app, before: str):
    app.page.wait_for_timeout(1500)  # long enough for a rerun to have started and ended
    app.page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                               ".getAttribute('data-test-script-state') === 'notRunning'", timeout=WAIT_MS)
    assert phase(app) == before


def test_letter_keys_need_the_page_focused_and_can_be_turned_off(new_app):
    app = new_app("/lessons?lesson=mazur")
    page, before = app.page, phase(app)
    # the listener mounts after the page's first paint; a press before it is nobody's (a loaded CI machine)
    page.wait_for_function("() => window.backpropKeys !== undefined", timeout=WAIT_MS)
    page.locator(".st-key-lesson_next button").focus()
    page.keyboard.press("n")  # on a focused button: the button's, not a step
    unchanged(app, before)
    page.evaluate("document.activeElement.blur()")
    app.act(lambda: page.keyboard.press("n"))  # the page itself has the focus: a whole step
    stepped = phase(app)
    assert stepped != before
    page.get_by_text("Keyboard shortcuts").click()
    switch = page.locator(".st-key-keys_letters label")
    switch.wait_for(state="visible", timeout=WAIT_MS)  # the expander has opened: a click before lands nowhere
    page.wait_for_timeout(300)
    app.act(switch.click)  # the switch: letter keys off
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("n")
    unchanged(app, stepped)
    app.act(lambda: page.keyboard.press("ArrowLeft"))  # the arrows still step
    assert phase(app) != stepped
