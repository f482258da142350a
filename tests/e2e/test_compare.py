"""The Compare page in a real browser: the one-click comparison makes three runs from one start, whose
curves are drawn each in its own colour and whose weights stand side by side, at the projector's and a
large screen's size."""
from ui.runs import onechange

from tests.e2e.conftest import FIGURE, WAIT_MS
from tests.e2e.words import en


def test_one_click_comparison_draws_three_runs_and_their_weights(new_app):
    app = new_app("/")
    app.nav("compare")
    app.expect(en("compare.no_runs"))
    app.click("compare_preset_go")
    train = en("curve.compare.train")
    app.page.wait_for_function(f"key => ({FIGURE})(key).filter(t => t.name.endsWith({train!r})).length === 3",
                               arg="compare_costs", timeout=WAIT_MS)
    lines = [tr for tr in app.figure("compare_costs") if tr["name"].endswith(train)]
    assert all(tr["x"][-1] == onechange.STEPS for tr in lines)
    names = [tr["name"][:-len(train) - 2] for tr in lines]  # "name: training set"
    for name in names:  # the weights after the last step, side by side, on the largest layer
        for line in en("compare.weights_of", name=name, l=2, step=onechange.STEPS).split("<br>"):  # two lines
            app.expect(line)
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
