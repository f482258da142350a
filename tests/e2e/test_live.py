"""A live class in the browser: a teacher (Mazur's lesson in the presenter view) and three students in
browser contexts of their own, one on a phone. They join by code, follow four PageDowns (pushed to them:
nobody reloads), one explores and comes back, everyone answers the stop's question, the teacher
reveals the spread."""
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect as eventually

from tests.e2e.conftest import WAIT_MS

PHONE = {"width": 390, "height": 844}


LINE = ".st-key-phase p"  # the phase line's text


def violations(app) -> list:
    """axe-core's findings on the page, but for one the Lessons page has too: a lesson note's wide
    formula (KaTeX's display) scrolls sideways without being focusable."""
    found = Axe().run(app.page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in found
            if not (v["id"] == "scrollable-region-focusable"
                    and all("katex-display" in str(n["target"]) for n in v["nodes"]))]


def phase(app) -> str:
    return app.page.locator(LINE).first.inner_text().strip()


def same_phase(student, teacher):
    eventually(student.page.locator(LINE).first).to_have_text(phase(teacher), timeout=WAIT_MS)


def test_a_class_joins_follows_answers_and_sees_the_spread(new_app):
    teacher = new_app("/lessons?lesson=mazur&present=1", viewport={"width": 1920, "height": 1080})
    teacher.click("live_start")
    code = re.search(r"\?join=([A-Z0-9]{6})", teacher.page.locator(".st-key-live_panel").inner_text()).group(1)
    students = [new_app(f"/?join={code}", viewport=PHONE if i == 0 else {"width": 1280, "height": 800})
                for i in range(3)]
    for i, s in enumerate(students):
        s.page.locator(".st-key-live_nick input").fill(f"student <b>{i}</b>")
        s.click("live_join")
        same_phase(s, teacher)
    eventually(teacher.page.locator(".st-key-live_panel")).to_contain_text("3 joined", timeout=WAIT_MS)

    for _ in range(4):  # the clicker's PageDown: one sub-step each, on every student's screen
        teacher.act(lambda: teacher.page.keyboard.press("PageDown"))
        for s in students:
            same_phase(s, teacher)
    assert phase(teacher).startswith("Step 1") and "backward" in phase(teacher).lower()

    explorer = students[1]
    explorer.click("live_explore")
    teacher.act(lambda: teacher.page.keyboard.press("PageDown"))
    same_phase(students[0], teacher)
    assert phase(explorer) != phase(teacher)  # on their own copy, where they left
    explorer.click("live_follow")
    same_phase(explorer, teacher)

    teacher.click("lesson_next")  # stop 2 asks for out_h2
    for i, s in enumerate(students):
        box = s.page.locator('[class*="st-key-live_answer_"] input')
        box.wait_for(timeout=WAIT_MS)
        box.fill("0.596884378" if i < 2 else "0.7")
        s.click("live_send")
        s.expect("Answer received")
    eventually(teacher.page.locator(".st-key-live_panel")).to_contain_text("3 answered · 3 joined", timeout=WAIT_MS)
    teacher.click("live_reveal")
    panel = teacher.page.locator(".st-key-live_panel")
    eventually(panel).to_contain_text("2 of 3 within tolerance (67%)", timeout=WAIT_MS)
    panel.locator('[data-testid="stVegaLiteChart"]').wait_for(timeout=WAIT_MS)  # the histogram
    assert "student" not in panel.inner_text().replace("students", "")  # no names on the projector
    students[2].expect("outside tolerance")
    assert violations(teacher) == [] and violations(students[0]) == [] and violations(students[2]) == []
    teacher.shot("live-teacher-revealed")
    students[0].shot("live-student-phone")


def test_the_class_follows_the_teacher_to_another_network(new_app):
    """The teacher leaves the presenter view, loads another example and comes back: the student's screen
    follows the new network (no reload), and says so."""
    teacher = new_app("/step?preset=mazur&present=1", viewport={"width": 1920, "height": 1080})
    teacher.click("live_start")
    code = re.search(r"\?join=([A-Z0-9]{6})", teacher.page.locator(".st-key-live_panel").inner_text()).group(1)
    student = new_app(f"/?join={code}")
    student.click("live_join")
    same_phase(student, teacher)
    teacher.click("present_exit")
    teacher.nav("presets")
    teacher.click("presets_load_nielsen")
    teacher.nav("step")
    teacher.act(lambda: teacher.page.locator(".st-key-side_present label").click())  # the presenter view again
    teacher.page.locator(".st-key-live_panel").wait_for(timeout=WAIT_MS)
    teacher.expect("now follows the network on your screen", where="body")
    student.expect("The teacher opened another network", where="body")
    same_phase(student, teacher)
    assert violations(student) == []
    student.shot("live-student-new-network")
    teacher.shot("live-teacher-new-network")
    teacher.act(lambda: teacher.page.keyboard.press("PageDown"))  # and on it goes, on the new network
    same_phase(student, teacher)
