"""The live class's pages in AppTest (ui.live.teacher, ui.live.student): a teacher's session and students'
sessions of one process, sharing nothing but the store (a SQLite file of the test's own). A student's
page is rerun here as the push listener reruns it in a browser."""
import json
import re

import pytest

from engine.files import formats
from tests.apptest import button, en, fresh
from ui import live
from ui.live.store import ALPHABET

CODE = re.compile(rf"\?join=([{ALPHABET}]{{6}})")


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_DATA", str(tmp_path))
    monkeypatch.delenv("BACKPROP_STORE", raising=False)
    live.open_store.cache_clear()
    yield live.open_store()
    live.open_store.cache_clear()


def phase(at) -> str:
    """The phase line ("**Step N** · ..."), an alert in the container keyed `phase`."""
    return next(m.value for m in at.info if m.value.startswith("**Step"))


def start(query=None):
    teacher = fresh("lessons", query or {"lesson": "mazur", "present": "1"})
    button(teacher, "live_start").click().run()
    assert not teacher.exception, teacher.exception
    code = CODE.search(" ".join(m.value for m in teacher.markdown)).group(1)
    return teacher, code


def join(code, nick="Ada"):
    student = fresh(None, {"join": code})
    student.text_input(key="live_nick").input(nick)
    button(student, "live_join").click().run()
    assert not student.exception, student.exception
    return student


def test_a_student_joins_by_code_and_follows_the_teachers_stop_and_sub_step(store):
    teacher, code = start()
    student = join(code)
    assert phase(student) == phase(teacher)
    button(teacher, "lesson_next").click().run()  # stop 2: forward through layer 1
    student.run()  # what the push listener does
    assert phase(student) == phase(teacher) and store.state(code).point["stop"] == 1
    assert student.session_state["selection"] == teacher.session_state["selection"]
    assert store.tally(code).joined == 1


def test_explore_on_my_own_and_follow_the_teacher_again(store):
    teacher, code = start()
    student = join(code)
    button(student, "live_explore").click().run()
    button(teacher, "lesson_next").click().run()
    student.run()
    assert phase(student) != phase(teacher)  # exploring: the teacher's move does not pull the student
    button(student, "live_follow").click().run()
    assert phase(student) == phase(teacher)


def test_hold_and_pause(store):
    teacher, code = start()
    student = join(code)
    teacher.toggle(key="live_hold").set_value(True).run()
    student.run()
    assert button(student, "live_explore").disabled
    teacher.toggle(key="live_pause").set_value(True).run()
    student.run()
    assert any(en("live.paused") in i.value for i in student.info)
    assert not [m for m in student.info if m.value.startswith("**Step")]  # nothing of the network shows


def test_the_stops_question_is_answered_counted_and_revealed(store):
    teacher, code = start()
    students = [join(code, f"s{i}") for i in range(3)]
    button(teacher, "lesson_next").click().run()  # Mazur's stop 2 asks for net_h1
    answer = store.state(code).question["answer"]
    for i, s in enumerate(students):
        s.run()
        box = next(w for w in s.text_input if w.key.startswith("live_answer_"))
        box.input(str(answer if i < 2 else answer * 2))
        button(s, "live_send").click().run()
        assert any(en("live.sent", value=f"{float(box.value):.6g}") in x.value for x in s.success)
    teacher.run()
    assert any(en("live.counts", answered=3, joined=3) in m.value for m in teacher.markdown)
    button(teacher, "live_reveal").click().run()
    assert any("2 of 3 within tolerance (67%)" in m.value for m in teacher.markdown)
    students[2].run()
    assert any(en("live.you_were_not", value=f"{answer * 2:.6g}") in w.value for w in students[2].warning)


def test_a_wrong_code_says_so_and_repeated_ones_are_slowed(store):
    student = fresh(None, {"join": "ACDEFG"})
    for _ in range(3):
        button(student, "live_join").click().run()
        assert any(en("live.refused_unknown", code="ACDEFG") in e.value for e in student.error)
    button(student, "live_join").click().run()
    assert any("try again in" in w.value for w in student.warning)


def test_end_the_class_tells_every_student(store):
    teacher, code = start()
    student = join(code)
    button(teacher, "live_end").click().run()
    student.run()
    assert any(en("live.refused_ended") in w.value for w in student.warning)
    assert "live_panel" not in {c.key for c in teacher.main if hasattr(c, "key")}


def test_the_teacher_link_takes_the_class_back(store):
    teacher, code = start()
    button(teacher, "lesson_next").click().run()
    secret = teacher.session_state["live"]["secret"]
    again = fresh("lessons", {"join": code, "teacher": secret, "present": "1"})
    assert again.session_state["live"]["role"] == "teacher" and phase(again) == phase(teacher)
    wrong = fresh("lessons", {"join": code, "teacher": "nope", "present": "1"})
    assert wrong.session_state["live"]["role"] == "student"


