"""The paths of a selected weight on the Step page: found with networkx (viz.path_graph), multiplied out by
the engine, each shown with its local derivatives' numbers, summed, and related to dJ/dW over the
batch; their edges get a gold halo in the figure."""
from dataclasses import dataclass

import streamlit as st

from engine.teach.screen import ids
from engine.teach.textbook import notation as nota
from engine.teach.worked.formulas import fmt as tex_fmt
from engine.teach.worked.paths import MAX_PATHS, BatchSum, batch_sum, products
from engine.text.numformat import exact
from ui.stage.inspector import parse
from ui.common.numbers import digits, hover, markdown, notation
from ui.session.text import count, t
from viz import path_graph as graph

MAX_SHOWN = 12  # paths listed one by one; all of them are summed
TERMS = 6  # a longer batch sum shows its first TERMS - 2 terms, \cdots and its last


@dataclass(frozen=True)
class Found:
    paths: list  # engine.teach.worked.paths.Path of the shown sample, [] when none are shown
    why_not: tuple | None  # (catalogue key, fields) saying why a selected weight shows no paths
    batch: BatchSum | None  # the batch relation, when the batch has several samples or lambda > 0
    weight: tuple | None  # (l, j, k) of the selected weight


NONE = Found([], None, None, None)


def find(view, selection, stepper, column) -> Found:
    """The paths of the selected weight once its gradient is revealed."""
    sel, rec = parse(selection), stepper.shown()
    if sel is None or sel[0] != "e" or rec is None or not rec.full or view.dW[sel[1] - 1] is None:
        return NONE
    net, (l, j, k) = stepper.sc.net, sel[1:]
    if stepper.sc.order.updated:
        return Found([], ("inspect.paths_output_first", {}), None, (l, j, k))
    if graph.count(net.layers, l) > MAX_PATHS:
        return Found([], ("inspect.paths_too_many", {"n": graph.count(net.layers, l), "limit": MAX_PATHS}),
                     None, (l, j, k))
    routes = graph.routes(tuple(net.layers), l, j)
    found = products(net, rec.W_before, rec, l, j, k, routes, column, notation())
    several = rec.X.shape[1] > 1 or net.lam > 0
    return Found(found, None, batch_sum(net, rec.W_before, rec, l, j, k, routes) if several else None, (l, j, k))


def trail(found: Found) -> list:
    """Edge ids along the paths, the selected weight's among them, for the figure's gold halo."""
    if not found.paths:
        return []
    marked = {ids.edge(*found.weight)}
    for p in found.paths:
        zs = [n[1:] for n in p.nodes if n[0] == "z"]
        marked |= {ids.edge(l2, j2, j1) for (l1, j1), (l2, j2) in zip(zs, zs[1:])}
    return sorted(marked)


def _num(x) -> str:
    s = tex_fmt(x, digits())
    return f"({s})" if s.startswith("-") else s


def _exactly(values, most=20) -> str:
    shown = " · ".join(exact(v) for v in values[:most])
    return f"{t('panel.exact')}: {shown}" + (" · …" if len(values) > most else "")


def show(found: Found, sample: int):
    if found.why_not:
        key, fields = found.why_not
        st.caption(t(key, **fields))
    if not found.paths:
        return
    nt, (l, j, k) = notation(), found.weight
    with st.expander(t("inspect.paths", n=count("path", len(found.paths))), expanded=len(found.paths) <= 4):
        for p in found.paths[:MAX_SHOWN]:
            st.latex(r" \cdot ".join(p.names) + " = " + r" \cdot ".join(map(_num, p.factors)) + " = "
                     + tex_fmt(p.product, digits()), help=_exactly([*p.factors, p.product]))
        total = sum(p.product for p in found.paths)
        name = rf"$\frac{{\partial {nt.loss}}}{{\partial {nota.name(nt, 'W', l, j, k)}}}$"
        markdown(t("inspect.path_sum_named", n=count("path", len(found.paths)), total=hover(total), name=name, sample=sample))
        if found.batch is not None:
            _batch(found.batch, nt, l, j, k)


def _batch(rel: BatchSum, nt, l, j, k):
    """dJ/dW as the mean of the samples' path sums plus the L2 term, with the numbers."""
    w, m = nota.name(nt, "W", l, j, k), len(rel.sums)
    terms = [_num(s) for s in rel.sums]
    if m > TERMS:
        terms = terms[:TERMS - 2] + [r"\cdots", terms[-1]]
    rule = rf"\frac{{1}}{{m}} \sum_{{i=1}}^{{m}} \frac{{\partial {{{nt.loss}}}_{{i}}}}{{\partial {w}}}"
    numbers = rf"\frac{{1}}{{{m}}}\bigl({' + '.join(terms)}\bigr)"
    if rel.l2:
        rule += rf" + \frac{{\lambda}}{{m}}\, {w}"
        numbers += f" + {_num(rel.l2)}"
    st.latex(f"{nota.name(nt, 'dW', l, j, k)} = {rule} = {numbers} = {tex_fmt(rel.total, digits())}",
             help=_exactly([*rel.sums, rel.l2, rel.total]))
    st.caption(t("inspect.batch_sum", m=m))
