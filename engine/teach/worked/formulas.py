"""The chain rule with the engine's numbers substituted: one Formula per quantity of a step.

A Formula keeps the engine values it substitutes (`used`, in the order they appear in `numbers`)
and the engine's own result, so a page renders `latex` (stepper.latex) and a test reads the numbers
back. Names come from engine.teach.textbook.notation; only the sums a reader would do by hand (Ng's Delta, the
sum of squared weights in the cost) are added up here, from the record's arrays.
"""
import string
from dataclasses import dataclass

import numpy as np

from engine.core.maths.network import check_whole
from engine.core.scenarios.scenario import Scenario
from engine.core.stepping.stepper import StepRecord
from engine.teach.textbook import notation as nota
from engine.teach.worked.updates import update_formulas
from engine.text.errors import EngineError, choose, counted
from engine.text.i18n import LANGS, text

TERMS = 6  # a longer sum shows its first TERMS - 2 terms, \cdots and its last term
LIMIT = 6  # formulas() covers the first LIMIT neurons of each layer (and edges among them)


@dataclass(frozen=True)
class Formula:
    kind: str  # z, a, gprime, delta_out, delta, loss, cost, Delta, Delta_b, dW, db, opt (an optimiser's own), W, b
    where: tuple  # engine indices: (l, j) or (l, j, k); (column,) for the loss; () for the cost
    lhs: str  # LaTeX name of the quantity
    rule: str  # LaTeX of the rule in names ("" when the substitution is the rule)
    numbers: str  # the rule with the engine's values substituted ("" when the rule is one name)
    used: tuple  # the substituted values, in the order they appear in `numbers`
    value: float  # the engine's value of the quantity
    result: str  # value as shown
    caption: str  # one line of prose in the chosen language
    tag: str = ""  # the source's own label of this rule (Nielsen's BP1..BP4), or ""
    arrow: bool = False  # an update: lhs <- rule

    @property
    def latex(self) -> str:
        head = self.lhs + (r" \leftarrow " if self.arrow else " = ")
        return head + " = ".join(part for part in (self.rule, self.numbers, self.result) if part)


def fmt(x: float, digits: int = 4) -> str:
    """x to `digits` significant digits as LaTeX: 0.08217, -0.5, 2104, 1.5 \\times 10^{-7}."""
    x = float(x)
    if x == 0:
        return "0"
    mantissa, exp = f"{x:.{digits - 1}e}".split("e")
    e = int(exp)
    if -4 <= e < 6:
        shown = f"{x:.{max(digits - 1 - e, 0)}f}"
        return shown.rstrip("0").rstrip(".") if "." in shown else shown
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    return rf"{mantissa} \times 10^{{{e}}}"


def _sum(n, term, sep=" + "):
    """Join the (names, numbers, used) of term(0..n-1); a long sum keeps its first and last terms
    around \\cdots, and only the terms shown are built (a batch may hold thousands of samples)."""
    shown = range(n) if n <= TERMS else [*range(TERMS - 2), None, n - 1]
    terms = [(r"\cdots", r"\cdots", ()) if i is None else term(i) for i in shown]
    return sep.join(t[0] for t in terms), sep.join(t[1] for t in terms), tuple(v for t in terms for v in t[2])


