"""Loading a textbook preset (in the notation its source writes in) and Mazur's published numbers
beside the engine's."""
import streamlit as st

from engine import EngineError

from engine.core.scenarios import scenario

from engine.teach.textbook import presets, published
from ui.session import keys, state
from ui.session.text import lang, t

SIDEBAR_NOTATION = "side_notation"  # the sidebar's widget, dropped so that it is drawn from NOTATION anew


def load_preset(name: str):
    """Install the preset and switch to its notation, saying so when the notation changed."""
    preset = presets.get(name)
    state.install(preset.scenario(), preset=name)
    said = [t("presets.loaded", title=preset.title(lang()))]
    if st.session_state.get(keys.NOTATION) != preset.notation:
        st.session_state[keys.NOTATION] = preset.notation
        st.session_state.pop(SIDEBAR_NOTATION, None)
        said.append(t("presets.notation_switched", name=t(f"notation.{preset.notation}")))
    state.tell("success", " ".join(said))


@st.cache_data(max_entries=64, show_spinner=False)
def _after_many(source: dict) -> float:
    """Mazur's long run from a scenario: a pure function of the scenario, so one result serves everyone."""
    return published.loss_after(scenario.parse(source), published.LONG_RUN)


def mazur_rows():
    """Mazur's printed numbers against the engine's, for the current settings of his network; None
    when the current network is no longer his 2-2-2 on one sample."""
    sc = state.stepper().sc
    try:
        published.check_fits(sc)  # before the long run: it is cheap only on his network
    except EngineError:
        return None
    rows = published.compare(sc, lang=lang(), after_many=_after_many(sc.source))
    return [{t("presets.col_quantity"): r.quantity, t("presets.col_published"): r.published,
             t("presets.col_computed"): f"{r.computed:.10g}", t("presets.col_agrees"): "✓" if r.agrees else "✗",
             t("presets.col_note"): r.note} for r in rows]