def test_asking_on_the_spot_about_the_selection_has_the_engines_value(store):
    teacher, code = start({"lesson": "mazur"})  # the Lessons page, not projected
    button(teacher, "live_ask").click().run()  # at the start nothing is revealed to ask about
    assert any(en("live.ask_nothing") in i.value for i in teacher.info) and store.state(code).question is None
    for _ in range(4):  # stop 5: backward through layer 2, o1 selected
        button(teacher, "lesson_next").click().run()
    teacher.session_state["selection"] = "n2_0"
    teacher.run()
    button(teacher, "live_ask").click().run()
    question = store.state(code).question
    assert question["answer"] == pytest.approx(0.13849856, abs=1e-8)  # Mazur's δ of o1
    assert "δ" in question["text"]["en"] and "δ" in question["text"]["zh"]
    student = join(code)
    box = next(w for w in student.text_input if w.key.startswith("live_answer_"))
    box.input("0.1385")
    button(student, "live_send").click().run()
    button(teacher, "live_reveal").click().run()
    assert any("1 of 1 within tolerance (100%)" in m.value for m in teacher.markdown)


def test_a_network_class_follows_in_the_teachers_notation(store):
    teacher = fresh("step", {"preset": "mazur", "present": "1"})
    teacher.session_state["notation"] = "mazur"  # the sidebar's choice: in Mazur's names the cost is E_total
    button(teacher, "live_start").click().run()
    code = CODE.search(" ".join(m.value for m in teacher.markdown)).group(1)
    student = join(code)
    for _ in range(3):  # forward 1, forward 2, the loss: as the presenter's keys step it
        teacher.session_state["stepper"].sub_step()
    teacher.run()
    student.run()
    assert "E_total" in phase(teacher) and phase(student) == phase(teacher)
    assert student.session_state["notation"] == "mazur"


def test_the_class_follows_the_teacher_to_another_network(store):
    """A teacher who opens another network mid-class (here a preset; Build and an upload install one the
    same way) and comes back to the presenter view takes the class along: students follow the new
    network at the teacher's point, the old question is taken down, and both sides are told."""
    teacher, code = start()
    button(teacher, "lesson_next").click().run()  # stop 2 asks a question
    student = join(code)
    assert store.state(code).question is not None
    teacher.switch_page("pages/presets.py").run()
    button(teacher, "presets_load_nielsen").click().run()
    assert store.content(code)[0] == "lesson"  # not on a stage that drives the class: nothing yet
    teacher.switch_page("pages/lessons.py").run()  # the lesson is detached there: no stage, no panel
    assert store.content(code)[0] == "lesson" and store.state(code).point["network"] == 0
    teacher.switch_page("pages/step.py").run()
    assert not teacher.exception, teacher.exception
    kind, content = store.content(code)
    got = store.state(code)
    assert kind == "scenario" and got.question is None and got.point["network"] == 1
    assert json.loads(content)["layers"] == teacher.session_state["scenario"]["layers"]
    assert any(en("live.followed") in m.value for m in teacher.info)
    student.run()  # the push listener
    assert not student.exception, student.exception
    assert phase(student) == phase(teacher)
    assert student.session_state["scenario"]["layers"] == teacher.session_state["scenario"]["layers"]
    assert any(en("live.new_network") in m.value for m in student.info)
    assert not any(w.key and w.key.startswith("live_answer_") for w in student.text_input)
    teacher.session_state["stepper"].sub_step()  # as the presenter's key steps it
    teacher.run()
    student.run()
    assert phase(student) == phase(teacher) and store.state(code).point["network"] == 1


def test_a_network_too_large_to_share_is_said_once_and_the_class_stays(store, monkeypatch):
    teacher = fresh("step", {"preset": "mazur", "present": "1"})
    button(teacher, "live_start").click().run()
    code = CODE.search(" ".join(m.value for m in teacher.markdown)).group(1)
    teacher.switch_page("pages/presets.py").run()
    button(teacher, "presets_load_nielsen").click().run()
    monkeypatch.setattr("ui.live.store.CONTENT_MAX", len(formats.dumps(teacher.session_state["scenario"])) - 1)
    teacher.switch_page("pages/step.py").run()
    assert any(en("live.unshared") in m.value for m in teacher.warning)
    assert store.state(code).point["network"] == 0 and "Mazur" in store.content(code)[1]
    teacher.run()
    assert not any(en("live.unshared") in m.value for m in teacher.warning)  # said once
    assert store.state(code).point["network"] == 0
