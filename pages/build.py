"""Build: layer sizes, activations, loss, training settings, data, files; a live drawing."""
import streamlit as st

from engine import files
from engine.activations import ACTIVATIONS, HIDDEN
from engine.init import SCHEMES
from engine.losses import LOSSES
from engine.view import current
from ui import boot, actions, state, widgets
from ui.text import named, t
from viz.network import figure

boot.ensure()

P = state.WIDGET_PREFIX
src, errors = state.source(), st.session_state[state.ERRORS]
layers = src["layers"]
L = len(layers) - 1

st.title(t("build.title"))
state.notice()
left, right = st.columns([5, 6], gap="large")

with left:
    net_tab, train_tab, data_tab, file_tab = st.tabs(
        [t("build.tab_network"), t("build.tab_training"), t("build.tab_data"), t("build.tab_files")])

with net_tab:
    cols = st.columns(len(layers))
    for i, col in enumerate(cols):
        with col:
            name = t("build.input") if i == 0 else t("build.output") if i == L else t("build.hidden", l=i)
            st.number_input(name, 1, 1024, layers[i], key=f"{P}n{i}", on_change=actions.edit, args=(f"n{i}",))
            if i:
                options = list(ACTIVATIONS) if i == L else list(HIDDEN)
                st.selectbox(t("build.activation"), options, options.index(src["activations"][i - 1]),
                             key=f"{P}act{i}", on_change=actions.edit, args=(f"act{i}",))
    widgets.errors(errors, [f"n{i}" for i in range(L + 1)] + [f"act{i}" for i in range(1, L + 1)])
    add, remove = st.columns(2)
    add.button(t("build.add_layer"), icon=":material/add:", key=f"{P}add", on_click=actions.edit, args=("add", True),
               disabled=L >= 8, width="stretch")
    remove.button(t("build.remove_layer"), icon=":material/remove:", key=f"{P}remove", on_click=actions.edit, args=("remove", True),
                  disabled=L <= 1, width="stretch")
    st.selectbox(t("build.loss"), list(LOSSES), list(LOSSES).index(src["loss"]), key=f"{P}loss",
                 on_change=actions.edit, args=("loss",), format_func=named("loss.", LOSSES))
    widgets.errors(errors, ["loss"])

with train_tab:
    widgets.training(src, errors)
    widgets.init(src, errors, SCHEMES)

with data_tab:
    widgets.data(src, errors)

with file_tab:
    st.file_uploader(t("build.import"), type=["json"], key=f"{P}import_file",
                     on_change=actions.import_file, args=(f"{P}import_file",), help=t("build.import_help"))
    st.download_button(t("build.download"), icon=":material/download:", data=files.dumps(src), file_name="scenario.json",
                       mime="application/json", key=f"{P}download", on_click="ignore")
    st.download_button(t("build.download_now"), icon=":material/download:", data=files.dumps(files.scenario_dict(state.stepper(), True)),
                       file_name="scenario-now.json", mime="application/json", key=f"{P}download_now",
                       on_click="ignore", help=t("build.download_now_help"))

with right:
    st.subheader(t("build.drawing"))
    st.caption(t("build.drawing_caption", layers=" → ".join(map(str, layers)),
                 params=state.stepper().sc.net.n_params))
    st.plotly_chart(figure(current(state.stepper()), "a", "W", lang=state.lang()), key="build_fig", config={"displayModeBar": False})
