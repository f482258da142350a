"""What every Build page widget shows, read from the scenario, so no widget drifts from the network.

Streamlit keeps a keyed widget's value in session state and ignores a changed default, so after an
edit moves other settings (a dataset forcing the input size, a loss forcing the output activation,
an added layer) or a value is refused, the widget would keep showing the stale or refused value.
sync() writes each key from the scenario before the widgets are drawn; the widgets take no default.
"""
import streamlit as st

from engine.core.maths.initialisation import SEED
from engine.core.scenarios import batches
from engine.core.scenarios.data import SPEC_DEFAULTS as DATA
from engine.core.scenarios.scenario import DEFAULTS
from ui.query import choices, codec
from ui.session import keys, state

P = state.WIDGET_PREFIX


def values(src: dict, mode: str, table: dict | None) -> dict:
    """field -> the value its widget (key build_<field>) shows for this scenario."""
    return _network(src) | _training(src) | choices.values(src) | _init(src) | _data(src, mode, table)


def _network(src):
    out = {f"n{i}": int(n) for i, n in enumerate(src["layers"])}
    out.update({f"act{i}": a for i, a in enumerate(src["activations"], 1)})
    return out | {"loss": src["loss"]}


def _training(src):
    given = DEFAULTS | src
    mode = batches.mode(given["batch"])
    out = {"lr": float(given["lr"]), "lam": float(given["lambda"]), "mode": mode.name,
           "order": given["update_order"], "freeze": bool(given["freeze_biases"])}
    return out | ({"batch": int(given["batch"])} if mode.sized else {})


def _init(src):
    spec = src.get("init")
    if spec is None:
        return {}
    out = {"init": spec["scheme"], "seed": int(spec.get("seed", SEED))}
    extra = codec.needs(spec["scheme"])
    return out | ({"p": float(spec[extra])} if extra else {})


def _data(src, mode, table):
    out = {"data": mode, "test": float(src.get("test_fraction", DEFAULTS["test_fraction"])),
           "std": bool(src.get("standardize", DEFAULTS["standardize"]))}
    if "dataset" in src:
        ds = DATA | src["dataset"]
        out.update(ds=ds["name"], dn=int(ds["n"]), noise=float(ds["noise"]), dseed=int(ds["seed"]))
    elif len(src["X"]) == 1:
        out.update(X=vector(src["X"][0]), Y=vector(src["Y"][0]))
    if table is not None:
        out["targets"] = list(table["targets"])
    return out


def vector(values) -> str:
    return ", ".join(repr(float(v)) for v in values)  # shortest text that reads back exactly


def current() -> dict:
    return values(state.source(), state.data_mode(), st.session_state.get(keys.CSV))


def sync():
    """Write each Build widget's key where it differs from the network (type too: 1 is not 1.0)."""
    for field, value in current().items():
        old = st.session_state.get(P + field)
        if type(old) is not type(value) or old != value:
            st.session_state[P + field] = value


def forget_moved(before: dict):
    """After an edit, drop the refusal of each field whose value in force has changed (or gone):
    its message spoke of a value the widget no longer shows next to it."""
    errors, after = st.session_state[keys.ERRORS], current()
    for field in [f for f in errors if f in before and before[f] != after.get(f)]:
        del errors[field]
