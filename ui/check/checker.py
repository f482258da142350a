"""The gradient check page's work: run the engine's check within a work budget and show its table,
figure and verdict, parameters named in the chosen notation."""
import numpy as np
import pandas as pd
import streamlit as st

from engine import NonFiniteError

from engine.core.maths.gradcheck import gradcheck, worst
from engine.teach.textbook import notation as nota
from engine.teach.textbook.variants import gradient
from engine.text.numformat import ERROR_DIGITS, column_format, rounded
from ui.session import keys, state
from ui.common.numbers import columns
from ui.session.text import count, lang, t
from viz.checks import scatter

RESULT = keys.GRADCHECK  # the last check (variant, checks, what was asked and what the budget allowed)
TOLERANCE = 1e-4  # worst relative error a correct gradient stays under (central differences)
MAX_SAMPLES = 256  # more samples add nothing to the check
MIN_SAMPLES = 16  # the budget takes samples away down to this before it takes parameters
FULL_CHECK = 500  # networks with at most this many parameters are checked whole by default
# Multiply-adds one click may spend: each checked parameter costs two forward passes over the samples,
# each pass about (parameters of the network) x (samples). ~0.3 s of numpy on a shared classroom server.
WORK = 10**8


def default_subset(stepper) -> int:
    return min(stepper.sc.net.n_params, FULL_CHECK)


def budget(size: int, samples: int, asked: int) -> tuple[int, int]:
    """(parameters to check, samples to use) so that 2 x parameters x samples x size <= WORK, where
    size is the network's parameter count: samples go first (down to MIN_SAMPLES), then parameters,
    then, for a network too large for even one parameter, samples below MIN_SAMPLES."""
    n, m = min(asked, size), min(samples, MAX_SAMPLES)
    cost = lambda n, m: 2 * n * m * size
    if cost(n, m) > WORK:
        m = max(min(m, MIN_SAMPLES), WORK // (2 * n * size))
    if cost(n, m) > WORK:
        n = max(1, WORK // (2 * m * size))
    if cost(n, m) > WORK:
        m = max(1, WORK // (2 * n * size))
    return n, m


def known(stepper, subset_key: str) -> str:
    """The known difference this page exposes (Ng's printed lambda * Theta), and whether the current
    network and data can show it."""
    net = stepper.sc.net
    asked = st.session_state.get(subset_key, default_subset(stepper))
    m = budget(net.n_params, stepper.sc.X.shape[1], asked)[1]
    here = "check.known_no_lambda" if net.lam == 0 else "check.known_one_sample" if m == 1 else "check.known_differs"
    return t("check.known", here=t(here, lam=f"{net.lam:g}", m=m))


def run(variant_key: str, subset_key: str):
    stepper = state.stepper()
    net, asked, total = stepper.sc.net, int(st.session_state[subset_key]), stepper.sc.X.shape[1]
    n, m = budget(net.n_params, total, asked)
    X, Y = stepper.sc.X[:, :m], stepper.sc.Y[:, :m]
    variant = st.session_state[variant_key]
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # gradcheck names what went non-finite
            grad = gradient(variant)(net, stepper.W, stepper.b, X, Y)
        checks = gradcheck(net, stepper.W, stepper.b, X, Y, subset=n, grad=grad)
    except NonFiniteError as exc:  # the cost is not finite at these parameters: nothing to compare
        st.session_state.pop(RESULT, None)
        state.tell("error", exc.text(lang()))
        return
    st.session_state[RESULT] = {"variant": variant, "checks": checks, "m": m, "asked": min(asked, net.n_params),
                                "total": total, "step": len(stepper.records)}


def capped(result) -> str | None:
    """What the work budget took away from the check asked for, in words; None when nothing."""
    parts = []
    if len(result["checks"]) < result["asked"]:
        parts.append(t("check.capped_params", n=len(result["checks"]), asked=result["asked"]))
    if result["m"] < result["total"]:
        parts.append(t("check.capped_samples", m=result["m"], total=result["total"]))
    return t("check.capped", work=f"{WORK:,}", what="; ".join(parts)) if parts else None


def show(result):
    now = len(state.stepper().records)  # the parameters are those after this many steps (the check's own network)
    if now != result["step"]:
        st.warning(t("check.stale", then=result["step"], now=now), icon=":material/history:")
    nt = st.session_state[keys.NOTATION]
    checks, bad = result["checks"], worst(result["checks"])
    passed = bad.rel <= TOLERANCE
    verdict = t("check.pass" if passed else "check.fail", rel=rounded(bad.rel, ERROR_DIGITS), tol=f"{TOLERANCE:g}",
                where=_name(bad, nt), n=count("parameter", len(checks)), m=count("sample", result["m"]),
                variant=t(f"check.variant_{result['variant']}"))
    (st.success if passed else st.error)(verdict)
    if note := capped(result):
        st.info(note, icon=":material/speed:")
    left, right = st.columns([1, 1])
    names = [_name(c, nt) for c in checks]
    left.plotly_chart(scatter([c.analytic for c in checks], [c.numeric for c in checks],
                              [c.rel for c in checks], names, TOLERANCE, lang=lang()), key="check_fig")
    right.dataframe(pd.DataFrame({t("check.param"): names, t("check.col_analytic"): [c.analytic for c in checks],
                                  t("check.col_numeric"): [c.numeric for c in checks],
                                  t("check.col_rel"): [c.rel for c in checks]}).sort_values(t("check.col_rel"),
                                                                                            ascending=False),
                    hide_index=True, width="stretch", height=480, column_config=_columns())


def _columns() -> dict:
    """Gradients to the chosen digits, the error short: all four columns fit half of a 1280 px page."""
    return {t("check.param"): st.column_config.TextColumn(width="small"),
            **columns([t("check.col_analytic"), t("check.col_numeric")]),
            t("check.col_rel"): st.column_config.NumberColumn(format=column_format(ERROR_DIGITS), width="small")}


def _name(c, notation) -> str:
    return nota.text_name(notation, c.param, c.layer, *c.index)
