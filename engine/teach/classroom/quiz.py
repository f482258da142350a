"""Quiz: hide one value of a step, let the student compute it, and check the typed answer.

The true value is always read from the step record, so the quiz asks exactly what the step computed.
"""
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.core.maths.network import Net, check_whole
from engine.core.maths.settings import latex_settings
from engine.core.stepping.stepper import StepRecord
from engine.teach.textbook import notation as nota
from engine.teach.worked.explain import edge_formulas, neuron_formulas
from engine.teach.worked.formulas import fmt
from engine.text.errors import EngineError, choose
from engine.text.i18n import count, text

REL_TOL = 0.01  # an answer within 1% of the true value is right
# The allowance never falls below this: a value that is zero up to float rounding (sums that cancel
# leave ~1e-17) may be answered 0. It exceeds 1% of |value| only for |value| < 1e-10.
ZERO = 1e-12


@dataclass(frozen=True)
class Kind:
    per_sample: bool  # the value belongs to one sample of the batch (z, a, delta), not to the batch
    edge: bool  # indexed by an edge (j, k) of W[l] rather than a neuron j
    value: Callable  # (record, l0, index, column) -> the true value; l0 = l - 1
    name: str  # engine.teach.textbook.notation kind that names the value
    derived_by: tuple  # engine.teach.worked.formulas kinds that derive it, in the order they are shown


KINDS = {
    "z": Kind(True, False, lambda r, l0, i, c: r.z[l0][i[0], c], "z", ("z",)),
    "a": Kind(True, False, lambda r, l0, i, c: r.a[l0 + 1][i[0], c], "a", ("z", "a")),
    "delta": Kind(True, False, lambda r, l0, i, c: r.delta[l0][i[0], c], "delta", ("gprime", "delta_out", "delta")),
    "dW": Kind(False, True, lambda r, l0, i, c: r.dW[l0][i], "dW", ("Delta", "dW")),
    "W_new": Kind(False, True, lambda r, l0, i, c: r.W_after[l0][i], "W", ("dW", "opt", "W")),
}


@dataclass(frozen=True)
class Question:
    kind: str  # a KINDS key
    layer: int  # 1-based layer l
    index: tuple  # (j,) for a neuron, (j, k) for the weight from neuron k to neuron j
    column: int | None  # column of the step's batch the value belongs to; None for dW, W_new
    sample: int | None  # training-set index of that column's sample; None for dW, W_new
    value: float  # the true value, from the record
    key: str  # catalogue key of the prompt
    lr: float  # learning rate, quoted by the W_new prompt
    batch: int  # samples in the step, quoted by the dW prompt
    optimizer: str = ""  # catalogue key of the optimiser the W_new prompt names, "" for gradient descent
    given: str = ""  # LaTeX of what else that update needs: its settings, t and its state before the step


@dataclass(frozen=True)
class Verdict:
    correct: bool  # the answer is within tolerance
    value: float  # the true value
    answer: float | None  # the number read from the student's text, None if unreadable
    error: float | None  # |answer - value|, None if unreadable
    reason: str  # catalogue key explaining the verdict
    tolerance: float = 0.0  # the largest error that counts as right for this value


@dataclass(frozen=True)
class Score:
    asked: int = 0  # answers checked
    right: int = 0  # of which correct

    def add(self, verdict: Verdict) -> "Score":
        """A new Score counting this verdict; an unreadable answer is not counted (the student retypes)."""
        if verdict.answer is None:
            return self
        return Score(self.asked + 1, self.right + bool(verdict.correct))


def _chosen(what, value, size, drawn, first=0) -> int:
    """The 0-based index the student chose (numbered from `first`, checked against the network),
    else the random one drawn."""
    if value is None:
        return drawn
    return check_whole(what, value, first, first + size - 1) - first


def pick(rec: StepRecord, net: Net, lr: float, kind=None, seed=0, column=0, layer=None, j=None, k=None,
         sc=None) -> Question:
    """A value of the step to hide: of the given kind, layer (1..L), neuron j of that layer and, for a
    weight W[l][j,k], sending neuron k; whatever is left None is drawn at random (seeded).

    Per-sample kinds ask about `column` of the step's batch (the sample the page shows). sc, the
    Scenario the step was computed with, names an optimiser other than gradient descent to the W_new
    prompt, with what its update needs.
    """
    if not rec.full:
        raise EngineError("err.step.summary_only", "step")
    if layer is None and (j is not None or k is not None):
        raise EngineError("err.quiz.layer_first", "layer")
    rng = np.random.default_rng(seed)
    kind = str(rng.choice(sorted(KINDS))) if kind is None else kind
    spec = choose("quiz kind", kind, KINDS)
    if k is not None and not spec.edge:
        raise EngineError("err.quiz.no_k", "k", kind=kind)
    l0 = _chosen("layer", layer, net.L, int(rng.integers(net.L)), first=1)
    j = _chosen("j", j, net.layers[l0 + 1], int(rng.integers(net.layers[l0 + 1])))
    index = (j, _chosen("k", k, net.layers[l0], int(rng.integers(net.layers[l0])))) if spec.edge else (j,)
    col = max(0, min(int(column), rec.X.shape[1] - 1)) if spec.per_sample else None
    keeps = kind == "W_new" and sc is not None and sc.optimizer.explain is not None
    return Question(kind, l0 + 1, index, col, None if col is None else int(rec.samples[col]),
                    float(spec.value(rec, l0, index, col)), f"quiz.prompt.{kind}" + ("_opt" if keeps else ""),
                    float(lr), int(rec.X.shape[1]), *((sc.optimizer.label, _given(rec, sc, l0, index)) if keeps else ()))