@dataclass(frozen=True)
class Step:
    rec: StepRecord  # a full step record
    sc: Scenario  # what it was computed with: net, lr, update order, frozen biases
    nt: nota.Notation  # how quantities are named
    column: int  # the sample of the batch that per-sample formulas show
    digits: int  # significant digits of every number shown
    lang: str  # language of the captions

    @property
    def m(self) -> int:
        return self.rec.X.shape[1]

    def name(self, kind, l=None, j=None, k=None, sample=False) -> str:
        return nota.name(self.nt, kind, l, j, k, sample)

    def f(self, x) -> str:
        """A number as a factor: parenthesised when negative or in scientific form."""
        s = fmt(x, self.digits)
        return f"({s})" if s.startswith("-") or "times" in s else s

    def times(self, x, y) -> str:
        """x times y as one box (braced), so that a long sum of products wraps at its +, never inside a product."""
        return rf"{{{self.f(x)} \cdot {self.f(y)}}}"

    def item(self, kind, where, lhs, rule, numbers, used, value, arrow=False, caption=None) -> Formula:
        """caption: the catalogue key of its line of prose, when it is not formula.<kind>."""
        fields = {"i": int(self.rec.samples[self.column])} if kind == "loss" else {}
        if len(where) >= 2:
            l, j, *k = where
            fields.update(n=nota.layer(self.nt, l), down=nota.layer(self.nt, l - 1), up=nota.layer(self.nt, l + 1),
                          j=j + self.nt.base, k=(k[0] + self.nt.base) if k else None)
        return Formula(kind, where, lhs, rule, numbers, tuple(float(v) for v in used), float(value),
                       fmt(value, self.digits), text(self.lang, caption or f"formula.{kind}", **fields),
                       self.nt.tags.get(kind, ""), arrow)


def step_of(rec: StepRecord, sc: Scenario, notation, column=0, digits=4, lang="en") -> Step:
    """Everything a formula needs, with the user's choices checked (EngineError names the bad one)."""
    if not rec.full:
        raise EngineError("err.step.summary_only", "step")
    if not 0 <= column < rec.X.shape[1]:
        raise EngineError("err.step.column", "column", m=counted("sample", rec.X.shape[1]), got=column)
    check_whole("digits", digits, 1, 15)
    choose("language", lang, dict.fromkeys(LANGS))
    return Step(rec, sc, nota.check(notation, sc.net.layers), column, digits, lang)


def _z(c: Step, l, j) -> Formula:
    col, W, b, a = c.column, c.rec.W_before[l - 1], c.rec.b_before[l - 1], c.rec.a[l - 1][:, c.column]

    def term(i):  # the bias comes first where it is column 0 of the weights (Ng), else last
        k = i - c.nt.bias_column
        if not 0 <= k < len(a):
            return c.name("b", l, j), c.f(b[j]), (b[j],)
        return rf"{c.name('W', l, j, k)}\,{c.name('a', l - 1, k)}", c.times(W[j, k], a[k]), (W[j, k], a[k])
    rule, numbers, used = _sum(len(a) + 1, term)
    return c.item("z", (l, j), c.name("z", l, j), rule, numbers, used, c.rec.z[l - 1][j, col])


def _a(c: Step, l, j) -> Formula:
    g, z = c.sc.net.acts[l - 1], c.rec.z[l - 1][:, c.column]
    if g.coupled:
        names, numbers, used = _sum(len(z), lambda i: (f"e^{{{c.name('z', l, i)}}}", f"e^{{{fmt(z[i], c.digits)}}}",
                                                       (z[i],)))
        # divided, not a fraction: a fraction is one box KaTeX cannot wrap (6 terms are wider than a phone),
        # the bracketed sum wraps at its +
        rule, numbers = (rf"e^{{{c.name('z', l, j)}}} / \bigl({names}\bigr)",
                         rf"e^{{{fmt(z[j], c.digits)}}} / \bigl({numbers}\bigr)")
        used = (z[j], *used)
    else:
        rule, numbers, used = rf"{g.symbol}({c.name('z', l, j)})", rf"{g.symbol}({fmt(z[j], c.digits)})", (z[j],)
    return c.item("a", (l, j), c.name("a", l, j), rule, numbers, used, c.rec.a[l][j, c.column])


def slope(c: Step, l, j) -> float:
    """g'(z) of neuron j of layer l for the shown sample, by the engine's own derivative."""
    return float(c.sc.net.acts[l - 1].dz(c.rec.z[l - 1][j:j + 1, c.column])[0])


def _gprime(c: Step, l, j) -> Formula:
    g, z = c.sc.net.acts[l - 1].symbol, c.rec.z[l - 1][j, c.column]
    return c.item("gprime", (l, j), f"{g}'({c.name('z', l, j)})", "", f"{g}'({fmt(z, c.digits)})", (z,),
                  slope(c, l, j))


