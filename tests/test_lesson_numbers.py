"""Every number a built-in lesson's notes quote, recomputed by the engine at that stop: a note that drifted
from the engine (an edited preset, a changed convention) fails here, in both languages."""
from dataclasses import replace

import numpy as np
import pytest

from engine.core.maths.gradcheck import gradcheck, worst
from engine.teach.classroom import lesson
from engine.teach.textbook.published import loss_after
from engine.teach.textbook.variants import gradient
from engine.teach.worked.formulas import fmt


def shown(st):
    return st.shown()


def check(st, name, W, b):
    sc = st.sc
    return gradcheck(sc.net, W, b, sc.X, sc.Y, grad=gradient(name)(sc.net, W, b, sc.X, sc.Y))


def numeric_W11(st):
    return next(c.numeric for c in check(st, "engine", st.W, st.b) if c.param == "W" and c.layer == 1 and c.index == (0, 0))


def output_first(st):
    return loss_after(replace(st.sc, update_order="output_first"), 1)


def ng_printed_W11(st):
    return gradient("ng_printed")(st.sc.net, st.W, st.b, st.sc.X, st.sc.Y)[0][0][0, 0]


def largest_delta(st, l):
    return float(np.abs(st.shown().delta[l - 1]).max())


R = lambda st: st.records[-1]  # the step just committed (an update stop)
P = shown  # the step being revealed
# lesson -> stop -> [(value computed by the engine at that stop, significant digits quoted)]
QUOTES = {
    "mazur": {
        1: [(lambda st: P(st).z[0][0, 0], 4), (lambda st: P(st).a[1][0, 0], 9)],
        2: [(lambda st: P(st).z[1][0, 0], 9), (lambda st: P(st).a[2][0, 0], 8), (lambda st: P(st).a[2][1, 0], 9)],
        3: [(lambda st: 0.5 * (P(st).a[2][0, 0] - P(st).Y[0, 0]) ** 2, 9),
            (lambda st: 0.5 * (P(st).a[2][1, 0] - P(st).Y[1, 0]) ** 2, 9), (lambda st: P(st).J, 9)],
        4: [(lambda st: P(st).delta[1][0, 0], 9), (lambda st: P(st).dW[1][0, 0], 9)],
        5: [(lambda st: P(st).delta[0][0, 0], 9)],
        6: [(lambda st: R(st).dW[1][0, 0], 9), (lambda st: R(st).W_after[1][0, 0], 8),
            (lambda st: R(st).W_after[0][0, 0], 9), (lambda st: st.evaluate(st.sc.X, st.sc.Y)[0], 9),
            (output_first, 9)],
    },
    "symmetry": {
        0: [(lambda st, j=j: P(st).a[1][j, 0], 4) for j in range(4)],
        1: [(lambda st, j=j: P(st).delta[0][j, 0], 4) for j in range(4)],
        2: [(lambda st, j=j, k=k: R(st).W_after[0][j, k], 4) for j in range(4) for k in range(2)],
        3: [(lambda st, j=j, k=k: st.W[0][j, k], 4) for j in range(4) for k in range(2)] + [(lambda st, j=j: st.W[1][0, j], 4) for j in range(4)],
        4: [(lambda st, j=j: st.W[0][j, 0], 4) for j in range(4)],
    },
    "vanishing": {
        1: [(lambda st: P(st).grad_norms[5], 3), (lambda st: largest_delta(st, 6), 3)],
        2: [(lambda st: P(st).grad_norms[3], 3), (lambda st: largest_delta(st, 4), 3)],
        3: [(lambda st: P(st).grad_norms[0], 3), (lambda st: largest_delta(st, 1), 3)],
        4: [(lambda st: P(st).grad_norms[0], 3), (lambda st: P(st).grad_norms[5], 3),
            (lambda st: lesson.stepper_at(lesson.get("vanishing"), 3).shown().grad_norms[5]
             / lesson.stepper_at(lesson.get("vanishing"), 3).shown().grad_norms[0], 3)],
    },
    "ng_regularisation": {
        0: [(lambda st: P(st).J, 4), (lambda st: st.sc.net.lam, 4)],
        1: [(lambda st: P(st).W_before[0][0, 0], 4),
            (lambda st: P(st).dW[0][0, 0] - st.sc.net.lam / P(st).X.shape[1] * P(st).W_before[0][0, 0], 4),
            (lambda st: st.sc.net.lam / P(st).X.shape[1] * P(st).W_before[0][0, 0], 4), (lambda st: P(st).dW[0][0, 0], 4),
            (ng_printed_W11, 4)],
        2: [(numeric_W11, 4), (ng_printed_W11, 4), (lambda st: worst(check(st, "ng_printed", st.W, st.b)).rel, 4)],
        3: [(lambda st: worst(check(st, "engine", st.W, st.b)).rel, 4)],
    },
}


def quoted(note: str) -> str:
    return note.replace(" ", "")


@pytest.mark.parametrize("name", list(QUOTES))
def test_every_quoted_number_is_the_engines_at_its_stop(name):
    les = lesson.get(name)
    for i, quotes in QUOTES[name].items():
        st = lesson.stepper_at(les, i)
        for value, digits in quotes:
            number = fmt(value(st), digits)
            for lang in ("en", "zh"):
                assert quoted(number) in quoted(les.stops[i].note[lang]), (name, i, lang, number)


def test_the_answers_are_the_engines():
    mazur, van = lesson.get("mazur"), lesson.get("vanishing")
    st = lesson.stepper_at(mazur, 1)
    assert lesson.answered(mazur.stops[1].question, st.shown().a[1][1, 0])
    st = lesson.stepper_at(mazur, 5)
    assert lesson.answered(mazur.stops[5].question, st.shown().dW[0][0, 0])
    norms = lesson.stepper_at(van, 3).shown().grad_norms
    assert lesson.answered(van.stops[3].question, norms[5] / norms[0])
    sym = lesson.stepper_at(lesson.get("symmetry"), 3)
    distinct = {tuple(row) for row in sym.W[0].tolist()}
    q = lesson.get("symmetry").stops[3].question
    assert lesson.text(q["choices"][q["right"]], "en") == str(len(distinct))


def test_a_drifted_number_is_caught():
    """The check reads the notes, not its own copy: a note quoting another value fails it."""
    les = lesson.get("mazur")
    st = lesson.stepper_at(les, 1)
    assert quoted(fmt(st.shown().a[1][0, 0], 9)) in quoted(les.stops[1].note["en"])
    assert quoted(fmt(st.shown().a[1][0, 0] * 1.001, 9)) not in quoted(les.stops[1].note["en"])
