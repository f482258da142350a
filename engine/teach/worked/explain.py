"""A step explained like a textbook: the chain-rule formulas with numbers, per neuron, per edge, or
the whole step as a Markdown worked example (GitHub-flavoured, LaTeX in $...$ and $$ blocks).

Formulas and numbers are the same in every language; all prose comes from the text catalogues.
"""
from engine.teach.textbook import notation as nota
from engine.text.errors import EngineError
from engine.teach.worked.formulas import (LIMIT, TERMS, Formula, Step, backward, bias_gradient, check_unit, cost, fmt, forward, l2_term,
                       loss, mean_loss, step_of, updates, weight_gradient)
from engine.core.maths.settings import latex_settings
from engine.core.stepping.stepper import Stepper
from engine.teach.worked.paths import Path, paths
from engine.text.i18n import count, text

__all__ = ["Formula", "Path", "edge_formulas", "formulas", "neuron_formulas", "paths", "worked_example"]


def neuron_formulas(rec, sc, notation, l, j, column=0, digits=4, lang="en") -> list[Formula]:
    """Neuron j of layer l (engine indices, l >= 1): z, a, g'(z), delta, its bias gradient and update.

    sc is the Scenario the record was computed with (its update order and frozen biases matter)."""
    c = step_of(rec, sc, notation, column, digits, lang)
    check_unit(c, l, j)
    return forward(c, l, j) + backward(c, l, j) + bias_gradient(c, l, j) + updates(c, l, j)


def edge_formulas(rec, sc, notation, l, j, k, column=0, digits=4, lang="en") -> list[Formula]:
    """The weight W[l][j,k]: (Ng: Delta), dJ/dW with the batch mean and L2 term, and the update."""
    c = step_of(rec, sc, notation, column, digits, lang)
    check_unit(c, l, j, k)
    return weight_gradient(c, l, j, k) + updates(c, l, j, k)


def formulas(source, notation="engine", lang="en", column=0, digits=4, sc=None) -> list[Formula]:
    """Every formula of a step in the order a textbook shows them: forward, loss and cost, deltas from
    the output down, gradients from the output down, updates. Each layer shows its first LIMIT
    neurons (and the edges among them). source: a Stepper (its shown step) or a StepRecord with sc."""
    if isinstance(source, Stepper):
        rec, sc = source.shown(), source.sc
        if rec is None:
            raise EngineError("err.step.none_yet", "step")
    else:
        rec = source
        if sc is None:
            raise EngineError("err.step.needs_scenario", "sc")
    c = step_of(rec, sc, notation, column, digits, lang)
    L, n = sc.net.L, sc.net.layers
    shown = lambda l: range(min(n[l], LIMIT))
    per_neuron = lambda build, l: [f for j in shown(l) for f in build(c, l, j)]
    per_edge = lambda build, l: [f for j in shown(l) for k in shown(l - 1) for f in build(c, l, j, k)]
    up, down = range(1, L + 1), range(L, 0, -1)
    items = [f for l in up for f in per_neuron(forward, l)] + [loss(c), cost(c)]
    items += [f for l in down for f in per_neuron(backward, l)]
    items += [f for l in down for f in per_edge(weight_gradient, l) + per_neuron(bias_gradient, l)]
    items += [f for l in up for f in per_edge(updates, l) + per_neuron(updates, l)]
    return items


# --- the Markdown worked example ----------------------------------------------------------------

def _block(f: Formula) -> str:
    tag = f"**{f.tag}** · " if f.tag else ""
    return f"{tag}{f.caption}\n\n$$\n{f.latex}\n$$"


def _cell(x, digits) -> str:
    s = fmt(x, digits)
    return f"${s}$" if "times" in s else s


