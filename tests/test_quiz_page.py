"""The Quiz page, driven by AppTest: a chosen value is asked, checked, and derived with Mazur's numbers
in the chosen notation."""
import re

import pytest

from engine.teach.classroom import quiz

from engine.text import i18n
from tests.apptest import button, element_of, en, fresh, hovered, markdown_with
from ui.session import keys

NUM = re.compile(r"-?\d+(?:\.\d+)?")
# Matt Mazur's printed numbers for his hidden unit h1: dout_h1/dnet_h1, w5, w7, and the output error
# terms delta_o1 = dE/dout_o1 * dout_o1/dnet_o1 = 0.74136507 * 0.186815602 and
# delta_o2 = -0.217071535 * 0.175510053
MAZUR_H1 = [0.241300709, 0.40, 0.74136507 * 0.186815602, 0.50, -0.217071535 * 0.175510053]
MAZUR_DELTA_H1 = 0.036350306 * 0.241300709  # his dE_total/dout_h1 * dout_h1/dnet_h1


def four_digits(x):
    return float(f"{x:.4g}")


def mazur_quiz(**choice):
    at = fresh("presets")
    button(at, "presets_load_mazur").click().run()
    at.switch_page("pages/quiz.py").run()
    button(at, "quiz_step").click().run()
    for field, value in choice.items():
        at.selectbox(key=f"quiz_{field}").set_value(value).run()
    button(at, "quiz_new").click().run()
    assert not at.exception, at.exception
    return at


def answer(at, text):
    at.text_input(key="quiz_answer").set_value(text)
    at.button[-1].click().run()  # the form's Check button
    assert not at.exception, at.exception


def test_a_chosen_delta_is_asked_and_its_derivation_shows_mazurs_numbers():
    at = mazur_quiz(kind="delta", layer=1, j=0)
    q = at.session_state[keys.QUIZ]["question"]
    assert (q.kind, q.layer, q.index) == ("delta", 1, (0,))
    assert not at.latex  # nothing is derived before the answer is checked
    answer(at, "0.00877")
    assert at.success and at.session_state[keys.QUIZ]["score"].right == 1
    formula = next(x.body for x in at.latex if r"\delta^{[1]}_{0} =" in x.body)
    numbers = formula.strip("$\n").split(" = ")[2]  # name = rule = numbers = result
    assert [float(v) for v in NUM.findall(numbers)] == [four_digits(v) for v in MAZUR_H1]
    assert float(formula.strip("$\n").split(" = ")[-1]) == four_digits(MAZUR_DELTA_H1)


def test_prompt_derivation_and_figure_follow_the_notation():
    at = mazur_quiz(kind="delta", layer=1, j=0)
    answer(at, "0.00877")
    at.selectbox(key="side_notation").set_value("ufldl").run()
    prompt = next(m.value for m in at.markdown if m.value.startswith("####"))
    assert r"$\delta^{(1)}_{1}$" in prompt and "neuron 1 in layer 1" in prompt
    assert any(r"W^{(2)}_{11}\,\delta^{(2)}_{1}" in x.body for x in at.latex)
    names = [e[4] for e in element_of(at, "quiz_fig")["edges"]]
    assert "W⁽¹⁾₁₁" in names  # UFLDL's W^(1)_11, as plain text in the figure, its tooltips and names
    assert not any("W[1]" in n or "₀" in n for n in names)


def test_a_weight_gradient_in_ngs_notation_is_derived_through_his_delta():
    at = mazur_quiz(kind="dW", layer=1, j=0, k=0)
    at.selectbox(key="side_notation").set_value("ng").run()
    answer(at, "0.000440")  # his dE/dw1 = 0.000438568, answered to 0.3%
    assert at.success
    bodies = [x.body for x in at.latex]
    assert any(r"\Delta^{(1)}_{11}" in b for b in bodies)
    assert float(bodies[-1].strip("$\n").split(" = ")[-1]) == four_digits(0.000438568)


def test_loading_a_smaller_network_drops_the_chosen_layer_and_the_old_question():
    at = mazur_quiz(kind="z", layer=2, j=1)
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_linreg").click().run()  # one weight layer, one neuron
    at.switch_page("pages/quiz.py").run()
    button(at, "quiz_step").click().run()
    assert not at.exception and at.session_state[keys.QUIZ]["question"] is None
    assert at.selectbox(key="quiz_layer").value == "random"
    button(at, "quiz_new").click().run()
    assert at.session_state[keys.QUIZ]["question"].layer == 1


@pytest.mark.parametrize("kind", ["a", "W_new"])
def test_every_kind_can_be_chosen_in_chinese(kind):
    at = fresh(query={"lang": "zh"})
    at.switch_page("pages/quiz.py").run()
    button(at, "quiz_step").click().run()
    at.selectbox(key="quiz_kind").set_value(kind).run()
    at.selectbox(key="quiz_layer").set_value(2).run()
    button(at, "quiz_new").click().run()
    q = at.session_state[keys.QUIZ]["question"]
    assert q.kind == kind and q.layer == 2
    answer(at, repr(q.value))
    assert at.success and at.latex


def test_the_page_states_the_rule_it_applies_and_a_small_value_gets_no_absolute_slack():
    at = mazur_quiz(kind="dW", layer=1, j=0, k=0)
    assert any(quiz.rule("en") in c.value for c in at.caption)
    answer(at, "0.00053")  # 20% above his dE/dw1 = 0.000438568
    assert at.error and not at.success and at.session_state[keys.QUIZ]["score"].right == 0


def test_an_empty_answer_asks_for_a_number_and_the_score_stays():
    at = mazur_quiz(kind="delta", layer=1, j=0)
    answer(at, "")
    assert [w.value for w in at.warning] == [quiz.explain(at.session_state[keys.QUIZ]["verdict"], "en")]
    assert at.warning[0].value.startswith("Type a number first") and not at.error
    assert at.session_state[keys.QUIZ]["score"] == quiz.Score()
    answer(at, "0.00877")  # the question is still open for a real answer
    assert at.success and at.session_state[keys.QUIZ]["score"] == quiz.Score(1, 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_shows_the_samples_x_and_y_where_it_says_they_are(lang):
    at = mazur_quiz(kind="a", layer=2, j=0)
    if lang == "zh":
        at.selectbox(key="side_lang").set_value("zh").run()
    line = markdown_with(at, i18n.text(lang, "quiz.sample", i=0))
    # Mazur's one sample: x = (0.05, 0.10), y = (0.01, 0.99); every number exact on hover
    assert list(hovered(line).values()) == ["0.05", "0.1", "0.01", "0.99"]
    assert "$x$ = (" in line and line.index("$x$ = (") < line.index("$y$ = (")
    given = next(c.value for c in at.caption if i18n.text(lang, "quiz.givens") in c.value)
    assert ("x" in given and "y" in given) and given.index(i18n.text(lang, "quiz.givens")) == 0


def test_a_second_answer_to_an_answered_question_is_told_not_ignored():
    """Typing 5 and Enter after a right answer left the green "Correct" alone, the 5 silently dropped."""
    at = mazur_quiz(kind="delta", layer=1, j=0)
    answer(at, "0.00877")
    assert at.success and not at.info
    answer(at, "5")
    assert at.success and at.session_state[keys.QUIZ]["score"] == quiz.Score(1, 1)
    assert [i.value for i in at.info] == [en("quiz.already", verdict=en("quiz.already_right"))]
    button(at, "quiz_new").click().run()  # a new question: no such note
    assert not at.info
