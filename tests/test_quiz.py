"""Quiz: the hidden value is the step's own, answers are read leniently and judged with tolerance."""
import dataclasses

import numpy as np
import pytest

from engine import quiz
from engine.errors import EngineError
from engine.gradcheck import batch_cost
from tests.helpers import random_scenario, stepper

LR = 0.3


@pytest.fixture(scope="module")
def stepped():
    src = random_scenario([3, 4, 2], "sigmoid", "squared_error", "sigmoid", lam=0.5, m=5, seed=9, lr=LR,
                          batch=3, shuffle_seed=4)
    st = stepper(src)
    st.step()
    return st, st.records[-1]


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def reference(st, rec, q):
    """The asked value recomputed by hand from the step's inputs and starting parameters."""
    l0, j = q.layer - 1, q.index[0]
    W, b, x = rec.W_before, rec.b_before, st.sc.X[:, q.sample] if q.sample is not None else None
    if q.kind in ("z", "a", "delta"):
        a1 = sig(W[0] @ x + b[0])
        a2 = sig(W[1] @ a1 + b[1])
        z = [W[0] @ x + b[0], W[1] @ a1 + b[1]][l0]
        d2 = (a2 - st.sc.Y[:, q.sample]) * a2 * (1 - a2)
        delta = [(W[1].T @ d2) * a1 * (1 - a1), d2][l0]
        return {"z": z, "a": sig(z), "delta": delta}[q.kind][j]
    if q.kind == "dW":  # central difference of the step's batch cost
        X, Y = st.sc.X[:, rec.samples], st.sc.Y[:, rec.samples]
        costs = []
        for h in (1e-6, -1e-6):
            Wh = [w.copy() for w in W]
            Wh[l0][q.index] += h
            costs.append(batch_cost(st.sc.net, Wh, b, X, Y))
        return (costs[0] - costs[1]) / 2e-6
    return W[l0][q.index] - LR * rec.dW[l0][q.index]


@pytest.mark.parametrize("kind", sorted(quiz.KINDS))
@pytest.mark.parametrize("seed", range(6))
def test_the_asked_value_is_the_steps_value(stepped, kind, seed):
    st, rec = stepped
    q = quiz.pick(rec, st.sc.net, LR, kind=kind, seed=seed, column=seed % 3)
    assert q.kind == kind and 1 <= q.layer <= 2 and q.key == f"quiz.prompt.{kind}"
    assert 0 <= q.index[0] < st.sc.net.layers[q.layer]
    if kind in ("dW", "W_new"):
        assert len(q.index) == 2 and 0 <= q.index[1] < st.sc.net.layers[q.layer - 1]
        assert q.column is None and q.sample is None
    else:
        assert q.column == seed % 3 and q.sample == rec.samples[q.column]
    tol = 1e-7 if kind == "dW" else 1e-12
    assert q.value == pytest.approx(reference(st, rec, q), rel=tol, abs=tol)


def test_a_seeded_pick_is_reproducible_and_seeds_vary_it(stepped):
    st, rec = stepped
    again = [quiz.pick(rec, st.sc.net, LR, seed=s) for s in range(40)]
    assert again == [quiz.pick(rec, st.sc.net, LR, seed=s) for s in range(40)]
    assert {q.kind for q in again} == set(quiz.KINDS)
    assert len({(q.kind, q.layer, q.index) for q in again}) > 20


def test_refusals(stepped):
    st, rec = stepped
    with pytest.raises(EngineError, match="W_new"):
        quiz.pick(rec, st.sc.net, LR, kind="b_new")
    summary = dataclasses.replace(rec)
    summary.summarise()
    with pytest.raises(EngineError):
        quiz.pick(summary, st.sc.net, LR)


@pytest.mark.parametrize("text,value", [
    ("0.1385", 0.1385), ("-1.2e-3", -1.2e-3), ("  .5 ", 0.5), ("5.", 5.0), ("+2E2", 200.0),
    ("０．５", 0.5), ("－１．２ｅ－３", -1.2e-3), ("0,5", 0.5), ("0，5", 0.5), ("0。5", 0.5),
    ("\u22120.25", -0.25), ("- 0.25", -0.25), ("\t3\n", 3.0),
])
def test_answers_are_read_in_the_forms_students_type(text, value):
    assert quiz.read_number(text) == value


@pytest.mark.parametrize("text", ["", "   ", "abc", "0.5a", "1,234.5", "1,2,3", "1.2.3", "nan", "inf",
                                  "-infinity", "1e999", "0x10", "1_000", "--1", "e5", ".", None, 0.5])
def test_unreadable_answers_are_wrong_with_a_reason_never_an_exception(text):
    q = quiz.Question("z", 1, (0,), 0, 0, 0.5, "quiz.prompt.z", LR, 1)
    v = quiz.check(q, text)
    assert v == quiz.Verdict(False, 0.5, None, None, "quiz.unreadable")


def question(value):
    return quiz.Question("dW", 2, (1, 0), None, None, value, "quiz.prompt.dW", LR, 3)


@pytest.mark.parametrize("value,text,correct", [
    (0.1385, "0.1385", True), (0.1385, "0.1397", True),  # 0.0012 <= 1% of 0.1385
    (0.1385, "0.1399", False), (0.1385, "0.137", False),  # 0.0014, 0.0015 > 0.001385
    (1.0, "1.0101", False), (1.0, "0.9901", True),  # the 1% is of the true value, not of the answer
    (-2.0, "-1.981", True), (-2.0, "-1.979", False), (-2.0, "2", False),
    (1e-5, "0", True), (1e-5, "1.05e-4", True), (1e-5, "1.2e-4", False),  # abs_tol 1e-4 near zero
])
def test_tolerance(value, text, correct):
    v = quiz.check(question(value), text)
    assert v.correct is correct and v.value == value
    assert v.error == pytest.approx(abs(float(text) - value), rel=1e-12, abs=1e-18)
    assert v.reason == ("quiz.right" if correct else "quiz.wrong")


def test_tolerances_can_be_tightened():
    assert not quiz.check(question(0.1385), "0.1397", rel_tol=1e-3, abs_tol=0.0).correct
    assert quiz.check(question(0.1385), "0.13855", rel_tol=1e-3, abs_tol=0.0).correct


def test_score_is_immutable_and_counts_readable_answers():
    q = question(0.25)
    start = quiz.Score()
    s = start.add(quiz.check(q, "0.25")).add(quiz.check(q, "0.3")).add(quiz.check(q, "oops"))
    assert (start.asked, start.right) == (0, 0)
    assert (s.asked, s.right) == (2, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.asked = 5


def test_prompts_and_verdicts_read_in_both_languages(stepped):
    st, rec = stepped
    for kind in quiz.KINDS:
        q = quiz.pick(rec, st.sc.net, LR, kind=kind, seed=1)
        en, zh = quiz.prompt(q, "en"), quiz.prompt(q, "zh")
        assert en != zh and f"{q.layer}" in en and f"{q.layer}" in zh
        if q.sample is not None:
            assert f"#{q.sample}" in en and f"#{q.sample}" in zh
    assert "0.3" in quiz.prompt(quiz.pick(rec, st.sc.net, LR, kind="W_new"), "zh")
    for text in ("0.1385", "0.5", "x"):
        v = quiz.check(question(0.1385), text)
        assert quiz.explain(v, "en") != quiz.explain(v, "zh")
    assert "0.1385" in quiz.explain(quiz.check(question(0.1385), "0.5"), "en")
