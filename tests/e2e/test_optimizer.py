"""In the browser: a link opens Adam with a schedule on Build, and the Step inspector shows Adam's
quantities for a selected weight at the update."""
from urllib.parse import urlencode

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from engine.teach.worked.explain import edge_formulas
from ui.query import codec

SRC = {**codec.DEFAULT, "optimizer": {"name": "adam", "beta1": 0.8}, "schedule": {"name": "exponential", "gamma": 0.5}}


def test_build_shows_the_linked_optimizer_and_step_shows_its_quantities(new_app):
    app = new_app("/?" + urlencode(codec.to_query(SRC)))
    app.page.get_by_role("tab", name="Training").click()  # tabs switch in the browser: no rerun
    app.page.locator(".st-key-build_opt_beta1 input").wait_for(timeout=30_000)
    assert app.page.locator(".st-key-build_opt_beta1 input").input_value() == "0.8"
    app.page.locator(".st-key-build_opt").evaluate("e => e.scrollIntoView({block: 'start'})")  # the whole section in view
    app.shot("build_optimizer")
    app.nav("step")
    app.click("step_whole")
    app.click("step_whole")
    app.click_item("step_fig", "e2_0_1")
    ref = Stepper(scenario.parse(SRC))
    ref.run(2)
    want = [f.latex for f in edge_formulas(ref.records[-1], ref.sc, "engine", 2, 0, 1)]
    assert any(r"\hat m_t" in w for w in want)
    app.page.wait_for_function("t => [...document.querySelectorAll('annotation')].some(a => a.textContent === t)",
                               arg=want[-1], timeout=30_000)
    shown = app.page.locator("annotation").all_text_contents()
    assert all(w in shown for w in want), (want, shown)
    assert "Update applied by Adam" in app.page.locator('[data-testid="stMain"]').inner_text()
    app.page.locator(".katex-display").nth(-3).scroll_into_view_if_needed()
    app.shot("step_adam_inspector")
