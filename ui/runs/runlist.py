"""The Compare page's run tools: rename and delete runs, export and import them, make a new run from
another's start with one change, and the one-click comparison of the "optimisers" preset."""
import streamlit as st

from engine.files import runs as engine_runs
from engine.teach.textbook import presets
from ui.runs import onechange
from ui.session import saved_runs, state
from ui.session.text import lang, named, t

UPLOAD = "compare_upload"  # the runs uploader; its refusal is kept under this key in ERRORS


def one_click(where=st, key: str = "compare_preset_go", opens: bool = False):
    """The one-click comparison: three runs from one start of the "optimisers" preset; opens: go to
    the Compare page after (from the preset's card on the Presets page)."""
    setting = onechange.variants()[0][0]
    if where.button(t(f"compare.one_click_{setting}"), key=key, icon=":material/compare_arrows:",
                    on_click=onechange.compare_preset,
                    help=t("compare.one_click_help", steps=onechange.STEPS,
                           preset=presets.get(onechange.PRESET).title(lang()))) and opens:
        st.switch_page("pages/compare.py")


def table():
    """Every run: the kept ones, with their name (editable), what each is and a delete button, and the
    current network's training, which is kept when the network goes (its name and deletion wait till then)."""
    st.header(t("compare.kept_title"))
    every = saved_runs.every()
    if not every:
        st.info(t("compare.no_runs"))
    for run in every:
        n, now = run["number"], bool(run.get("current"))
        a, b, c = st.columns([2, 5, 1], vertical_alignment="bottom")
        a.text_input(t("compare.name"), saved_runs.name(run), max_chars=saved_runs.NAME_LIMIT, key=f"compare_name_{n}",
                     on_change=saved_runs.rename, args=(n, f"compare_name_{n}"), disabled=now)
        b.caption(saved_runs.label(run) + ("  \n" + t("compare.left_out", what=", ".join(
            t(f"compare.left_out_{w}") for w in run["left_out"])) if run["left_out"] else ""))
        c.button(t("compare.delete"), key=f"compare_delete_{n}", icon=":material/delete:", on_click=saved_runs.delete,
                 args=(n,), width="stretch", disabled=now)
    st.caption(t("compare.limits", kept=saved_runs.MAX_RUNS, points=engine_runs.LOG_KEPT))


def files():
    """Download every run (the current network's too) as one file; upload runs to add them."""
    a, b = st.columns(2)
    a.download_button(t("compare.export"), data=saved_runs.export() if saved_runs.every() else "", file_name="runs.json",
                      mime="application/json", key="compare_export", on_click="ignore", disabled=not saved_runs.every(),
                      icon=":material/download:", width="stretch")
    b.file_uploader(t("compare.import"), type=["json"], key=UPLOAD, on_change=saved_runs.import_file, args=(UPLOAD,),
                    help=t("compare.import_help"))
    state.refusals(UPLOAD)


def one_change():
    """A new run from a run's exact start weights with one setting changed; it becomes the current
    network and the Train page opens."""
    st.header(t("compare.change_title"))
    every = {r["number"]: r for r in saved_runs.every() if engine_runs.replayable(r)}
    if not every:
        st.info(t("compare.change_none"))
        return
    st.caption(t("compare.change_caption"))
    a, b, c, d = st.columns([3, 2, 2, 1], vertical_alignment="bottom")
    numbers = list(every)
    number = a.selectbox(t("compare.change_from"), numbers, len(numbers) - 1, key="compare_base",
                         format_func=lambda n: saved_runs.label(every[n]))
    run = every[number]
    options = onechange.settings(run["source"])
    setting = b.selectbox(t("compare.change_setting"), options, key="compare_setting",
                          format_func=named("runs.setting.", options))
    values = onechange.choices(setting)
    if values is None:
        value = c.number_input(t("compare.change_value"), 0.0, 1e6, float(onechange.now(run, setting)), format="%g",
                               key="compare_value_lr")
    else:
        was = onechange.now(run, setting)
        value = c.selectbox(t("compare.change_value"), values, values.index(was) if was in values else 0,
                            key=f"compare_value_{setting}", format_func=lambda v: onechange.shown(setting, v))
    if setting == "init":
        st.caption(t("runs.new_weights"))
    if d.button(t("compare.change_go"), key="compare_start", type="primary", icon=":material/play_arrow:",
                width="stretch") and onechange.start(number, setting, value):
        st.switch_page("pages/train.py")
