"""Textbook examples: each preset in one click, and Mazur's published numbers beside the computed ones."""
import streamlit as st

from engine.teach import presets
from ui import boot, preset_loader, state
from ui.text import lang, t

boot.ensure()
st.title(t("presets.title"))
state.notice()
st.caption(t("presets.caption"))

for name in presets.names():
    preset = presets.get(name)
    with st.container(border=True):
        text, load = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"**{preset.title(lang())}**  \n{preset.about(lang())}  \n"
                      f"*{t('presets.notation', name=t(f'notation.{preset.notation}'))}*")
        load.button(t("presets.load"), key=f"presets_load_{name}", icon=":material/upload:",
                    on_click=preset_loader.load_preset, args=(name,), width="stretch")

if state.source().get("title") == presets.get("mazur").scenario().get("title"):
    st.subheader(t("presets.compare_title"))
    rows = preset_loader.mazur_rows()
    if rows is None:
        st.info(t("presets.compare_gone"))
    else:
        st.caption(t("presets.compare_caption"))
        st.dataframe(rows, hide_index=True, width="stretch")
