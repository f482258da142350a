"""An upload the app refuses, in a real browser: one file listed, the refusal of the file just chosen (not
the previous one's), and nothing open lost. A file over the 5 MB limit reaches the app, which says so:
refused by the browser, it stayed listed beside the previous file, whose error stayed on screen."""
import json

from tests.e2e.conftest import WAIT_MS

LISTED = '.st-key-lesson_upload [data-testid="stFileChip"]'


def test_a_file_over_the_limit_replaces_the_previous_one_and_says_why(new_app, tmp_path):
    app = new_app("/lessons?lesson=mazur")
    runs = tmp_path / "runs.json"
    runs.write_text(json.dumps({"schema": "backprop-runs/1", "runs": []}))
    big = tmp_path / "big.json"
    big.write_bytes(b" " * int(5.2 * 2**20))
    app.page.locator(".st-key-lesson_upload").wait_for(state="attached", timeout=WAIT_MS)
    if not app.page.locator(".st-key-lesson_upload").is_visible():
        app.page.get_by_text("Open a lesson").click()
    app.upload("lesson_upload", runs)
    app.expect("not a lesson but another kind of file")  # a runs file is named as such, not "needs a title"
    app.upload("lesson_upload", big)
    app.expect("larger than the upload limit of 5 MB")
    assert app.page.locator(LISTED).count() == 1
    assert app.page.get_by_text("not a lesson but another kind of file").count() == 0
    app.expect("Stop 1 of 7")  # the lesson stays open