def _given(rec: StepRecord, sc, l0, index) -> str:
    """The optimiser's settings, the update's number t and the state it kept for W[l][j,k] before the step."""
    number = lambda v: fmt(v, 6)
    parts = [latex_settings(sc.optimizer.fields, sc.optimizer_settings, number)] if sc.optimizer_settings else []
    parts.append(f"t = {sc.update_number(rec.index)}")
    parts += [f"{name}_{{t-1}} = {number(arr[index])}" for name, arr in rec.state_before["W"][l0].items()]
    return ", ".join(parts)


def prompt(q: Question, lang: str = "en", notation="engine") -> str:
    """The question in words, naming the value in the notation (LaTeX between $ signs, for Markdown)."""
    nt, (j, *k) = nota.get(notation), q.index
    name = nota.name(nt, KINDS[q.kind].name, q.layer, j, *k)
    return text(lang, q.key, name=name, n=nota.layer(nt, q.layer), down=nota.layer(nt, q.layer - 1),
                j=j + nt.base, k=k[0] + nt.base if k else None, sample=q.sample, lr=q.lr, lr_name=nt.lr,
                m=count(lang, "sample", q.batch), optimizer=text(lang, q.optimizer) if q.optimizer else "",
                given=q.given)


def derivation(q: Question, rec: StepRecord, sc, notation="engine", digits=4, lang="en") -> list:
    """The formulas (engine.teach.worked.formulas.Formula) that derive q's value from the step's numbers, the
    asked value's own formula last. sc is the Scenario the step was computed with."""
    spec, column = KINDS[q.kind], 0 if q.column is None else q.column
    build = edge_formulas if spec.edge else neuron_formulas
    found = build(rec, sc, notation, q.layer, *q.index, column=column, digits=digits, lang=lang)
    return [f for f in found if f.kind in spec.derived_by]


NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
# NFKC turns full-width digits, signs, point, comma and e into ASCII; these two it leaves alone
SIGNS = str.maketrans({"\u2212": "-", "\u3002": "."})  # the minus sign the pages print; the ideographic full stop


def read_number(answer_text) -> float | None:
    """The number in a student's text, or None: "0.1385", "-1.2e-3", " .5 ", "０．５", "0,5"."""
    if not isinstance(answer_text, str):
        return None
    s = unicodedata.normalize("NFKC", answer_text).translate(SIGNS).strip().replace(" ", "")
    if s.count(",") == 1 and "." not in s:  # a decimal comma; any other comma is ambiguous
        s = s.replace(",", ".")
    value = float(s) if NUMBER.fullmatch(s) else None
    return value if value is not None and math.isfinite(value) else None  # "1e999" reads as inf


def tolerance(value: float, rel_tol=REL_TOL, zero=ZERO) -> float:
    return max(rel_tol * abs(value), zero)


def check(q: Question, answer_text, rel_tol=REL_TOL, zero=ZERO) -> Verdict:
    """Right when |answer - value| <= max(rel_tol * |value|, zero); never raises on bad text."""
    answer, tol = read_number(answer_text), tolerance(q.value, rel_tol, zero)
    if answer is None:  # nothing typed asks for a number; anything else says how to write one
        blank = answer_text is None or isinstance(answer_text, str) and not answer_text.strip()
        return Verdict(False, q.value, None, None, "quiz.empty" if blank else "quiz.unreadable", tol)
    error = abs(answer - q.value)
    ok = error <= tol
    return Verdict(ok, q.value, answer, error, "quiz.right" if ok else "quiz.wrong", tol)


def rule(lang: str = "en", rel_tol=REL_TOL, zero=ZERO) -> str:
    """The rule check() applies, in words and with its numbers (Markdown with inline LaTeX)."""
    return text(lang, "quiz.rule", pct=f"{rel_tol:.0%}", rel=f"{rel_tol:g}", zero=f"${fmt(zero)}$",
                below=f"${fmt(zero / rel_tol)}$")


def explain(v: Verdict, lang: str = "en") -> str:
    return text(lang, v.reason, value=v.value, answer=v.answer, error=v.error, tol=v.tolerance)
