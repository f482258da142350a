"""Groups of Build page widgets; each edits the scenario through ui.build.callbacks (keys build_*).

No widget here takes a default: ui.build.form.sync writes every key from the scenario before they are
drawn, so what a widget shows is always the value in force. Bounds are left to the engine, which
refuses a bad value with a message naming it.
"""
import streamlit as st

from engine.core.maths.activations import ACTIVATIONS, hidden
from engine.core.maths.backprop import ORDERS
from engine.core.maths.initialisation import SCHEMES
from engine.core.maths.losses import LOSSES
from engine.core.scenarios import batches
from engine.core.scenarios.data import DATASETS, SPREAD, spread
from engine.files import formats
from engine.files.csvfile import MAX_CLASSES
from engine.text.errors import shown
from ui.build import callbacks
from ui.common import actions, copy_link
from ui.query import choices, codec
from ui.session import keys, state
from ui.common.numbers import notation
from ui.session.text import count, labelled, named, t

P = state.WIDGET_PREFIX
DATA_MODES = ("sample", "dataset", "csv")


def number(label: str, field: str, whole=False, **kw):
    """A number box for field; whole numbers step by 1, others show the shortest form (%g)."""
    kw.setdefault("step", 1 if whole else 0.01)
    if not whole:
        kw.setdefault("format", "%g")
    st.number_input(label, key=P + field, on_change=callbacks.edit, args=(field,), **kw)
    state.refusals(field)


def network(src):
    """One row per layer: its name, its size, its activation, each at a width its words fit
    (ui.common.style), so a deep network grows longer instead of squeezing a label into "Hidd / en"."""
    layers = src["layers"]
    L = len(layers) - 1
    with st.container(key=f"{P}layers", gap="small"):
        for i in range(len(layers)):
            name = t("build.input") if i == 0 else t("build.output") if i == L else t("build.hidden", l=i)
            with st.container(horizontal=True, key=f"{P}layer{i}", vertical_alignment="center", gap="small"):
                st.markdown(f"**{name}**")
                number(name, f"n{i}", whole=True, label_visibility="collapsed")
                if i:
                    st.selectbox(t("build.activation"), list(ACTIVATIONS) if i == L else hidden(),
                                 key=f"{P}act{i}", on_change=callbacks.edit, args=(f"act{i}",),
                                 label_visibility="collapsed")
                    state.refusals(f"act{i}")
    add, remove = st.columns(2)
    add.button(t("build.add_layer"), icon=":material/add:", key=f"{P}add", help=t("build.add_layer_help"),
               on_click=callbacks.edit, args=("add", True), disabled=L >= 8, width="stretch")
    remove.button(t("build.remove_layer"), icon=":material/remove:", key=f"{P}remove",
                  help=t("build.remove_layer_help"), on_click=callbacks.edit,
                  args=("remove", True), disabled=L <= 1, width="stretch")
    st.selectbox(t("build.loss"), list(LOSSES), key=f"{P}loss", on_change=callbacks.edit, args=("loss",),
                 format_func=named("loss.", LOSSES))
    state.refusals("loss", "add", "remove")


def training():
    a, b = st.columns(2)
    with a:
        number(t("build.lr"), "lr", help=t("build.lr_help"))
    with b:
        number(t("build.lambda"), "lam", help=t("build.lambda_help"))
    st.radio(t("build.batch"), list(batches.MODES), key=P + "mode", horizontal=True,
             format_func=labelled(batches.MODES), on_change=callbacks.choose_batch_mode)
    if batches.MODES[st.session_state[P + "mode"]].sized:
        number(t("build.k"), "batch", whole=True)
    else:
        state.refusals("batch")
    a, b = st.columns(2)
    a.radio(t("build.order"), list(ORDERS), key=P + "order", format_func=labelled(ORDERS),
            on_change=callbacks.edit, args=("order",), help=t("build.order_help"))
    b.checkbox(t("build.freeze"), key=P + "freeze", on_change=callbacks.edit, args=("freeze",),
               help=t("build.freeze_help"))
    state.refusals("order", "freeze")


def optimizer(src):
    """The optimiser and the learning-rate schedule, each with its record's fields (ui.query.choices): what
    the record is called, what it does and its rule come from the record too."""
    for prefix, title in (("opt", "build.optimizer"), ("sched", "build.schedule")):
        _, registry, default = choices.CHOICES[prefix]
        words = ({} if default in registry else {default: t("build.schedule_none")}) | \
            {name: t(rec.label) for name, rec in registry.items()}
        st.selectbox(t(title), list(words), key=P + prefix, format_func=words.get, on_change=callbacks.edit,
                     args=(prefix,))
        state.refusals(prefix)
        rec, _ = choices.chosen(src, prefix)
        if rec is not None:
            _settings(prefix, rec)


def _settings(prefix, rec):
    st.caption(t(rec.help))
    # one line per part of the rule (the whole of Adam's is wider than the column), the lr named as the
    # learning-rate box above names it (the records write \eta)
    parts = rec.formula.replace(r"\eta", notation().lr).split(r"\quad")
    st.latex(r"\begin{gathered}" + r" \\ ".join(p.strip().rstrip(",") for p in parts) + r"\end{gathered}")
    for col, (name, field) in zip(st.columns(len(rec.fields)) if rec.fields else (), rec.fields.items()):
        with col:
            if field.kind == "flag":
                st.checkbox(t(f"setting.{name}"), key=f"{P}{prefix}_{name}", on_change=callbacks.edit,
                            args=(f"{prefix}_{name}",))
                state.refusals(f"{prefix}_{name}")
            else:  # a small default (eps) steps by itself: 0.01 would jump far past it
                step = field.default if 0 < field.default < 0.01 else 0.01
                number(t(f"setting.{name}"), f"{prefix}_{name}", whole=field.kind == "whole",
                       **({} if field.kind == "whole" else {"step": step}))


