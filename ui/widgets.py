"""Groups of Build page widgets; each edits the scenario through ui.actions (keys build_*)."""
import streamlit as st

from engine.data import DATASETS
from ui import actions, config, state
from ui.text import named, t

P = state.WIDGET_PREFIX
BATCH_MODES = ("sample", "minibatch", "full")


def errors(found: dict, fields):
    """The message of each refused field, next to its widgets."""
    for field in fields:
        if field in found:
            st.error(found[field], icon="⚠️")


def number(label, field, value, errs, **kw):
    st.number_input(t(label), value=value, key=P + field, on_change=actions.edit, args=(field,), **kw)
    errors(errs, [field])


def training(src, errs):
    a, b = st.columns(2)
    with a:
        number("build.lr", "lr", float(src.get("lr", 0.5)), errs, min_value=0.0, format="%g",
               step=0.01, help=t("build.lr_help"))
    with b:
        number("build.lambda", "lam", float(src.get("lambda", 0.0)), errs, min_value=0.0, format="%g",
               step=0.01, help=t("build.lambda_help"))
    batch = src.get("batch", "sample")
    mode = batch if batch in ("sample", "full") else "minibatch"
    st.radio(t("build.batch"), BATCH_MODES, BATCH_MODES.index(mode), key=P + "mode", horizontal=True,
             format_func=named("build.batch_", BATCH_MODES), on_change=_batch_mode)
    if mode == "minibatch":
        number("build.k", "batch", int(batch), errs, min_value=1, max_value=100_000, step=1)
    errors(errs, ["batch"])
    a, b = st.columns(2)
    orders = ("simultaneous", "output_first")
    a.radio(t("build.order"), orders, orders.index(src.get("update_order", "simultaneous")), key=P + "order",
            format_func=named("build.order_", orders), on_change=actions.edit, args=("order",),
            help=t("build.order_help"))
    b.checkbox(t("build.freeze"), bool(src.get("freeze_biases", False)), key=P + "freeze",
               on_change=actions.edit, args=("freeze",), help=t("build.freeze_help"))


def _batch_mode():
    mode = st.session_state[P + "mode"]
    actions.edit("batch", 8 if mode == "minibatch" else mode)


def init(src, errs, schemes):
    spec = src.get("init")
    if spec is None:
        st.info(t("build.explicit_weights"))
        return
    a, b, c = st.columns(3)
    a.selectbox(t("build.init"), list(schemes), list(schemes).index(spec["scheme"]), key=P + "init",
                on_change=actions.edit, args=("init",), format_func=named("init.", schemes),
                help=t("build.init_help"))
    with b:
        number("build.seed", "seed", int(spec.get("seed", 0)), errs, min_value=0, step=1)
    extra = config.INIT_EXTRA.get(spec["scheme"])
    if extra:
        with c:
            number(f"build.init_{extra}", "p", float(spec[extra]), errs, format="%g", step=0.1)
    errors(errs, ["init"])


DATA_MODES = ("sample", "dataset", "csv")


def data(src, errs):
    mode = "dataset" if "dataset" in src else "sample" if len(src["X"]) == 1 else "csv"
    st.radio(t("build.data"), DATA_MODES, DATA_MODES.index(mode), key=P + "data", horizontal=True,
             format_func=named("build.data_", DATA_MODES), on_change=_data_mode)
    {"sample": _sample, "dataset": _dataset, "csv": _csv}[mode](src, errs)
    errors(errs, ["data", "X", "Y", "csv"])


def _data_mode():
    mode = st.session_state[P + "data"]
    if mode != "csv":
        actions.edit("data", mode)


def _csv(src, errs):
    st.file_uploader(t("build.csv"), type=["csv", "txt"], key=P + "csv_file", on_change=actions.load_csv,
                     help=t("build.csv_help"))
    table = st.session_state.get(actions.CSV)
    if table is None:
        st.info(t("build.csv_none") if "dataset" in src or len(src["X"]) == 1
                else t("build.explicit_data", m=len(src["X"])))
        return
    st.multiselect(t("build.targets"), table["names"], table["targets"], key=P + "targets",
                   on_change=actions.choose_targets, help=t("build.targets_help"))
    st.caption(t("build.csv_loaded", name=table["file"], m=len(src["X"]), n_in=src["layers"][0],
                 n_out=src["layers"][-1]))
    _split(src, errs)


def _sample(src, errs):
    n_in, n_out = src["layers"][0], src["layers"][-1]
    for field, vec, n in (("X", src["X"][0], n_in), ("Y", src["Y"][0], n_out)):
        st.text_input(t(f"build.hand_{field}", n=n), ", ".join(f"{v:g}" for v in vec), key=P + field,
                      on_change=actions.edit_vector, args=(field, n))
        errors(errs, [field])


def _dataset(src, errs):
    ds = src["dataset"]
    names = list(DATASETS)
    a, b = st.columns(2)
    a.selectbox(t("build.dataset"), names, names.index(ds["name"]), key=P + "ds", on_change=actions.edit,
                args=("ds",), format_func=named("data.", names))
    with b:
        number("build.n", "dn", int(ds.get("n", 200)), errs, min_value=1, max_value=100_000, step=10)
    st.caption(t(f"data.{ds['name']}.about"))
    a, b = st.columns(2)
    with a:
        number("build.noise", "noise", float(ds.get("noise", 0.0)), errs, min_value=0.0, max_value=1.0,
               step=0.05, format="%g")
    with b:
        number("build.dseed", "dseed", int(ds.get("seed", 0)), errs, min_value=0, step=1)
    _split(src, errs)


def _split(src, errs):
    a, b = st.columns(2)
    with a:
        number("build.test", "test", float(src.get("test_fraction", 0.0)), errs, min_value=0.0,
               max_value=0.9, step=0.1, format="%g")
    b.checkbox(t("build.std"), bool(src.get("standardize", False)), key=P + "std",
               on_change=actions.edit, args=("std",), help=t("build.std_help"))
