"""Quiz: the hidden value is the step's own, answers are read leniently and judged with tolerance."""
import dataclasses
import types

import numpy as np
import pytest

from engine.core.maths.gradcheck import batch_cost
from engine.teach.classroom import quiz
from engine.text.errors import EngineError
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


@pytest.mark.parametrize("kind", sorted(quiz.KINDS))
def test_the_student_can_fix_the_layer_the_neuron_and_the_sending_neuron(stepped, kind):
    st, rec = stepped
    edge = kind in ("dW", "W_new")
    for seed in range(5):
        q = quiz.pick(rec, st.sc.net, LR, kind=kind, seed=seed, layer=2, j=1, k=3 if edge else None)
        assert (q.layer, q.index) == ((2, (1, 3)) if edge else (2, (1,)))
        assert q.value == pytest.approx(reference(st, rec, q), rel=1e-7 if kind == "dW" else 1e-12)
    # the layer fixed, the neuron (and sending neuron) drawn within it
    drawn = {quiz.pick(rec, st.sc.net, LR, kind=kind, seed=s, layer=1).index for s in range(30)}
    assert len(drawn) > 1 and all(0 <= i[0] < 4 and (not edge or 0 <= i[1] < 3) for i in drawn)
    assert {quiz.pick(rec, st.sc.net, LR, kind=kind, seed=s, layer=1).layer for s in range(10)} == {1}


@pytest.mark.parametrize("fixed,field", [
    (dict(layer=0), "layer"), (dict(layer=3), "layer"), (dict(layer=True), "layer"), (dict(layer="2"), "layer"),
    (dict(layer=1, j=4), "j"), (dict(layer=2, j=-1), "j"), (dict(layer=2, j=0, k=4, kind="dW"), "k"),
    (dict(layer=2, j=0, k=0, kind="z"), "k"), (dict(j=0), "layer"),
])
def test_a_choice_the_network_does_not_have_is_refused_naming_the_field(stepped, fixed, field):
    st, rec = stepped
    with pytest.raises(EngineError) as err:
        quiz.pick(rec, st.sc.net, LR, **{"kind": "a", **fixed})
    assert err.value.field == field


def test_refusals(stepped):
    st, rec = stepped
    with pytest.raises(EngineError, match="W_new"):
        quiz.pick(rec, st.sc.net, LR, kind="b_new")
    summary = types.SimpleNamespace(full=False)  # what a step past the memory budget keeps: no arrays
    with pytest.raises(EngineError, match="summary"):
        quiz.pick(summary, st.sc.net, LR)


@pytest.mark.parametrize("text,value", [
    ("0.1385", 0.1385), ("-1.2e-3", -1.2e-3), ("  .5 ", 0.5), ("5.", 5.0), ("+2E2", 200.0),
    ("０．５", 0.5), ("－１．２ｅ－３", -1.2e-3), ("0,5", 0.5), ("0，5", 0.5), ("0。5", 0.5),
    ("\u22120.25", -0.25), ("- 0.25", -0.25), ("\t3\n", 3.0),
])
def test_answers_are_read_in_the_forms_students_type(text, value):
    assert quiz.read_number(text) == value


@pytest.mark.parametrize("text", ["abc", "0.5a", "1,234.5", "1,2,3", "1.2.3", "nan", "inf",
                                  "-infinity", "1e999", "0x10", "1_000", "--1", "e5", ".", 0.5])
def test_unreadable_answers_are_wrong_with_a_reason_never_an_exception(text):
    q = quiz.Question("z", 1, (0,), 0, 0, 0.5, "quiz.prompt.z", LR, 1)
    v = quiz.check(q, text)
    assert v == quiz.Verdict(False, 0.5, None, None, "quiz.unreadable", 0.005)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "\u3000", None])
def test_an_empty_answer_asks_for_a_number_and_is_not_counted(text):
    q = quiz.Question("z", 1, (0,), 0, 0, 0.5, "quiz.prompt.z", LR, 1)
    v = quiz.check(q, text)
    assert v == quiz.Verdict(False, 0.5, None, None, "quiz.empty", 0.005)
    assert quiz.explain(v, "en").startswith("Type a number first") and quiz.explain(v, "zh") != quiz.explain(v, "en")
    assert quiz.Score().add(v) == quiz.Score()


def question(value):
    return quiz.Question("dW", 2, (1, 0), None, None, value, "quiz.prompt.dW", LR, 3)


MAZUR_DW1 = 0.000438568  # Matt Mazur's dE_total/dw1


@pytest.mark.parametrize("value,text,correct", [
    (0.1385, "0.1385", True), (0.1385, "0.1397", True),  # 0.0012 <= 1% of 0.1385
    (0.1385, "0.1399", False), (0.1385, "0.137", False),  # 0.0014, 0.0015 > 0.001385
    (1.0, "1.0101", False), (1.0, "0.9901", True),  # the 1% is of the true value, not of the answer
    (-2.0, "-1.981", True), (-2.0, "-1.979", False), (-2.0, "2", False),
    (MAZUR_DW1, "0.000440", True), (MAZUR_DW1, "4.35e-4", True),  # 0.3%, 0.8% off
    (MAZUR_DW1, "0.00035", False), (MAZUR_DW1, "0.00053", False),  # 20% off: a small value is no excuse
    (MAZUR_DW1, "0", False), (1e-5, "0", False), (1e-5, "1.009e-5", True), (1e-5, "1.02e-5", False),
    (3e-9, "0", False), (3e-9, "2.98e-9", True),  # tiny but real: still 1%
    (0.0, "0", True), (0.0, "1e-13", True), (0.0, "1e-11", False),  # zero: the 1e-12 floor
    (1e-17, "0", True), (-2e-16, "-0", True), (1e-17, "2e-12", False),  # zero up to rounding
])
def test_tolerance(value, text, correct):
    v = quiz.check(question(value), text)
    assert v.correct is correct and v.value == value
    assert v.error == pytest.approx(abs(float(text) - value), rel=1e-12, abs=1e-18)
    assert v.reason == ("quiz.right" if correct else "quiz.wrong")
    assert v.tolerance == max(0.01 * abs(value), 1e-12)


