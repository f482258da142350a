"""The update of one weight or bias with the engine's numbers: gradient descent's one line, or the
optimiser's own quantities (engine/core/maths/optimizers.py, Optimizer.explain) from the step's state before and
after, each a Formula of engine.teach.worked.formulas (kind "opt", the parameter's own update last, kind W or b).

c is an engine.teach.worked.formulas.Step; nothing here asks which optimiser it is: the record says what to show.
"""


def _fill(template: str, names: dict) -> str:
    for key, name in names.items():  # neither of @p, @lr is a prefix of the other
        template = template.replace(key, name)
    return template


def _numbers(c, template: str, used) -> str:
    """template with each # replaced by the next value of used, as a factor (c.f)."""
    pieces = template.split("#")
    return pieces[0] + "".join(c.f(v) + rest for v, rest in zip(used, pieces[1:]))


def update_formulas(c, l, j, k=None) -> list:
    """W <- the optimiser's rule (b likewise when k is None), with the engine's new value, after the
    quantities the optimiser keeps (v; s; m, v, m-hat, v-hat) for that entry."""
    kind, idx = ("b", (j,)) if k is None else ("W", (j, k))
    old, grad, new = ((c.rec.b_before, c.rec.db, c.rec.b_after) if k is None else
                      (c.rec.W_before, c.rec.dW, c.rec.W_after))
    old, grad, new = old[l - 1][idx], grad[l - 1][idx], new[l - 1][idx]
    lhs, lr, opt = c.name(kind, l, j, k), c.rec.lr, c.sc.optimizer
    if opt.explain is None:
        return [c.item(kind, (l, *idx), lhs, rf"{lhs} - {c.nt.lr}\,{c.name('d' + kind, l, j, k)}",
                       rf"{c.f(old)} - {c.times(lr, grad)}", (old, lr, grad), new, arrow=True)]
    names = {"@p": lhs, "@lr": c.nt.lr}
    kept = lambda state: {name: arr[idx] for name, arr in state[kind][l - 1].items()}
    parts = opt.explain(old, grad, kept(c.rec.state_before), kept(c.rec.state_after),
                        c.sc.update_number(c.rec.index), lr, new, **c.sc.optimizer_settings)
    return [c.item(kind if q.arrow else "opt", (l, *idx), _fill(q.lhs, names), _fill(q.rule, names),
                   _numbers(c, q.numbers, q.used), q.used, q.value, arrow=q.arrow,
                   caption=None if q.arrow else f"{opt.label}.{q.key}") for q in parts]
