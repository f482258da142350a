"""Textbook examples: each preset in one click, and Mazur's published numbers beside the computed ones."""
import streamlit as st

from engine.teach.textbook import presets
from ui.presets import loader
from ui.runs import onechange, runlist
from ui.session import boot, state
from ui.session.text import lang, t

boot.ensure()
st.title(t("presets.title"))
state.notice()
st.caption(t("presets.caption"))

for name in presets.names():
    preset = presets.get(name)
    with st.container(border=True):
        st.markdown(f"**{preset.title(lang())}**  \n{preset.about(lang())}  \n"
                    f"*{t('presets.notation', name=t(f'notation.{preset.notation}'))}*")
        with st.container(horizontal=True, gap="small"):  # each button named for its example (13 "Load"s said nothing)
            st.button(t("presets.load", title=preset.title(lang())), key=f"presets_load_{name}", icon=":material/upload:",
                      on_click=loader.load_preset, args=(name,))
            if name == onechange.PRESET:  # the preset made for the Compare page: its runs in one click
                runlist.one_click(st, "presets_compare", opens=True)

if state.source().get("title") == presets.get("mazur").scenario().get("title"):
    st.header(t("presets.compare_title"))
    rows = loader.mazur_rows()
    if rows is None:
        st.info(t("presets.compare_gone"))
    else:
        st.caption(t("presets.compare_caption"))
        st.dataframe(rows, hide_index=True, width="stretch")
