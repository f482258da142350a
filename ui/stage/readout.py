"""The Step page's text panels: the phase in words, the current sample, the selected item's values.

Every name follows the chosen notation and every number the chosen digits, exact on hover."""
import streamlit as st

from engine.teach.screen import ids
from engine.teach.textbook import notation as nota
from engine.teach.worked import explain
from engine.teach.worked import phases
from viz.matrices import heatmap

from ui.common.numbers import fmt, hover, markdown, notation, table, tex, vec
from ui.session.keys import DIGITS, NOTATION
from ui.common.style import lazy_expander
from ui.session.text import lang, t


def _layer(l):
    return None if l is None else nota.layer(notation(), l)


def phase(view, stepper):
    """The phase line: the last sub-step in words (engine.teach.worked.phases: plain text in every notation, true
    with frozen biases), what comes next."""
    kind, layer = view.phase
    opt = stepper.sc.optimizer
    text = phases.line(kind, layer, notation(), lang(), optimizer=None if opt.explain is None else opt.label,
                       frozen=stepper.sc.freeze_biases, loss=fmt(view.loss) if kind == "loss" else "",
                       J=fmt(view.J) if kind == "loss" else "")
    nxt, nlayer = stepper.next_phase()
    step = len(stepper.records) + (stepper.pending is not None)
    st.info(f"**{t('step.step_no')} {step}** · **{text}** {t('phase.next', what=t(f'next.{nxt}', l=_layer(nlayer)))}",
            icon=":material/footprint:")


def sample(view):
    """x, y, the prediction and the loss of the shown sample, always visible (before a step starts:
    the sample it will use)."""
    head = t("step.next_sample" if view.phase == ("start", None) else "step.sample")
    L, nt = len(view.layers) - 1, notation()
    markdown(f"**{head}** #{view.sample}  \n"
             f"{tex('x')} = {vec(view.x)}  \n{tex('y')} = {vec(view.y)}  \n"
             f"{t('step.prediction_name', name=tex('a', L))} = {vec(view.a[-1])}  \n"
             f"{t('step.loss_name', name=f'${nt.loss}$')} = {hover(view.loss)}")


def _at(arrays, l, *idx):
    arr = arrays[l]
    return None if arr is None else float(arr[idx])


def _neuron(view, l, j):
    """(heading, [(name, value)]) of neuron j of layer l."""
    if l == 0:
        return tex("x", None, j), [(tex("x", None, j), _at(view.a, 0, j))]
    items = [(tex("z", l, j), _at(view.z, l - 1, j)), (tex("a", l, j), _at(view.a, l, j)),
             (tex("delta", l, j), _at(view.delta, l - 1, j)), (tex("b", l, j), _at(view.b, l - 1, j)),
             (tex("db", l, j), _at(view.db, l - 1, j))]
    if l == len(view.layers) - 1:
        items.insert(2, (tex("y", None, j), float(view.y[j])))
    return tex("a", l, j), items


def _edge(view, l, j, k):
    update = f"$\\Delta {nota.name(notation(), 'W', l, j, k)}$"  # what the optimiser's update added
    return tex("W", l, j, k), [(tex("W", l, j, k), _at(view.W, l - 1, j, k)),
                               (tex("dW", l, j, k), _at(view.dW, l - 1, j, k)),
                               (update, _at(view.update, l - 1, j, k))]


def selected(view, selection):
    """The values of the clicked neuron or edge (kept while the values change), named in the notation."""
    st.markdown(f"**{t('panel.title')}**")
    parsed = ids.parse(selection)
    if not parsed:
        st.caption(t("panel.none"))
        return
    kind, *idx = parsed
    base = notation().base
    if kind == "n":
        l, j = idx
        head, items = _neuron(view, l, j)
        words = t("panel.neuron", l=_layer(l), j=j + base)
    else:
        l, j, k = idx
        head, items = _edge(view, l, j, k)
        words = t("panel.edge", l=_layer(l), j=j + base, k=k + base)
    markdown(f"{words} · {head}\n\n" + table([t("panel.quantity"), t("panel.value")],
                                               [(name, hover(v)) for name, v in items]))


def worked_example(stepper):
    """The last committed step as a textbook-style Markdown document, in the chosen notation."""
    notation, digits, language = st.session_state[NOTATION], st.session_state[DIGITS], lang()
    st.download_button(t("step.explain"), data=lambda: explain.worked_example(stepper, notation, language, digits),
                       file_name=f"worked-example-{notation}-{language}.md", mime="text/markdown",
                       key="step_explain", on_click="ignore", icon=":material/description:",
                       disabled=not stepper.records or not stepper.records[-1].full, help=t("step.explain_help"))


def heatmaps(view, edge: str):
    """Per-layer heat maps of the edge quantity: the whole matrix, where the drawing shows a budget.
    Closed at first even for a large network (the drawing's note points here): an open heat map is
    redrawn on every click."""
    box = lazy_expander(t("step.heatmaps"), "step_heat_open")
    if box is None:
        return
    with box:
        L = len(view.layers) - 1
        l = st.selectbox(t("edit.layer"), range(1, L + 1), 0, key="step_heat_layer")
        M = {"W": view.W, "dW": view.dW, "update": view.update}[edge][l - 1]
        if M is None:
            st.caption(t("inspect.not_yet"))
            return
        st.plotly_chart(heatmap(M, t(f"qty.{edge}") + f" · {t('edit.layer')} {l}", base=notation().base),
                        key="step_heat")
