"""The Lessons page and the presenter view, driven by AppTest: open, play, leave and come back, edit,
download and upload lessons; ?lesson=NAME and ?present=1 links; the presenter's keys' callbacks."""
import json

import pytest

from engine.teach.classroom import lesson as lessons
from tests.apptest import button, en, fresh
from ui.session import keys
from ui.stage import keyboard


def opened(name="mazur", page="lessons"):
    at = fresh(page)
    at.selectbox(key="lesson_pick").set_value(name).run()
    button(at, "lesson_open").click().run()
    assert not at.exception, at.exception
    return at


def phase_line(at) -> str:
    return next(i.value for i in at.info if en("step.step_no") in i.value)


def stop_no(at) -> int:
    return at.session_state["lesson"]["stop"]


def note_shown(at, lesson, i, lang="en") -> bool:
    return any(lessons.text(lesson.stops[i].note, lang)[:60] in m.value for m in at.markdown)


def expected_phase(lesson, i) -> tuple:
    return lessons.stepper_at(lesson, i).phase()


@pytest.mark.parametrize("name", lessons.names())
def test_every_builtin_lesson_plays_end_to_end_through_the_page(name):
    """Next stop visits every stop: its note shown, the network at its point (the phase), its selection."""
    at, lesson = opened(name), lessons.get(name)
    for i in range(len(lesson.stops)):
        if i:
            button(at, "lesson_next").click().run()
            assert not at.exception, at.exception
        stepper = at.session_state[keys.STEPPER]
        assert stop_no(at) == i and stepper.phase() == lesson.stops[i].phase
        assert (len(stepper.records), stepper.cursor) == lessons.point(lesson.stops[i], stepper.L)
        assert note_shown(at, lesson, i)
        assert at.session_state["selection"] == lesson.stops[i].select
        assert f"{en('step.step_no')} {len(stepper.records) + (stepper.pending is not None)}" in phase_line(at)
    assert button(at, "lesson_next").disabled


def test_previous_goes_back_a_stop_and_the_figure_follows_the_stops_view():
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    button(at, "lesson_next").click().run()
    button(at, "lesson_prev").click().run()
    lesson = lessons.get("mazur")
    assert stop_no(at) == 1 and at.session_state[keys.STEPPER].phase() == lesson.stops[1].phase
    assert at.session_state["view"]["node"] == lesson.stops[1].view["node"]


def test_notes_fall_back_to_the_other_language():
    at = opened("mazur")
    at.session_state["lang"] = "zh"
    at.run()
    assert note_shown(at, lessons.get("mazur"), 0, "zh")


def test_question_answer_box_checks_with_the_engine():
    at = opened("mazur")
    button(at, "lesson_next").click().run()  # stop 2 asks for out_h2
    at.number_input(key="lesson_answer").set_value(0.5968844).run()
    button(at, "lesson_check").click().run()
    assert at.success and en("lesson.right") in at.success[0].value
    at.number_input(key="lesson_answer").set_value(0.59).run()
    button(at, "lesson_check").click().run()
    assert en("lesson.wrong") in at.error[0].value


def test_a_question_states_its_tolerance_and_a_wrong_answer_shows_the_accepted_value():
    """Mazur's stop 2 said only "Not quite" to 0.5969 (tolerance 1e-6): now 0.5969 is right, the box
    says how near is near enough without giving the answer away, and a wrong answer shows it."""
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    stated = en("lesson.tolerance", within="0.5 %")
    assert any(stated in c.value for c in at.caption)
    assert not any("0.5969" in m.value or "0.596884" in m.value for m in [*at.markdown, *at.caption, *at.info])
    at.number_input(key="lesson_answer").set_value(0.5969).run()
    button(at, "lesson_check").click().run()
    assert at.success and not at.error
    at.number_input(key="lesson_answer").set_value(0.5933).run()  # out_h1, not out_h2
    button(at, "lesson_check").click().run()
    assert en("lesson.accepted", value="0.596884", within="0.5 %") in at.error[0].value
    assert any("0.3925" in i.value for i in at.info)  # the reveal: how it is worked out


def test_a_question_without_a_number_offers_choices_and_a_free_reveal():
    """The symmetry lesson's "how many different hidden neurons" said "look at the formula again"."""
    at = opened("symmetry")
    for _ in range(3):
        button(at, "lesson_next").click().run()
    radio = at.radio(key="lesson_answer")
    assert list(radio.options) == ["1", "2", "4"]
    assert not at.info or not any("One." in i.value for i in at.info)
    button(at, "lesson_reveal").click().run()
    assert any("One." in i.value for i in at.info)
    at = opened("symmetry")
    for _ in range(3):
        button(at, "lesson_next").click().run()
    at.radio(key="lesson_answer").set_value(2).run()
    button(at, "lesson_check").click().run()
    assert en("lesson.wrong") == at.error[0].value and "formula" not in at.error[0].value
    assert any("One." in i.value for i in at.info)
    at.radio(key="lesson_answer").set_value(0).run()
    button(at, "lesson_check").click().run()
    assert at.success


