"""The sidebar every page shares: language, notation, and what the current network is."""
import streamlit as st

from engine import i18n
from ui import state
from ui.text import LANG, t

LANG_NAMES = {"en": "English", "zh": "中文"}


def _set_lang():
    st.session_state[LANG] = st.session_state["side_lang"]
    state.share()


def draw():
    with st.sidebar:
        st.selectbox(t("side.lang"), i18n.LANGS, i18n.LANGS.index(st.session_state[LANG]), key="side_lang",
                     format_func=LANG_NAMES.get, on_change=_set_lang)
        stepper = state.stepper()
        net = stepper.sc.net
        st.markdown(t("side.network", layers=" → ".join(map(str, net.layers)),
                      acts=", ".join(g.name for g in net.acts), loss=t(f"loss.{net.loss.name}")))
        st.caption(t("side.progress", steps=len(stepper.records), m=stepper.sc.X.shape[1], lr=f"{stepper.sc.lr:g}"))
