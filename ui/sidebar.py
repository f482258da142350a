"""The sidebar every page shares: the Copy link button, language, notation, and what the current network is."""
import streamlit as st

from engine.teach.notation import NOTATIONS, available
from engine.text import i18n
from ui import copy_link, present, state, viewport
from ui.text import LANG, count, named, t

LANG_NAMES = {"en": "English", "zh": "中文"}


def _copy(key: str, plain: str):
    st.session_state[plain] = st.session_state[key]


def _notations(layers) -> list:
    """The notations that can name this network; one that cannot (Mazur's names on a network that is no
    longer 2-2-2) gives way to the engine's own names, saying so."""
    chosen = NOTATIONS[st.session_state[state.NOTATION]]
    if not chosen.fits(layers):
        st.session_state[state.NOTATION] = "engine"
        st.caption(t("side.notation_unfit", name=t(f"notation.{chosen.key}")))
    return available(layers)


def draw():
    with st.sidebar:
        copy_link.draw()  # first: the link and what it cannot carry are in view on any page and screen
        present.toggle()
        st.selectbox(t("side.lang"), i18n.LANGS, i18n.LANGS.index(st.session_state[LANG]), key="side_lang",
                     format_func=LANG_NAMES.get, on_change=_copy, args=("side_lang", LANG))
        offered = _notations(state.stepper().sc.net.layers)
        st.selectbox(t("side.notation"), offered, offered.index(st.session_state[state.NOTATION]),
                     key="side_notation", format_func=named("notation.", NOTATIONS),
                     on_change=_copy, args=("side_notation", state.NOTATION),
                     help=t("side.notation_help") + "\n\n" + t(f"notation.{st.session_state[state.NOTATION]}.about"))
        st.number_input(t("side.digits"), 2, 12, st.session_state[state.DIGITS], key="side_digits",
                        on_change=_copy, args=("side_digits", state.DIGITS), help=t("side.digits_help"))
        stepper = state.stepper()
        net = stepper.sc.net
        st.markdown(t("side.network", layers=" → ".join(map(str, net.layers)),
                      acts=", ".join(g.name for g in net.acts), loss=t(f"loss.{net.loss.name}")))
        st.caption(t("side.progress", steps=count("step", len(stepper.records)),
                     m=count("training_sample", stepper.sc.X.shape[1]), lr=f"{stepper.sc.lr:g}"))
        viewport.watch()