def answered_stop_2():
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    at.number_input(key="lesson_answer").set_value(0.5968844).run()
    button(at, "lesson_check").click().run()
    assert at.success
    return at


def unanswered(at) -> bool:
    return (at.number_input(key="lesson_answer").value is None and not at.success and not at.error
            and at.session_state["lesson"]["verdict"] is None)


def test_the_next_question_starts_with_an_empty_box_and_no_verdict():
    """Mazur asks at stops 2 and 6: what was typed at stop 2 is not the answer to stop 6."""
    at = answered_stop_2()
    for _ in range(4):
        button(at, "lesson_next").click().run()
    assert stop_no(at) == 5 and unanswered(at)
    button(at, "lesson_check").click().run()  # checking an empty box gives no verdict
    assert not at.exception and unanswered(at)


def test_an_edited_question_stop_is_unanswered_again():
    """Saving the stop's note keeps the student at the stop, with the box and its verdict cleared together."""
    at = answered_stop_2()
    key = next(a.key for a in at.text_area if a.key.startswith("lesson_edit_note"))
    at.text_area(key=key).input("The hidden layer, once more.").run()
    button(at, "lesson_save").click().run()
    assert stop_no(at) == 1 and unanswered(at)


def test_try_it_yourself_then_back_to_the_stop_where_the_student_left():
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    button(at, "lesson_try").click().run()
    assert en("lesson.free", i=2) in at.info[0].value
    at.switch_page("pages/step.py").run()
    for _ in range(3):
        button(at, "step_whole").click().run()
    assert len(at.session_state[keys.STEPPER].records) == 3
    at.switch_page("pages/lessons.py").run()
    button(at, "lesson_back").click().run()
    stepper, lesson = at.session_state[keys.STEPPER], lessons.get("mazur")
    assert stop_no(at) == 1 and stepper.phase() == lesson.stops[1].phase and not stepper.records
    assert note_shown(at, lesson, 1)


def test_a_replaced_network_detaches_the_lesson_and_back_brings_it_again():
    """The open lesson is per session; a network loaded from elsewhere is not the lesson's: the page says
    so, and Back to the lesson installs the lesson's network at its stop."""
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_nielsen").click().run()
    at.switch_page("pages/lessons.py").run()
    assert en("lesson.detached", i=2) in at.warning[0].value
    button(at, "lesson_back").click().run()
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 2, 2)
    assert at.session_state[keys.STEPPER].phase() == lessons.get("mazur").stops[1].phase and not at.warning


def test_add_a_note_here_then_edit_delete_and_download_it(media_stores):
    at = opened("symmetry")
    n = len(lessons.get("symmetry").stops)
    at.switch_page("pages/step.py").run()
    button(at, "step_fwd").click().run()  # the teacher steps on, then writes
    at.switch_page("pages/lessons.py").run()
    at.text_area(key="lesson_new_note").input("Look: *both* hidden neurons agree.").run()
    button(at, "lesson_add").click().run()
    lesson = at.session_state["lesson"]["lesson"]
    assert len(lesson.stops) == n + 1 and stop_no(at) == 1
    assert lesson.stops[1].note == {"en": "Look: *both* hidden neurons agree."} and lesson.stops[1].at == "forward"
    key = next(a.key for a in at.text_area if a.key.startswith("lesson_edit_note"))
    at.text_area(key=key).input("Both hidden neurons agree.").run()
    button(at, "lesson_save").click().run()
    assert at.session_state["lesson"]["lesson"].stops[1].note["en"] == "Both hidden neurons agree."
    url = next(b for b in at.download_button if b.key == "lesson_download").proto.url
    again = lessons.read(media_stores[-1].get_file(url.rsplit("/", 1)[1]).content)
    assert again.stops[1].note["en"] == "Both hidden neurons agree." and len(again.stops) == n + 1
    button(at, "lesson_delete").click().run()
    assert len(at.session_state["lesson"]["lesson"].stops) == n


def test_add_a_note_without_a_lesson_starts_one_on_the_network_on_screen():
    at = fresh("step")
    button(at, "step_fwd").click().run()
    at.switch_page("pages/lessons.py").run()
    at.text_area(key="lesson_new_note").input("The first layer.").run()
    button(at, "lesson_add").click().run()
    lesson = at.session_state["lesson"]["lesson"]
    assert [(s.step, s.at, s.layer) for s in lesson.stops] == [(0, "forward", 1)]
    assert at.session_state[keys.STEPPER].phase() == ("forward", 1)
    assert lesson.title == {"en": en("lesson.new_title")}


