"""The update an optimiser really made, as the Step page, the worked example and the quiz show it."""
import numpy as np

from engine.teach.classroom import quiz
from engine.teach.screen import view
from engine.teach.worked import explain
from engine.teach.worked.formulas import fmt
from tests.helpers import MAZUR, bits, run, stepper

ADAM = {**MAZUR, "optimizer": {"name": "adam", "beta1": 0.8, "beta2": 0.99}}
MOMENTUM = {**MAZUR, "optimizer": {"name": "momentum", "momentum": 0.9}}


def test_the_update_shown_is_w_after_minus_w_before_bit_for_bit_for_adam():
    st = run(ADAM, 3)
    v = view.current(st)
    rec = st.records[-1]
    for l in range(2):
        assert bits(v.update[l]) == bits(rec.W_after[l] - rec.W_before[l])
        assert not np.array_equal(v.update[l], -rec.lr * rec.dW[l])  # Adam's step is not -lr dW


def test_the_worked_example_of_an_adam_step_shows_m_hat_and_v_hat_with_the_engines_numbers():
    st = run(ADAM, 2)
    rec, sc = st.records[-1], st.sc
    text = explain.worked_example(st)
    m, v = rec.state_after["W"][1]["m"][0, 1], rec.state_after["W"][1]["v"][0, 1]
    m_hat, v_hat = m / (1 - 0.8 ** 2), v / (1 - 0.99 ** 2)
    found = {f.lhs: f for f in explain.edge_formulas(rec, sc, "engine", 2, 0, 1)}
    assert found[r"\hat m_t"].value == m_hat and found[r"\hat v_t"].value == v_hat
    assert found["m_t"].value == m and found["v_t"].value == v
    assert found[r"\hat m_t"].latex in text and found[r"\hat v_t"].latex in text
    assert [f.value for f in found.values() if f.arrow] == [rec.W_after[1][0, 1]]
    # the step line divides m-hat by the root of v-hat: those numbers, not -lr dW
    step = next(f for f in found.values() if f.arrow)
    assert step.used == (rec.W_before[1][0, 1], sc.lr, m_hat, v_hat, 1e-8)
    assert "Adam" in text and r"\eta_t" not in text  # no schedule: no schedule line


def test_the_quiz_asks_for_the_momentum_update_with_the_engines_value_and_its_givens():
    st = run(MOMENTUM, 2)
    rec, sc = st.records[-1], st.sc
    q = quiz.pick(rec, sc.net, rec.lr, "W_new", layer=1, j=1, k=0, sc=sc)
    v_before = rec.state_before["W"][0]["v"][1, 0]
    assert q.value == rec.W_after[0][1, 0]
    words = quiz.prompt(q, "en")
    assert "momentum" in words.lower() and f"v_{{t-1}} = {fmt(v_before, 6)}" in words and "t = 2" in words
    derived = quiz.derivation(q, rec, sc)
    v = rec.state_after["W"][0]["v"][1, 0]
    assert [f.kind for f in derived] == ["dW", "opt", "W"]
    assert derived[1].value == v == 0.9 * v_before + rec.dW[0][1, 0]
    assert derived[2].used == (rec.W_before[0][1, 0], rec.lr, v) and derived[2].value == q.value
    assert quiz.check(q, repr(float(rec.W_before[0][1, 0] - rec.lr * v))).correct


def test_sgd_keeps_its_one_line_update_and_its_plain_prompt():
    st = stepper(MAZUR)
    st.step()
    rec = st.records[-1]
    q = quiz.pick(rec, st.sc.net, rec.lr, "W_new", layer=2, j=0, k=0, sc=st.sc)
    assert q.key == "quiz.prompt.W_new" and not q.given
    assert [f.kind for f in quiz.derivation(q, rec, st.sc)] == ["dW", "W"]


def test_a_schedule_puts_the_lr_this_step_used_in_the_worked_example():
    st = run({**ADAM, "schedule": {"name": "exponential", "gamma": 0.5}}, 3)
    text = explain.worked_example(st, lang="zh")
    assert st.records[-1].lr == 0.125 and r"\alpha = 0.125" in text and r"\alpha_t = \alpha_0" in text