def _table(c: Step, l, W, b) -> str:
    """Layer l's parameters as a pipe table: rows = receiving neurons, columns = sending neurons and
    the bias (Ng: his Theta, the bias in column 0)."""
    nt, t = c.nt, lambda key, **kw: text(c.lang, key, **kw)
    rows, cols = min(W.shape[0], LIMIT), min(W.shape[1], LIMIT)
    heads = [f"$k = {k + nt.base}$" for k in range(cols)] + (["⋯"] if W.shape[1] > cols else [])
    if nt.bias_column:
        heads, about = ["$k = 0$", *heads], t("explain.theta", name=f"${nota.name(nt, 'W', l)}$")
        M = nota.theta([W], [b])[0]
        pick = lambda j: [M[j, 0], *M[j, 1:cols + 1]]
    else:
        heads += [f"${nota.name(nt, 'b', l)}$"]
        about = t("explain.matrix", W=f"${nota.name(nt, 'W', l)}$", b=f"${nota.name(nt, 'b', l)}$")
        pick = lambda j: [*W[j, :cols], b[j]]
    lines = ["| | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for j in range(rows):
        cells = [_cell(v, c.digits) for v in pick(j)]
        if W.shape[1] > cols:
            cells.insert(len(cells) - (0 if nt.bias_column else 1), "⋯")
        lines.append(f"| $j = {j + nt.base}$ | " + " | ".join(cells) + " |")
    if W.shape[0] > rows:
        lines.append("| ⋯ |" + " |" * len(heads))
    return about + "\n\n" + "\n".join(lines)


def _vector(v, digits) -> str:
    shown = [fmt(x, digits) for x in v[:TERMS]] + ([r"\ldots"] if len(v) > TERMS else [])
    return r"\left(" + r",\ ".join(shown) + r"\right)"


def _layer_head(c: Step, l) -> str:
    role = "output" if l == c.sc.net.L else "hidden"
    return "### " + text(c.lang, "explain.heading", layer=nota.layer_name(c.nt, l, c.lang),
                         role=text(c.lang, f"explain.role.{role}"))


def _more(c: Step, key, unit, total, shown) -> list:
    return [text(c.lang, key, n=count(c.lang, unit, total - shown))] if total > shown else []


def _section(c: Step, items, title_key, layers, kinds, more) -> str:
    """A section with one sub-heading per layer holding that layer's formulas of the given kinds;
    more(l) gives (catalogue key, unit, how many there are, how many are shown) for the "not shown" line."""
    out = ["## " + text(c.lang, title_key)]
    for l in layers:
        blocks = [_block(f) for f in items if f.kind in kinds and len(f.where) > 1 and f.where[0] == l]
        out += [_layer_head(c, l), *blocks, *_more(c, *more(l))]
    return "\n\n".join(out)


def _intro(c: Step) -> str:
    t, sc, m = (lambda key, **kw: text(c.lang, key, **kw)), c.sc, c.m
    notes = [t(sc.order.note)] if sc.order.note else []
    notes += [t("explain.note.frozen")] if sc.freeze_biases else []
    notes += [t(f"explain.note.{c.nt.key}_reg")] if sc.net.lam > 0 and c.nt.key in ("ng", "ufldl") else []
    samples = ", ".join(f"#{i}" for i in c.rec.samples[:LIMIT].tolist()) + (", …" if m > LIMIT else "")
    return "\n\n".join([f"# {t('explain.title', step=c.rec.index + 1)}",
                         t("explain.intro", m=count(c.lang, "sample", m), samples=samples, digits=c.digits),
                         t("explain.notation", name=t(f"notation.{c.nt.key}"), about=t(f"notation.{c.nt.key}.about")),
                         *(f"> {note}" for note in notes)])


def _network(c: Step) -> str:
    t, net, nt = (lambda key, **kw: text(c.lang, key, **kw)), c.sc.net, c.nt
    cost = f"{nt.cost} = {mean_loss(nt)}" + (f" + {l2_term(nt)}" if net.lam > 0 else "")
    maths = list(dict.fromkeys(g.definition for g in net.acts)) + [f"{nt.loss} = {net.loss.formula}", cost]
    out = ["## " + t("explain.network"),
           t("explain.structure", layers=" → ".join(map(str, net.layers)), acts=", ".join(g.name for g in net.acts),
             loss=t(f"loss.{net.loss.name}"), lr=f"${nt.lr} = {fmt(c.sc.lr, c.digits)}$",
             lam=f"$\\lambda = {fmt(net.lam, c.digits)}$"),
           *_optimizer(c), t("explain.definitions"), *(f"$$\n{x}\n$$" for x in maths)]
    return "\n\n".join(out) + "\n\n" + _params(c, "explain.params_before", c.rec.W_before, c.rec.b_before)


def _optimizer(c: Step) -> list:
    """The optimiser's rule and settings, and the schedule's lr of this step; nothing for plain
    gradient descent at a constant lr (its update rule is the one shown per weight)."""
    t, sc, out = (lambda key, **kw: text(c.lang, key, **kw)), c.sc, []
    named = lambda formula: "$$\n" + formula.replace(r"\eta", c.nt.lr) + "\n$$"  # the records write the lr \eta
    opt, sched = sc.optimizer, sc.schedule
    if opt.explain is not None:
        settings = latex_settings(opt.fields, sc.optimizer_settings, lambda v: fmt(v, c.digits))
        out += [t("explain.optimizer", name=t(opt.label), settings=f"${settings}$", t=sc.update_number(c.rec.index)),
                named(opt.formula)]
    if sched is not None:
        out += [t("explain.schedule", name=t(sched.label), t=sc.update_number(c.rec.index),
                  lr=f"${c.nt.lr} = {fmt(c.rec.lr, c.digits)}$"), named(sched.formula)]
    return out


def _params(c: Step, title_key, W, b) -> str:
    out = ["## " + text(c.lang, title_key)]
    for l in range(1, c.sc.net.L + 1):
        out += [_layer_head(c, l), _table(c, l, W[l - 1], b[l - 1])]
    return "\n\n".join(out)


def _sample(c: Step) -> str:
    t, nt, rec = (lambda key, **kw: text(c.lang, key, **kw)), c.nt, c.rec
    out = ["## " + t("explain.sample")]
    if c.m > 1:
        out.append(t("explain.batch", m=c.m, i=int(rec.samples[c.column])))
        rows = [f"| #{i} | ${_vector(rec.X[:, s], c.digits)}$ | ${_vector(rec.Y[:, s], c.digits)}$ |"
                for s, i in enumerate(rec.samples[:LIMIT].tolist())] + (["| ⋯ | ⋯ | ⋯ |"] if c.m > LIMIT else [])
        out.append("\n".join([f"| {t('explain.sample_no')} | $x$ | $y$ |", "|---|---|---|", *rows]))
    x, y = _vector(rec.X[:, c.column], c.digits), _vector(rec.Y[:, c.column], c.digits)
    out.append(f"$$\n{nota.name(nt, 'a', 0)} = x = {x}, \\quad y = {y}\n$$")
    return "\n\n".join(out)


def worked_example(stepper: Stepper, notation="engine", lang="en", digits=4) -> str:
    """The last committed step as a Markdown worked example: the network and its parameters, the
    forward pass, the loss, every delta, gradient and update with numbers, in a notation and language.
    Layers wider than LIMIT show their first LIMIT neurons (and the edges among them)."""
    if not stepper.records:
        raise EngineError("err.step.none_yet", "steps")
    rec, sc = stepper.records[-1], stepper.sc
    c = step_of(rec, sc, notation, 0, digits, lang)
    items = formulas(rec, c.nt, lang, 0, digits, sc)
    L, n = sc.net.L, sc.net.layers
    neurons = lambda l: ("explain.more_neurons", "neuron", n[l], min(n[l], LIMIT))
    weights = lambda l: ("explain.more_weights", "weight", n[l] * n[l - 1], min(n[l], LIMIT) * min(n[l - 1], LIMIT))
    costs = "\n\n".join(["## " + text(lang, "explain.loss"), *(_block(f) for f in items if f.kind in ("loss", "cost"))])
    parts = [_intro(c), _network(c), _sample(c),
             _section(c, items, "explain.forward", range(1, L + 1), ("z", "a"), neurons), costs,
             _section(c, items, "explain.backward", range(L, 0, -1), ("gprime", "delta_out", "delta"), neurons),
             _section(c, items, "explain.gradients", range(L, 0, -1), ("Delta", "dW", "Delta_b", "db"), weights),
             _section(c, items, "explain.update", range(1, L + 1), ("opt", "W", "b"), weights),
             _params(c, "explain.params_after", rec.W_after, rec.b_after)]
    return "\n\n".join(parts) + "\n"
