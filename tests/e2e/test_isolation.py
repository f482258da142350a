"""Two browsers on one server at once: whatever one does (build, step, train, import) stays in its own
session; the other's layers and step count, read from its page, are what it left them."""
import json

from playwright.sync_api import expect as eventually

from tests.e2e.conftest import WAIT_MS
from tests.e2e.words import en, step_line
from tests.helpers import MAZUR


def shows(app, layers, steps=None):
    """The sidebar names these layers; on the Step page, its phase line this step."""
    app.expect_sidebar(" → ".join(map(str, layers)))
    if steps is not None:
        app.expect(step_line(steps))


def test_sessions_are_isolated(new_app, tmp_path):
    a, b = new_app("/"), new_app("/")
    a.number("build_n1", 5)
    a.expect("2 → 5 → 2")
    b.nav("step")  # a rerun of b's session after a's change
    shows(b, [2, 3, 2], 0)
    b.expect(en("phase.start"))

    a.nav("step")
    for _ in range(3):
        a.click("step_whole")
    shows(a, [2, 5, 2], 3)
    b.click("step_fwd")
    b.expect(en("phase.forward", l=1))
    shows(b, [2, 3, 2], 1)  # a sub-step opens step 1

    a.nav("train")
    trained = a.begin(a.page.locator(".st-key-train_go button").filter(visible=True).click)
    b.click("step_fwd")  # while a trains
    trained()
    eventually(a.page.locator('[data-testid="stMetricValue"]').first).to_have_text("53", timeout=WAIT_MS)
    b.expect(en("phase.forward", l=2))
    b.nav("build")
    b.expect_values("build_n", [2, 3, 2])
    shows(b, [2, 3, 2])

    (tmp_path / "mazur.json").write_text(json.dumps(MAZUR))
    a.nav("build")
    a.page.get_by_role("tab", name=en("build.tab_files")).click()
    a.upload("build_import_file", tmp_path / "mazur.json")
    a.expect(en("io.loaded_scenario", name="mazur.json"))
    shows(a, [2, 2, 2])
    b.nav("step")
    b.expect(en("phase.forward", l=2))
    shows(b, [2, 3, 2], 1)
    b.nav("build")
    b.expect_values("build_n", [2, 3, 2])
