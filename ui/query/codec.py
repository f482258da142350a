"""The Build page's configuration as a scenario dict, and its round trip through the URL query.

No Streamlit here: the query is a plain dict of strings, so this is tested without a browser.
"""
import copy
import math

from engine.core.scenarios import batches, scenario

from engine.core.maths.activations import ACTIVATIONS, hidden
from engine.core.maths.initialisation import SCHEMES, SEED
from engine.core.maths.losses import LOSSES, for_targets
from engine.core.scenarios.data import DATASETS, SPEC_DEFAULTS as DATA
from engine.core.scenarios.scenario import DEFAULTS
from engine.text import i18n
from engine.text.errors import EngineError
from ui.query import choices

DEFAULT = {
    "schema": scenario.SCHEMA, "title": "A 2-3-2 sigmoid network on one sample",
    "layers": [2, 3, 2], "activations": ["sigmoid", "sigmoid"], "loss": "squared_error",
    "lambda": DEFAULTS["lambda"], "lr": DEFAULTS["lr"], "batch": DEFAULTS["batch"],
    "init": {"scheme": "uniform", "seed": 1}, "X": [[0.05, 0.10]], "Y": [[0.01, 0.99]],
}


def needs(scheme: str) -> str | None:
    """The init key of the number a scheme takes (sigma, value), or None (also for an unknown name)."""
    return getattr(SCHEMES.get(scheme), "needs", None)


def _nums(text, cast=float):
    return [cast(v) for v in text.split(",")]


def _flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


# query key -> (scenario key, its text in a link, read back from it): left out of a link at the engine's default
OPTIONAL = {"test": ("test_fraction", lambda v: repr(float(v)), float),
            "std": ("standardize", lambda v: str(int(v)), _flag), "order": ("update_order", str, str),
            "freeze": ("freeze_biases", lambda v: str(int(v)), _flag)}
QUERY_DEFAULTS = {k: text(DEFAULTS[key]) for k, (key, text, _) in OPTIONAL.items()}


def to_query(src: dict) -> dict:
    """The shareable part of a scenario: structure, training settings, init and built-in data.

    Settings left at their defaults are left out, so a link stays short."""
    init = src.get("init", DEFAULT["init"])
    q = {"layers": ",".join(map(str, src["layers"])), "act": ",".join(src["activations"]),
         "loss": src["loss"], "lam": repr(src.get("lambda", DEFAULTS["lambda"])),
         "lr": repr(src.get("lr", DEFAULTS["lr"])), "batch": str(src.get("batch", DEFAULTS["batch"])),
         "init": init["scheme"], "seed": str(init.get("seed", SEED))}
    if needs(init["scheme"]):
        q["p"] = repr(init.get(needs(init["scheme"])))
    if "dataset" in src:
        ds = DATA | src["dataset"]
        q.update(data=ds["name"], n=str(ds["n"]), noise=repr(ds["noise"]), dseed=str(ds["seed"]))
    elif src.get("X"):  # a table travels as its first sample only (ui.query.links.gaps says so)
        q.update(x=",".join(map(repr, src["X"][0])), y=",".join(map(repr, src["Y"][0])))
    for k, (key, text, _) in OPTIONAL.items():
        value = src.get(key, DEFAULTS[key]) if key != "test_fraction" or "dataset" in src else DEFAULTS[key]
        if text(value) != QUERY_DEFAULTS[k]:
            q[k] = text(value)
    return q | choices.to_query(src)


class _Unreadable(ValueError):
    """The query key whose value is missing or not readable."""


def _get(q, key, cast=str, default=None):
    if key not in q:
        if default is None:
            raise _Unreadable(key)
        return default
    try:
        return cast(q[key])
    except (ValueError, OverflowError):
        raise _Unreadable(key) from None


def from_query(q: dict, lang: str = "en") -> dict | None:
    """A scenario from a URL query, checked by the engine; None when the query names no network.

    Raises EngineError naming the query key when a value is missing or malformed.
    """
    if "layers" not in q:
        return None
    try:
        src = _parse_query(q)
    except _Unreadable as exc:
        key = exc.args[0]
        value = str(q[key])[:40] if key in q else None
        message = i18n.text(lang, "app.link_unreadable", name=key, value=value) if value is not None \
            else i18n.text(lang, "app.link_missing", name=key)
        raise EngineError(message) from None
    scenario.parse(src)
    return src