def _delta(c: Step, l, j) -> Formula:
    net, col, lhs = c.sc.net, c.column, c.name("delta", l, j)
    value = c.rec.delta[l - 1][j, col]
    g = net.acts[l - 1].symbol
    if l == net.L:
        rule, numbers, used = _at_output(c, net.loss.error_latex, net.loss.error_latex, j)
        if net.loss.keeps_slope:
            rule, numbers = rf"\bigl({rule}\bigr)\,{g}'({c.name('z', l, j)})", rf"({numbers}) \cdot {c.f(slope(c, l, j))}"
            used += (slope(c, l, j),)
        return c.item("delta_out", (l, j), lhs, rule, numbers, used, value)
    above = c.rec.W_after if c.sc.order.updated else c.rec.W_before
    W, d = above[l], c.rec.delta[l][:, col]
    names, numbers, used = _sum(len(d), lambda i: (rf"{c.name('W', l + 1, i, j)}\,{c.name('delta', l + 1, i)}",
                                                   c.times(W[i, j], d[i]), (W[i, j], d[i])))
    # plain brackets, not \left( \right): a group KaTeX cannot break, where these let the sum wrap at its +
    return c.item("delta", (l, j), lhs, rf"{g}'({c.name('z', l, j)})\bigl({names}\bigr)",
                  rf"{c.f(slope(c, l, j))} \cdot ({numbers})", (slope(c, l, j), *used), value)


def _at_output(c: Step, names, numbers, k):
    """A loss's LaTeX templates in {a}, {y} for output k of the shown sample: filled with names, filled
    with numbers, and the numbers in the order they appear."""
    L, col = c.sc.net.L, c.column
    values = {"a": c.rec.a[L][k, col], "y": c.rec.Y[k, col]}
    order = [field for _, field, _, _ in string.Formatter().parse(numbers) if field]
    return (names.format(a=c.name("a", L, k), y=c.name("y", None, k)),
            numbers.format(**{key: c.f(v) for key, v in values.items()}), tuple(values[f] for f in order))


def loss(c: Step) -> Formula:
    lo, col = c.sc.net.loss, c.column
    names, numbers, used = _sum(c.rec.a[-1].shape[0], lambda k: _at_output(c, lo.term, lo.term_numbers, k))
    return c.item("loss", (col,), c.nt.loss, lo.wrap.format(names), lo.wrap.format(numbers), used, c.rec.loss[col])


def mean_loss(nt) -> str:
    """LaTeX of the batch's mean loss, the sample index on each loss."""
    return rf"\frac{{1}}{{m}}\sum_{{{nt.sample}}} {nt.sample_loss}"


def l2_term(nt) -> str:
    """LaTeX of the L2 term of the cost, as the notation's source writes it."""
    return rf"\frac{{\lambda}}{{2m}} {nota.penalty(nt)}"


def cost(c: Step) -> Formula:
    m, lam, losses = c.m, c.sc.net.lam, c.rec.loss
    if m == 1:
        rule, numbers, used = c.nt.loss, c.f(losses[0]), (losses[0],)
    else:
        _, numbers, used = _sum(m, lambda i: ("", c.f(losses[i]), (losses[i],)))
        rule, numbers, used = mean_loss(c.nt), rf"\frac{{{numbers}}}{{{m}}}", (*used, m)
    if lam > 0:
        squares = sum(float(np.sum(Wl * Wl)) for Wl in c.rec.W_before)  # weights only: no bias is penalised
        rule += " + " + l2_term(c.nt)
        numbers += rf" + \frac{{{c.f(lam)}}}{{2 \cdot {m}}} \cdot {c.f(squares)}"
        used += (lam, m, squares)
    elif m == 1:
        numbers, used = "", ()  # J is the one loss: nothing to substitute
    return c.item("cost", (), c.nt.cost, rule, numbers, used, c.rec.J, caption="formula.cost_l2" if lam > 0 else None)


