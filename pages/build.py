"""Build: layer sizes, activations, loss, training settings, data, files; a live drawing."""
import streamlit as st

from engine.teach.screen.view import current
from ui.build import form, widgets
from ui import figure
from ui.common import style, viewport
from ui.session import boot, state
from ui.common.numbers import digits, figure_names
from ui.session.text import t
from viz.element import payload

boot.ensure()
form.sync()  # before any widget: each shows the network's value, never a stale or refused one

src = state.source()
st.title(t("build.title"))
state.notice()
left, right = st.columns([5, 6], gap="large")

with left:
    net_tab, train_tab, data_tab, file_tab = st.tabs(
        [t("build.tab_network"), t("build.tab_training"), t("build.tab_data"), t("build.tab_files")])
with net_tab:
    widgets.network(src)
with train_tab:
    widgets.training()
    widgets.optimizer(src)
    widgets.init(src)
with data_tab:
    widgets.data(src)
with file_tab:
    widgets.files_tab(src)

with right:
    st.header(t("build.drawing"))
    st.caption(t("build.drawing_caption", layers=" → ".join(map(str, src["layers"])),
                 params=state.stepper().sc.net.n_params))
    figure.draw(payload(current(state.stepper()), "a", "W", lang=state.lang(), names=figure_names(),
                        **viewport.figure_box(6 / 11, 260), digits=digits(), dark=style.dark(), pick=False), "build_fig")