def _parse_query(q):
    layers = _get(q, "layers", lambda v: _nums(v, int))
    src = {"schema": scenario.SCHEMA, "layers": layers, "activations": _get(q, "act").split(","),
           "loss": _get(q, "loss"), "lambda": _get(q, "lam", float, DEFAULTS["lambda"]),
           "lr": _get(q, "lr", float, DEFAULTS["lr"]), "batch": _get(q, "batch", batches.parse, DEFAULTS["batch"]),
           "init": {"scheme": _get(q, "init", str, "uniform"), "seed": _get(q, "seed", int, SEED)}}
    if needs(src["init"]["scheme"]) and "p" in q:
        src["init"][needs(src["init"]["scheme"])] = _get(q, "p", float)
    if "data" in q:
        src["dataset"] = {"name": q["data"], "n": _get(q, "n", int, DATA["n"]),
                          "noise": _get(q, "noise", float, DATA["noise"]), "seed": _get(q, "dseed", int, DATA["seed"])}
    else:
        src["X"] = [_get(q, "x", _nums, [0.0] * layers[0])]
        src["Y"] = [_get(q, "y", _nums, [1.0] + [0.0] * (layers[-1] - 1))]  # a target every loss accepts
    for k, (key, _, read) in OPTIONAL.items():
        value = _get(q, k, read, DEFAULTS[key])
        if value != DEFAULTS[key]:
            src[key] = value
    return src | choices.from_query(q, _get, _flag)


IDENTITY = ("layers", "activations", "loss", "X", "Y", "dataset")  # change one and it is another network
QUIRKS = ("freeze_biases", "update_order")  # set by an example to reproduce its source's numbers


def another(old: dict, new: dict) -> tuple[dict, dict]:
    """(new, what it lost): an edit that makes another network (other structure or data) out of a
    titled example no longer carries its title, description and quirks; lost maps each dropped field
    to its value (empty when the edit keeps the example). The user's own settings are never quirks:
    without a title nothing is dropped."""
    if "title" not in new or all(old.get(k) == new.get(k) for k in IDENTITY):
        return new, {}
    gone = [k for k in ("title", "description", *QUIRKS) if new.get(k, DEFAULTS.get(k)) != DEFAULTS.get(k)]
    return {k: v for k, v in new.items() if k not in gone}, {k: new[k] for k in gone}


def data_mode(src: dict) -> str:
    """The Build page's data mode a scenario implies: a built-in set, one sample, or a table."""
    return "dataset" if "dataset" in src else "sample" if len(src["X"]) == 1 else "csv"


def fit_sample(values, n):
    """A hand-entered vector padded with zeros or cut to n entries, so resizing a layer never blocks."""
    return (list(values) + [0.0] * n)[:n]


def resize(src: dict, layers: list) -> dict:
    """The scenario with new layer sizes: weights come from the init scheme again, activations
    follow the layer count, a hand-entered sample follows the input and output sizes, and class names
    go with the output size they were named for."""
    dropped = ("W", "b") if layers[-1] == src["layers"][-1] else ("W", "b", "classes")
    new = {k: v for k, v in src.items() if k not in dropped}
    new["init"] = copy.deepcopy(src.get("init", DEFAULT["init"]))
    acts = list(src["activations"])
    inner = acts[0] if len(acts) > 1 else DEFAULT["activations"][0]
    new["activations"] = [a if a in hidden() else inner for a in acts[:-1]][:len(layers) - 2]
    new["activations"] += [inner] * (len(layers) - 2 - len(new["activations"])) + [acts[-1]]
    new["layers"] = list(layers)
    if "X" in src and len(src["X"]) == 1:
        new["X"] = [fit_sample(src["X"][0], layers[0])]
        new["Y"] = [fit_sample(src["Y"][0], layers[-1])]
    return new


