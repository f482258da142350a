"""Gradient check: finite differences against backprop for every parameter, at the current weights."""
import streamlit as st

from engine.teach.textbook.variants import GRADIENTS
from ui.check import checker
from ui.session import boot, state
from ui.session.text import named, t

boot.ensure()
st.title(t("check.title"))
state.notice()
st.caption(t("check.caption"))

a, b, c = st.columns([3, 2, 2], vertical_alignment="bottom")
variants = list(GRADIENTS)
variant = a.radio(t("check.variant"), variants, variants.index(state.setting("check_variant", variants[0])),
                  key="check_variant", horizontal=True, format_func=named("check.variant_", GRADIENTS),
                  help=t("check.variant_help"), on_change=state.keep, args=("check_variant",))
subset = b.number_input(t("check.subset"), 1, 100_000, checker.default_subset(state.stepper()),
                        key="check_subset", help=t("check.subset_help"))
c.button(t("check.run"), key="check_run", type="primary", icon=":material/rule:", width="stretch",
         on_click=checker.run, args=("check_variant", "check_subset"))
st.caption(checker.known(state.stepper(), "check_subset"))

result = st.session_state.get(checker.RESULT)
if result is None:
    st.info(t("check.empty"))
else:
    checker.show(result)
