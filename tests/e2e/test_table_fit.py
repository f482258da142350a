"""In the browser at 1280x800: the gradient check's table shows all its columns, the relative error
included, without a horizontal scroll bar, at the default digits and at the most a teacher would pick."""
import pytest

# [scrollWidth, clientWidth] of each data grid's scroller under a widget key's element.
WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
  .map(e => [e.scrollWidth, e.clientWidth])"""


@pytest.mark.parametrize("digits", [None, 9])
def test_the_gradient_check_table_fits_its_column(new_app, digits):
    app = new_app("/")
    if digits is not None:
        box = app.page.locator(".st-key-side_digits input")
        box.fill(str(digits))
        app.act(lambda: box.press("Enter"))
    app.nav("gradcheck")
    app.click("check_run")
    app.page.locator('[data-testid="stDataFrame"] .dvn-scroller').first.wait_for(timeout=30_000)
    widths = app.page.evaluate(WIDTHS)
    assert widths and all(scroll <= client for scroll, client in widths), widths
    app.shot(f"gradcheck_table_{digits or 'default'}")
