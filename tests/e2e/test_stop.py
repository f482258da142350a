"""Stop on the Train page in a real browser: a long run on a large network ends a few steps after the
click, says where it stopped, and keeps every step it reached."""
import re

from engine.text import i18n
from tests.e2e.words import step_line
from tests.helpers import DIGITS

QUERY = "&".join(f"{k}={v}" for k, v in DIGITS.items())
STOPPED = re.compile(re.escape(i18n.text("en", "train.stopped", step=999, done=999, total=100000))
                     .replace("999", r"(\d+)"))
PROGRESS = re.compile(re.escape(i18n.text("en", "train.progress", done=999, total=100000)).replace("999", r"(\d+)"))
CHUNK = 100_000 // 50  # steps of the step-count chunks that once ran on for a minute before a click could land


def test_stop_ends_a_long_run_quickly_and_keeps_its_steps(new_app):
    app = new_app(f"/?{QUERY}")
    app.nav("train")
    app.number("train_count", 100_000)
    app.begin(app.page.locator(".st-key-train_go button").filter(visible=True).click)  # runs on
    app.page.get_by_text("of 100000 steps").first.wait_for(timeout=30_000)  # the bar has moved
    app.page.wait_for_timeout(1500)
    shown = int(PROGRESS.search(app.page.get_by_text(PROGRESS).first.inner_text()).group(1))
    app.click("train_stop")
    message = app.page.get_by_text(STOPPED).first
    message.wait_for(timeout=30_000)
    step, done = map(int, STOPPED.search(message.inner_text()).groups())
    # counted, not timed: the steps past the progress shown at the click are the few a loaded machine
    # takes before the click lands (the loop gives way every 0.1 s of work), never a chunk of them
    assert step == done >= shown > 0 and step - shown < CHUNK
    metric = app.page.locator('[data-testid="stMetricValue"]').first
    assert metric.inner_text().strip() == str(step)
    app.page.wait_for_timeout(1000)  # no loop goes on behind the page
    assert metric.inner_text().strip() == str(step)
    app.nav("step")  # every step reached is the network's
    app.expect(step_line(step))