def init(src):
    spec = src.get("init")
    if spec is None:
        st.info(t("build.explicit_weights"))
        return
    a, b, c = st.columns(3)
    a.selectbox(t("build.init"), list(SCHEMES), key=P + "init", on_change=callbacks.edit, args=("init",),
                format_func=labelled(SCHEMES), help=t("build.init_help"))
    with b:
        number(t("build.seed"), "seed", whole=True)
    extra = codec.needs(spec["scheme"])
    if extra:
        with c:
            number(t(f"build.init_{extra}"), "p", step=0.1)
    state.refusals("init")


def data(src):
    st.radio(t("build.data"), DATA_MODES, key=P + "data", horizontal=True,
             format_func=named("build.data_", DATA_MODES), on_change=callbacks.choose_data_mode)
    state.refusals("data")
    {"sample": _sample, "dataset": _dataset, "csv": _csv}[state.data_mode()](src)


def _csv(src):
    st.file_uploader(t("build.csv"), type=["csv", "txt"], key=callbacks.CSV_FILE, on_change=callbacks.load_csv,
                     help=t("build.csv_help", high=MAX_CLASSES))
    state.refusals(callbacks.CSV_FILE)
    table = st.session_state.get(keys.CSV)
    if table is None:
        st.info(t("build.explicit_data", m=count("sample", len(src["X"]))) if codec.data_mode(src) == "csv" else t("build.csv_none"))
        return
    st.multiselect(t("build.targets"), table["names"], key=P + "targets", on_change=callbacks.choose_targets,
                   help=t("build.targets_help"))
    state.refusals("targets")
    rows, m = len(src["X"]), state.stepper().sc.X.shape[1]  # the training samples: the rows less those held out
    words = dict(name=table["file"], m=count("training_sample", m), n_in=count("input", src["layers"][0]),
                 n_out=count("target", len(table["targets"])))
    st.caption(t("build.csv_loaded", **words) if m == rows else
               t("build.csv_split", rows=count("row", rows), test=count("row", rows - m), **words))
    st.info(_inferred(src.get("classes", []), table["targets"]))
    _split(src)


def _inferred(classes: list, targets: list) -> str:
    """What engine.files.csvfile read the target columns as: class labels (and the output chosen), or numbers."""
    if not classes:
        return t("build.csv_numbers", cols=", ".join(map(shown, targets)), n=count("target", len(targets)),
                 high=MAX_CLASSES)
    return t("build.csv_classes_two" if len(classes) == 2 else "build.csv_classes_many", col=shown(targets[0]),
             n=count("class", len(classes)), names=", ".join(classes), second=classes[-1])


def _sample(src):
    for field, n in (("X", src["layers"][0]), ("Y", src["layers"][-1])):
        st.text_input(t(f"build.hand_{field}", n=count("number", n)), key=P + field, on_change=callbacks.edit_vector, args=(field, n))
        state.refusals(field)


def _dataset(src):
    names = list(DATASETS)
    a, b = st.columns(2)
    a.selectbox(t("build.dataset"), names, key=P + "ds", on_change=callbacks.edit, args=("ds",),
                format_func=named("data.", names))
    with b:
        number(t("build.n"), "dn", whole=True, step=10)
    state.refusals("ds")
    st.caption(t(f"data.{src['dataset']['name']}.about"))
    a, b = st.columns(2)
    with a:
        number(t("build.noise"), "noise", step=0.05)
    with b:
        number(t("build.dseed"), "dseed", whole=True)
    _split(src)


def _split(src):
    a, b = st.columns(2)
    with a:
        number(t("build.test"), "test", step=0.1)
    b.checkbox(t("build.std"), key=P + "std", on_change=callbacks.edit, args=("std",), help=t("build.std_help"))
    state.refusals("std")
    ratio = spread(state.stepper().sc.X.T)  # the training inputs, one row a sample, as the network gets them
    if not src.get("standardize") and ratio > SPREAD:  # one wide column drowned the others: 34.7 % against 100 %
        st.info(t("build.std_suggest", ratio=f"{ratio:,.0f}", limit=f"{SPREAD:g}"), icon=":material/straighten:")


def files_tab(src):
    st.file_uploader(t("build.import"), type=["json"], key=f"{P}import_file", on_change=actions.import_file,
                     args=(f"{P}import_file",), help=t("build.import_help"))
    state.refusals(f"{P}import_file")
    st.download_button(t("build.download"), icon=":material/download:", data=formats.dumps(src),
                       file_name="scenario.json", mime="application/json", key=f"{P}download", on_click="ignore")
    st.download_button(t("build.download_now"), icon=":material/download:",
                       data=formats.dumps(formats.scenario_dict(state.stepper(), True)), file_name="scenario-now.json",
                       mime="application/json", key=f"{P}download_now", on_click="ignore",
                       help=t("build.download_now_help"))
    st.caption(t("build.share"))
    copy_link.warn()
