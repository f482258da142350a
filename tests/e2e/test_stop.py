"""Stop on the Train page in a real browser: a long run on a large network ends within a second or
two of the click, says where it stopped, and keeps every step it reached."""
import re
import time

from engine import i18n
from tests.helpers import DIGITS

QUERY = "&".join(f"{k}={v}" for k, v in DIGITS.items())
STOPPED = re.compile(re.escape(i18n.text("en", "train.stopped", step=999, done=999, total=100000))
                     .replace("999", r"(\d+)"))


def test_stop_ends_a_long_run_quickly_and_keeps_its_steps(new_app):
    app = new_app(f"/?{QUERY}")
    app.nav("train")
    app.number("train_count", 100_000)
    app.begin(app.page.locator(".st-key-train_go button").filter(visible=True).click)  # runs on
    app.page.get_by_text("of 100000 steps").first.wait_for(timeout=30_000)  # the bar has moved
    app.page.wait_for_timeout(1500)
    clicked = time.monotonic()
    app.click("train_stop")
    message = app.page.get_by_text(STOPPED).first
    message.wait_for(timeout=30_000)
    # one step and one page run, even on a loaded 2-core machine (8 s seen at load 8); chunks of
    # total/50 steps took 2,000 steps of at least 27 ms each (54 s) before the click could land
    assert time.monotonic() - clicked < 30
    step, done = map(int, STOPPED.search(message.inner_text()).groups())
    assert step == done > 0
    metric = app.page.locator('[data-testid="stMetricValue"]').first
    assert metric.inner_text().strip() == str(step)
    app.page.wait_for_timeout(1000)  # no loop goes on behind the page
    assert metric.inner_text().strip() == str(step)
    taken = i18n.text("en", "side.progress", steps=i18n.count("en", "step", step), m="", lr="").split(" · ")[0]
    app.expect_sidebar(taken)