def test_tolerances_can_be_tightened():
    assert not quiz.check(question(0.1385), "0.1397", rel_tol=1e-3, zero=0.0).correct
    assert quiz.check(question(0.1385), "0.13855", rel_tol=1e-3, zero=0.0).correct


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_stated_rule_is_the_applied_one(lang):
    stated = quiz.rule(lang)
    assert "max(0.01 · |" in stated and r"1 \times 10^{-12}" in stated and "1%" in stated
    assert r"1 \times 10^{-10}" in stated  # below which the floor takes over
    strict = quiz.rule(lang, rel_tol=0.05, zero=1e-9)
    assert "max(0.05 · |" in strict and "5%" in strict and r"1 \times 10^{-9}" in strict
    wrong = quiz.explain(quiz.check(question(MAZUR_DW1), "0.00053"), lang)
    assert "4.4e-06" in wrong  # the allowance: 1% of 0.000438568


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
    assert "α = 0.3" in quiz.prompt(quiz.pick(rec, st.sc.net, LR, kind="W_new"), "en").replace("\\alpha", "α")
    for text in ("0.1385", "0.5", "x"):
        v = quiz.check(question(0.1385), text)
        assert quiz.explain(v, "en") != quiz.explain(v, "zh")
    assert "0.1385" in quiz.explain(quiz.check(question(0.1385), "0.5"), "en")


@pytest.mark.parametrize("notation,names", [
    ("engine", {"delta": r"$\delta^{[1]}_{2}$", "dW": r"\partial W^{[2]}_{1,3}", "W_new": r"$W^{[2]}_{1,3}$"}),
    ("ng", {"delta": r"$\delta^{(2)}_{3}$", "dW": r"\partial \Theta^{(2)}_{24}", "W_new": r"$\Theta^{(2)}_{24}$"}),
    ("ufldl", {"delta": r"$\delta^{(1)}_{3}$", "dW": r"\partial W^{(2)}_{24}", "W_new": r"$W^{(2)}_{24}$"}),
    ("nielsen", {"delta": r"$\delta^{2}_{3}$", "dW": r"\partial C}{\partial w^{3}_{24}", "W_new": r"$w^{3}_{24}$"}),
])
def test_prompts_name_the_value_and_count_layers_and_neurons_as_the_notation_does(stepped, notation, names):
    st, rec = stepped
    shift, base = {"engine": (0, 0), "ng": (1, 1), "ufldl": (0, 1), "nielsen": (1, 1)}[notation]
    delta = quiz.pick(rec, st.sc.net, LR, kind="delta", layer=1, j=2)
    assert names["delta"] in quiz.prompt(delta, "en", notation)
    assert f"neuron {2 + base} in layer {1 + shift}," in quiz.prompt(delta, "en", notation)
    for kind in ("dW", "W_new"):
        text = quiz.prompt(quiz.pick(rec, st.sc.net, LR, kind=kind, layer=2, j=1, k=3), "en", notation)
        assert names[kind] in text
        assert f"from neuron {3 + base} (layer {1 + shift}) to neuron {1 + base} (layer {2 + shift})" in text
    lr = {"nielsen": r"\eta"}.get(notation, r"\alpha")
    assert f"${lr} = 0.3$" in quiz.prompt(quiz.pick(rec, st.sc.net, LR, kind="W_new"), "zh", notation)


DERIVED = {"z": ["z"], "a": ["z", "a"], "delta": ["gprime", "delta"], "dW": ["dW"], "W_new": ["dW", "W"]}


@pytest.mark.parametrize("kind", sorted(quiz.KINDS))
@pytest.mark.parametrize("notation", ["engine", "ng"])
def test_the_derivation_ends_in_the_asked_value_with_the_steps_numbers(stepped, kind, notation):
    st, rec = stepped
    for seed in range(4):
        q = quiz.pick(rec, st.sc.net, LR, kind=kind, seed=seed, column=seed % 3)
        found = quiz.derivation(q, rec, st.sc, notation, digits=5)
        want = list(DERIVED[kind])
        if kind == "delta" and q.layer == 2:
            want = ["gprime", "delta_out"]  # squared error: the output delta keeps g'(z)
        if kind == "dW" and notation == "ng":
            want = ["Delta", "dW"]  # his accumulator first
        assert [f.kind for f in found] == want
        last = found[-1]
        assert last.value == q.value and last.where == (q.layer, *q.index)
        assert last.value == pytest.approx(reference(st, rec, q), rel=1e-7 if kind == "dW" else 1e-12)
