"""Every page under axe-core (tests/e2e/axe.py), fresh, after a step, in the presenter view and dark: no
violation in the app's own content. Beside axe, what it does not judge: the page's language follows
?lang=, every page has its own title and one h1, the selected option of a toggle group and the focus ring
contrast with what is around them (axe leaves translucent backgrounds and focus styles alone)."""
import pytest

from engine.text import i18n
from tests.e2e.axe import report, violations
from tests.e2e.conftest import WAIT_MS

PAGES = ["build", "step", "train", "compare", "trace", "gradcheck", "quiz", "presets", "lessons"]


def path(page: str, query: str = "") -> str:
    return ("/" if page == "build" else f"/{page}") + query


# The Copy link button's words are written by its script once mounted, a moment after the run ends.
LABELLED = """() => Array.from(document.querySelectorAll('.st-key-side_copy_link [data-testid="stBidiComponentIsolated"]'))
  .every(h => Array.from((h.shadowRoot || h).querySelectorAll('.copy .label')).every(l => l.textContent))"""


def clean(app):
    app.page.wait_for_function(LABELLED, timeout=WAIT_MS)
    found = violations(app.page)
    assert not found, report(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_fresh(new_app, page, scheme):
    app = new_app(path(page), color_scheme=scheme)
    clean(app)
    h1 = app.page.locator("h1").filter(visible=True)
    assert h1.count() == 1, f"{page}: {h1.count()} visible h1"
    title = i18n.text("en", f"nav.{page}")
    assert app.page.title().startswith(title), app.page.title()


def test_after_a_step_and_in_chinese(new_app):
    app = new_app("/step?lang=zh")
    app.page.wait_for_function("document.documentElement.lang === 'zh-Hans'", timeout=WAIT_MS)  # WCAG 3.1.1
    app.click("step_whole")
    app.click("step_fwd")
    clean(app)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["/step?present=1", "/lessons?lesson=mazur&present=1"])
def test_the_presenter_view(new_app, where, scheme):
    app = new_app(where, viewport={"width": 1920, "height": 1080}, color_scheme=scheme)
    clean(app)