def test_upload_a_good_lesson_opens_it_and_a_bad_one_changes_nothing():
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    before = at.session_state[keys.STEPPER]
    bad = json.dumps({**lessons.dump(lessons.get("vanishing")), "stops": []}).encode()
    at.file_uploader(key="lesson_upload").upload("broken.json", bad).run()
    assert any("broken.json" in e.value and "stops" in e.value for e in at.error)
    assert at.session_state[keys.STEPPER] is before and stop_no(at) == 1
    assert at.session_state["lesson"]["name"] == "mazur"
    good = lessons.dumps(lessons.get("vanishing")).encode()
    at.file_uploader(key="lesson_upload").upload("deep.json", good).run()
    assert at.session_state["lesson"]["lesson"].title == lessons.get("vanishing").title and stop_no(at) == 0
    assert not any("deep.json" in e.value for e in at.error)


def test_lesson_link_opens_a_builtin_lesson_on_any_page():
    at = fresh(query={"lesson": "symmetry"})
    lesson = lessons.get("symmetry")
    assert at.session_state["lesson"]["lesson"] is lesson
    assert at.session_state[keys.STEPPER].phase() == lesson.stops[0].phase
    at = fresh(query={"lesson": "nosuch"})
    assert "lesson" not in at.session_state and "nosuch" in at.warning[0].value


def test_a_lesson_link_lands_on_the_lesson_and_keeps_it_in_the_address():
    """/?lesson=mazur opened Build with no note and no stop buttons, and the address lost lesson=."""
    at = fresh(query={"lesson": "mazur"})
    assert at.title[0].value == en("lesson.title") and "lesson_next" in {b.key for b in at.button}
    assert note_shown(at, lessons.get("mazur"), 0)
    assert at.query_params["lesson"] == "mazur" and at.query_params["preset"] == "mazur"
    button(at, "lesson_next").click().run()
    assert at.query_params["lesson"] == "mazur"
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_logreg").click().run()  # another network: the lesson is left, and the address says so
    assert "lesson" not in at.query_params


def test_the_sidebars_notation_box_follows_the_lesson_opened():
    at = opened("mazur")
    assert at.selectbox(key="side_notation").value == "mazur"
    at.selectbox(key="lesson_pick").set_value("ng_regularisation").run()
    button(at, "lesson_open").click().run()
    assert at.session_state[keys.NOTATION] == "ng" and at.selectbox(key="side_notation").value == "ng"


def test_present_link_draws_the_presenter_step_page_and_exit_returns():
    at = fresh("step", {"present": "1"})
    assert [b.key for b in at.button] == ["present_exit", "live_start"]  # the way out, and a live class to start
    assert any(c.proto.id.endswith("-present_fig") for c in at.get("bidi_component"))
    button(at, "present_exit").click().run()
    assert "step_fwd" in {b.key for b in at.button}
    at.toggle(key="side_present").set_value(True).run()
    assert at.session_state["present"] and "step_fwd" not in {b.key for b in at.button}


@pytest.mark.parametrize("presses,phase", [(["next"], ("forward", 1)), (["next", "next", "prev"], ("forward", 1)),
                                            (["whole"], ("update", None)), (["whole", "prev"], ("backward", 1))])
def test_presenter_keys_call_the_step_buttons_callbacks(session, presses, phase):
    for what in presses:
        keyboard.press(what)
    assert session[keys.STEPPER].phase() == phase


def test_clicker_and_arrow_keys_are_the_same_presses():
    assert keyboard.PRESSES["PageDown"] == keyboard.PRESSES["ArrowRight"] == "next"
    assert keyboard.PRESSES["PageUp"] == keyboard.PRESSES["ArrowLeft"] == "prev"


def test_view_and_blank_keys(session):
    keyboard.press("d")
    keyboard.press("u")
    assert session["view"]["node"] == "delta" and session["view"]["edge"] == "update"
    keyboard.press("blank")
    assert session["blank"]
    keyboard.press("blank")
    assert not session["blank"]


def test_close_the_lesson_keeps_the_network():
    at = opened("mazur")
    button(at, "lesson_next").click().run()
    stepper = at.session_state[keys.STEPPER]
    button(at, "lesson_close").click().run()
    assert "lesson" not in at.session_state and at.session_state[keys.STEPPER] is stepper
    assert "lesson_next" not in {b.key for b in at.button}