def parse_vector(text: str, n: int):
    """Numbers typed as "0.05, 0.10" (commas, spaces or semicolons); None unless exactly n finite ones."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    if len(values) != n or not all(math.isfinite(v) for v in values):
        return None
    return values


def _fit_dataset(new: dict) -> dict:
    """Input and output sizes that the chosen built-in set needs (kept when they already fit)."""
    ds = DATASETS[new["dataset"]["name"]]
    layers = list(new["layers"])
    layers[0] = ds.dims
    if ds.kind == "regression":
        layers[-1] = 1
    elif layers[-1] not in (1, ds.classes):
        layers[-1] = ds.classes
    if layers != new["layers"]:
        new = resize(new, layers)
    return new


def _data_mode(new: dict, mode: str) -> dict:
    for key in ("X", "Y", "classes", "dataset", "standardize", "test_fraction"):
        new.pop(key, None)
    if mode == "dataset":
        new["dataset"] = DATA | {"name": "circle", "noise": 0.1}
        return _fit_dataset(new)
    new["X"], new["Y"] = [fit_sample([0.05, 0.10], new["layers"][0])], [fit_sample([0.01, 0.99], new["layers"][-1])]
    return new


def _outputs_match(new: dict, changed: str) -> dict:
    """Keep the output activation and the loss a valid pair, changing the one the user did not touch."""
    out, loss = new["activations"][-1], LOSSES.get(new["loss"])
    if loss is None or out in loss.accepts() or out not in ACTIVATIONS:
        return new  # a valid pair, or a name the engine will refuse with its own message
    if changed == "loss":
        new["activations"][-1] = loss.output
    else:
        new["loss"] = ACTIVATIONS[out].loss
    return new


def _layer(field: str, prefix: str) -> int | None:
    """l of a per-layer field prefix<l> (n0, act2), else None: "noise" is not layer "oise"."""
    rest = field.removeprefix(prefix)
    return int(rest) if rest != field and rest.isdigit() else None


def apply(src: dict, field: str, value) -> dict:
    """The scenario with one Build page field changed (not yet checked: the caller parses it)."""
    new = copy.deepcopy(src)
    layers = list(new["layers"])
    if (l := _layer(field, "n")) is not None:
        layers[l] = value
        return resize(new, layers)
    if field == "add":
        return resize(new, layers[:-1] + [layers[-2] if len(layers) > 2 else 3, layers[-1]])
    if field == "remove":
        return resize(new, layers[:-2] + layers[-1:])
    if (l := _layer(field, "act")) is not None:
        new["activations"][l - 1] = value
        return _outputs_match(new, "act")
    if field == "loss":
        new["loss"] = value
        return _outputs_match(new, "loss")
    if field == "data":
        return _data_mode(new, value)
    if field in DATASET_FIELDS:
        new["dataset"][DATASET_FIELDS[field]] = value
        return _fit_dataset(new) if field == "ds" else new
    if field in ("init", "seed", "p"):
        return _init(new, field, value)
    if choices.owns(field):
        return choices.apply(new, field, value)
    new[TOP_FIELDS[field]] = value
    if value is None or value is False or value == 0.0 and field == "test":
        new.pop(TOP_FIELDS[field])
    return new


def _init(new: dict, field: str, value) -> dict:
    init = dict(new.get("init", DEFAULT["init"]))
    if field == "init":
        init = {"scheme": value, "seed": init.get("seed", SEED)}
        if needs(value):
            init[needs(value)] = SCHEMES[value].start
    elif field == "seed":
        init["seed"] = value
    else:
        init[needs(init["scheme"])] = value
    new["init"] = init
    new.pop("W", None)
    new.pop("b", None)
    return new


DATASET_FIELDS = {"ds": "name", "dn": "n", "noise": "noise", "dseed": "seed"}  # widget -> dataset key
TOP_FIELDS = {"lam": "lambda", "lr": "lr", "batch": "batch", "test": "test_fraction", "std": "standardize",
              "X": "X", "Y": "Y", "order": "update_order", "freeze": "freeze_biases"}  # widget -> scenario key


def with_table(src: dict, table) -> dict:
    """The scenario trained on a user's table (engine.files.csvfile.Table): input and output layers sized to
    its columns, and the output activation and loss its targets call for (engine.core.maths.losses.for_targets)."""
    new = {k: v for k, v in src.items() if k not in ("dataset", "classes")}
    new = resize(new, [table.X.shape[1]] + list(src["layers"][1:-1]) + [table.Y.shape[1]])
    new["activations"][-1], new["loss"] = for_targets(len(table.classes), table.Y, new["activations"][-1],
                                                      new["loss"])
    new["X"], new["Y"] = table.X.tolist(), table.Y.tolist()
    if table.classes:
        new["classes"] = list(table.classes)
    return new
