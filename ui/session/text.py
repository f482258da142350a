"""The interface's words: every label comes from the catalogue (engine/text/lang) in the session's language."""
import streamlit as st

from engine.core.scenarios import batches
from engine.text import i18n
from ui.session.keys import LANG


def lang() -> str:
    return st.session_state.get(LANG, "en")


def t(key: str, **fields) -> str:
    return i18n.text(lang(), key, **fields)


def count(unit: str, n: int) -> str:
    return i18n.count(lang(), unit, n)


def choose_lang(query: dict):
    """The language from the link (?lang=zh) on the first run, then from the sidebar's switch."""
    if LANG not in st.session_state:
        wanted = query.get("lang", "en")
        st.session_state[LANG] = wanted if wanted in i18n.LANGS else "en"


def batch_words(batch) -> str:
    """A batch setting in words: one sample, the full data set, or a mini-batch of k."""
    mode = batches.mode(batch)
    return t(mode.phrase, **({"k": count("sample", batch)} if mode.sized else {}))


def named(prefix: str, options):
    """A format_func for options: the words are looked up now, in this run's language, because
    Streamlit may call it later, outside the run."""
    return {o: t(f"{prefix}{o}") for o in options}.get


def labelled(registry: dict):
    """A format_func for a registry's names: each record's label, looked up now as named() does."""
    return {name: t(rec.label) for name, rec in registry.items()}.get