def _products(c: Step, l, j, k=None):
    """(names, numbers, used) of the sum over the batch of delta_j a_k (of delta_j alone for a bias)."""
    d = c.rec.delta[l - 1][j]
    a = c.rec.a[l - 1][k] if k is not None else None
    each = c.m > 1  # inside a sum over the batch each factor carries its sample's index
    names = c.name("delta", l, j, sample=each) + ("" if k is None else rf"\,{c.name('a', l - 1, k, sample=each)}")
    _, numbers, used = _sum(c.m, lambda i: (names, c.f(d[i]), (d[i],)) if a is None else
                            (names, c.times(d[i], a[i]), (d[i], a[i])))
    return names, numbers, used, float(d @ a) if a is not None else float(d.sum())


def _Delta(c: Step, l, j, k=None) -> Formula:
    """Ng's accumulator: Delta^(l) = sum over the batch of delta^(l+1) a^(l)T (the bias column: of delta)."""
    names, numbers, used, total = _products(c, l, j, k)
    rule = names if c.m == 1 else rf"\sum_{{{c.nt.sample}}} {names}"
    where = (l, j) if k is None else (l, j, k)
    return c.item("Delta_b" if k is None else "Delta", where, c.name("Delta", l, j, k), rule, numbers, used, total)


def _gradient(c: Step, l, j, k=None) -> Formula:
    """dJ/dW[l][j,k] (dJ/db[l][j] when k is None): the batch mean of delta a, plus (lambda/m) W for weights."""
    m, lam, bias = c.m, c.sc.net.lam, k is None
    if c.nt.bias_column:  # Ng: (1/m) Delta, written through his accumulator
        total = _Delta(c, l, j, k).value
        names, numbers, used = rf"\frac{{1}}{{m}}{c.name('Delta', l, j, k)}", rf"\frac{{{c.f(total)}}}{{{m}}}", (total, m)
    else:
        names, numbers, used, _ = _products(c, l, j, k)
        if m > 1:
            # 1/m before the sum, not under it: a fraction is one box KaTeX cannot wrap, the bracketed sum wraps
            names, numbers, used = (rf"\frac{{1}}{{m}}\sum_{{{c.nt.sample}}} {names}",
                                    rf"\frac{{1}}{{{m}}}\bigl({numbers}\bigr)", (m, *used))
        elif bias:
            numbers, used = "", ()  # dJ/db is delta itself: nothing to substitute
    if lam > 0 and not bias:
        W = c.rec.W_before[l - 1][j, k]
        names += rf" + \frac{{\lambda}}{{m}}{c.name('W', l, j, k)}"
        numbers += rf" + \frac{{{c.f(lam)}}}{{{m}}} \cdot {c.f(W)}"
        used += (lam, m, W)
    value = c.rec.db[l - 1][j] if bias else c.rec.dW[l - 1][j, k]
    return c.item("db" if bias else "dW", (l, j) if bias else (l, j, k), c.name("db" if bias else "dW", l, j, k),
                  names, numbers, used, value)


def _slope_shown(c: Step, l) -> bool:
    """g'(z) enters delta in hidden layers, and at the output only for the squared error."""
    return l < c.sc.net.L or c.sc.net.loss.keeps_slope


def check_unit(c: Step, l, j, k=None):
    """Refuse a neuron (l, j) or weight W[l][j,k] the network does not have."""
    layers = c.sc.net.layers
    if not (1 <= l < len(layers) and 0 <= j < layers[l] and (k is None or 0 <= k < layers[l - 1])):
        raise EngineError("err.select.neuron" if k is None else "err.select.weight", "selection",
                          l=l, j=j, k=k, layers=list(layers))


# what explain shows per neuron and per weight, from the builders above

def forward(c: Step, l, j):
    return [_z(c, l, j), _a(c, l, j)]


def backward(c: Step, l, j):
    return ([_gprime(c, l, j)] if _slope_shown(c, l) else []) + [_delta(c, l, j)]


def bias_gradient(c: Step, l, j):
    ng = [_Delta(c, l, j)] if c.nt.bias_column else []
    return ng + [_gradient(c, l, j)]


def weight_gradient(c: Step, l, j, k):
    ng = [_Delta(c, l, j, k)] if c.nt.bias_column else []
    return ng + [_gradient(c, l, j, k)]


def updates(c: Step, l, j, k=None):
    return [] if k is None and c.sc.freeze_biases else update_formulas(c, l, j, k)
