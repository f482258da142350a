"""The sidebar every page shares: the Copy link button, language, notation, and what the current network is.

It shows nothing a step changes: a step click reruns only its part of the Step page (st.fragment), and a
fragment's run cannot redraw the sidebar. An action in a fragment that does change what the sidebar shows
(a Step page edit changes what the link carries) reruns the whole app instead (keep_fresh)."""
import streamlit as st

from engine.teach.textbook.notation import NOTATIONS, available
from engine.text import i18n
from ui.common import copy_link, presenter, viewport
from ui.session import keys, state
from ui.session.keys import SHOWN
from ui.session.text import LANG, count, named, t

LANG_NAMES = {"en": "English", "zh": "中文"}


def _copy(key: str, plain: str):
    st.session_state[plain] = st.session_state[key]


def _notations(layers) -> list:
    """The notations that can name this network; one that cannot (Mazur's names on a network that is no
    longer 2-2-2) gives way to the engine's own names, saying so."""
    chosen = NOTATIONS[st.session_state[keys.NOTATION]]
    if not chosen.fits(layers):
        st.session_state[keys.NOTATION] = "engine"
        st.caption(t("side.notation_unfit", name=t(f"notation.{chosen.key}")))
    return available(layers)


def draw():
    with st.sidebar:
        copy_link.draw()  # first: the link and what it cannot carry are in view on any page and screen
        presenter.toggle()
        st.selectbox(t("side.lang"), i18n.LANGS, i18n.LANGS.index(st.session_state[LANG]), key="side_lang",
                     format_func=LANG_NAMES.get, on_change=_copy, args=("side_lang", LANG))
        offered = _notations(state.stepper().sc.net.layers)
        # written from the plain key: a lesson opened since sets the notation its notes are written in
        st.session_state["side_notation"] = st.session_state[keys.NOTATION]
        st.selectbox(t("side.notation"), offered, key="side_notation", format_func=named("notation.", NOTATIONS),
                     on_change=_copy, args=("side_notation", keys.NOTATION),
                     help=t("side.notation_help") + "\n\n" + t(f"notation.{st.session_state[keys.NOTATION]}.about"))
        st.number_input(t("side.digits"), 2, 12, st.session_state[keys.DIGITS], key="side_digits",
                        on_change=_copy, args=("side_digits", keys.DIGITS), help=t("side.digits_help"))
        st.toggle(t("side.motion"), st.session_state[keys.MOTION], key="side_motion", on_change=_copy,
                  args=("side_motion", keys.MOTION), help=t("side.motion_help"))
        sc = state.stepper().sc
        st.markdown(t("side.network", layers=" → ".join(map(str, sc.net.layers)),
                      acts=", ".join(g.name for g in sc.net.acts), loss=t(f"loss.{sc.net.loss.name}"),
                      optimizer=t(sc.optimizer.label)))
        st.caption(t("side.progress", m=count("training_sample", sc.X.shape[1]), lr=f"{sc.lr:g}"))
        viewport.watch()
    st.session_state[SHOWN] = shown()


def shown() -> tuple:
    """What the sidebar's text depends on: (the choices and the link with what it cannot carry, the
    scenario, which is compared by identity)."""
    ss = st.session_state
    return (ss[LANG], ss[keys.NOTATION], ss[keys.DIGITS], state.link()), state.stepper().sc


def will_draw():
    """Called by the app before its page: in a whole-app run the sidebar is drawn after the page."""
    st.session_state.pop(SHOWN, None)


def keep_fresh():
    """At the top of a fragment: if an action in it changed what the sidebar shows, rerun the whole app
    rather than leave the sidebar telling the old network. (In a whole-app run, will_draw has cleared
    SHOWN and the sidebar is drawn after the page anyway.)"""
    drawn, now = st.session_state.get(SHOWN), shown()
    if drawn is not None and (drawn[0] != now[0] or drawn[1] is not now[1]):
        st.rerun(scope="app")
