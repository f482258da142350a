"""The gradient check page's work: run the engine's check and show its table, figure and verdict."""
import pandas as pd
import streamlit as st

from engine.gradcheck import gradcheck, worst
from engine.variants import gradient
from ui import state
from ui.text import t
from viz.checks import scatter

RESULT = "gradcheck"  # plain key: the last check (variant, tolerance, checks, samples)
TOLERANCE = 1e-4  # worst relative error a correct gradient stays under (central differences)
MAX_SAMPLES = 256  # the cost is evaluated 2 x parameters times; more samples add nothing to the check
FULL_CHECK = 500  # networks with at most this many parameters are checked whole


def default_subset(stepper) -> int:
    return min(stepper.sc.net.n_params, FULL_CHECK)


def run(variant_key: str, subset_key: str):
    stepper = state.stepper()
    net, X, Y = stepper.sc.net, stepper.sc.X[:, :MAX_SAMPLES], stepper.sc.Y[:, :MAX_SAMPLES]
    variant = st.session_state[variant_key]
    grad = gradient(variant)(net, stepper.W, stepper.b, X, Y)
    checks = gradcheck(net, stepper.W, stepper.b, X, Y, subset=st.session_state[subset_key], grad=grad)
    st.session_state[RESULT] = {"variant": variant, "checks": checks, "m": X.shape[1]}


def show(result):
    checks, bad = result["checks"], worst(result["checks"])
    passed = bad.rel <= TOLERANCE
    verdict = t("check.pass" if passed else "check.fail", rel=f"{bad.rel:.2e}", tol=f"{TOLERANCE:g}",
                where=_name(bad), n=len(checks), m=result["m"], variant=t(f"check.variant_{result['variant']}"))
    (st.success if passed else st.error)(verdict)
    left, right = st.columns([1, 1])
    names = [_name(c) for c in checks]
    left.plotly_chart(scatter([c.analytic for c in checks], [c.numeric for c in checks],
                              [c.rel for c in checks], names, TOLERANCE, title=t("check.fig_title"),
                              x_title=t("check.analytic"), y_title=t("check.numeric"),
                              ok_name=t("check.agrees"), bad_name=t("check.differs")), key="check_fig")
    right.dataframe(pd.DataFrame({t("check.param"): names, t("check.analytic"): [c.analytic for c in checks],
                                  t("check.numeric"): [c.numeric for c in checks],
                                  t("check.rel"): [c.rel for c in checks]}).sort_values(t("check.rel"), ascending=False),
                    hide_index=True, width="stretch", height=480,
                    column_config={t("check.rel"): st.column_config.NumberColumn(format="%.2e")})


def _name(c) -> str:
    return f"{c.param}[{c.layer}][{','.join(map(str, c.index))}]"
