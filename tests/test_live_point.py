"""The teacher's point (ui.live.point): a student's copy of the class's network reaches exactly the
teacher's sub-step, forward and back; the on-the-spot question's value is the engine's; the spread."""
import pytest

from engine.teach.classroom import lesson as lessons
from ui.live import point as live
from ui.live.store import check_point
from tests.helpers import MAZUR, bits, random_scenario, stepper


@pytest.mark.parametrize("moves", [[], ["sub"] * 3, ["sub"] * 6, ["step", "sub", "sub"], ["step"] * 3 + ["back"],
                                   ["step", "step", "sub", "back", "back", "back"]])
def test_a_student_reaches_the_teachers_sub_step_bit_for_bit(moves):
    src = random_scenario([3, 4, 2], "tanh", "squared_error", "linear", m=4)
    teacher, student = stepper(src), stepper(src)
    for move in moves:
        {"sub": teacher.sub_step, "step": teacher.step, "back": teacher.back}[move]()
        point = check_point(live.point_of(teacher, select="n1_0", view={"node": "delta", "edge": "dW"}))
        live.reach(student, point)
        assert student.phase() == teacher.phase() and live.at(student) == live.at(teacher)
        assert bits(student.W[0]) == bits(teacher.W[0]) and bits(student.W[1]) == bits(teacher.W[1])
    student.step()  # the student's copy is theirs: it steps on (Explore on my own), and comes back
    live.reach(student, live.point_of(teacher))
    assert live.at(student) == live.at(teacher) and bits(student.W[1]) == bits(teacher.W[1])


def test_a_lesson_class_follows_the_stop_and_the_keys_between_stops():
    lesson = lessons.get("mazur")
    teacher = lessons.stepper_at(lesson, 3)
    teacher.sub_step()
    got = live.lesson_stepper(lesson, live.point_of(teacher, stop=3))
    assert got.phase() == teacher.phase() and live.at(got) == live.at(teacher)
    again = live.lesson_stepper(lesson, live.point_of(teacher, stop=3), got)
    assert again is got  # the same scene: the student's own machine is reused


def test_the_teacher_asks_about_what_is_revealed_and_the_engine_answers():
    mazur = stepper(MAZUR)
    assert live.spot(mazur, "n2_0") is None  # nothing backward yet
    for _ in range(4):  # forward 1, 2, loss, backward 2
        mazur.sub_step()
    kind, _, value = live.spot(mazur, "n2_0")
    assert kind == "delta" and value == pytest.approx(0.13849856, abs=1e-8)  # Mazur's own worked number
    kind, _, value = live.spot(mazur, "e2_0_0")
    assert kind == "dW" and value == pytest.approx(0.082167041, abs=1e-8)  # his dE_total/dw5
    assert live.spot(mazur, "e1_0_0") is None and live.spot(mazur, "<b>") is None


def test_the_spread_counts_the_answers_within_tolerance():
    question = {"answer": 0.5, "tolerance": 0.01}
    got = live.spread(question, [0.5, 0.505, 0.6, 0.2, 0.499])
    assert (got["n"], got["right"], got["share"]) == (5, 3, 0.6)
    assert sum(got["counts"]) == 5 and got["edges"][0] <= 0.2 and got["edges"][-1] >= 0.6
    assert live.spread(question, [])["counts"] == []
    same = live.spread(None, [1.0, 1.0])
    assert same["counts"] == [2] and same["right"] is None
