"""The Compare page in a real browser: the one-click comparison makes three runs from one start, whose
curves are drawn each in its own colour and whose weights stand side by side, at the projector's and a
large screen's size."""
from ui import onechange

from tests.e2e.words import en


def test_one_click_comparison_draws_three_runs_and_their_weights(new_app):
    app = new_app("/")
    app.nav("compare")
    app.expect(en("compare.no_runs"))
    app.click("compare_preset_go")
    setting = onechange.variants()[0][0]
    names = [en("runs.variant_name", setting=en(f"runs.setting.{setting}"), value=v) for _, v in onechange.variants()]
    for name in names:
        line = app.trace("compare_costs", f"{name}: {en('curve.compare.train')}")
        assert line["x"][-1] == onechange.STEPS
    for number in (1, 2, 3):  # the weights after the last step, side by side
        app.expect(en("compare.weights_of", name=names[number - 1], l=2, step=onechange.STEPS))
    app.page.mouse.move(5, 795)  # off the button, and no focus on it: its help would cover the page
    app.page.evaluate("document.activeElement && document.activeElement.blur()")
    app.page.wait_for_timeout(300)
    app.shot("compare-1280x800")
    app.page.set_viewport_size({"width": 1920, "height": 1080})
    app.page.wait_for_timeout(500)
    app.shot("compare-1920x1080")
    app.page.locator(".st-key-compare_weights_1").scroll_into_view_if_needed()
    app.shot("compare-weights-1920x1080")
    app.page.set_viewport_size({"width": 1280, "height": 800})
    app.page.locator(".st-key-compare_weights_1").scroll_into_view_if_needed()
    app.shot("compare-weights-1280x800")
