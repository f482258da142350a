"""The Build page's configuration as a scenario dict, and its round trip through the URL query.

No Streamlit here: the query is a plain dict of strings, so this is tested without a browser.
"""
import copy
import math

from engine import scenario
from engine.data import DATASETS
from engine.errors import EngineError

DEFAULT = {
    "schema": scenario.SCHEMA, "title": "A 2-3-2 sigmoid network on one sample",
    "layers": [2, 3, 2], "activations": ["sigmoid", "sigmoid"], "loss": "squared_error",
    "lambda": 0.0, "lr": 0.5, "batch": "sample", "init": {"scheme": "uniform", "seed": 1},
    "X": [[0.05, 0.10]], "Y": [[0.01, 0.99]],
}
INIT_EXTRA = {"normal": "sigma", "constant": "value"}  # schemes that take one more number


def _nums(text, cast=float):
    return [cast(v) for v in text.split(",")]


def to_query(src: dict) -> dict:
    """The shareable part of a scenario: structure, training settings, init and built-in data."""
    init = src.get("init", DEFAULT["init"])
    q = {"layers": ",".join(map(str, src["layers"])), "act": ",".join(src["activations"]),
         "loss": src["loss"], "lam": repr(src.get("lambda", 0.0)), "lr": repr(src.get("lr", 0.5)),
         "batch": str(src.get("batch", "sample")), "init": init["scheme"], "seed": str(init.get("seed", 0))}
    if init["scheme"] in INIT_EXTRA:
        q["p"] = repr(init.get(INIT_EXTRA[init["scheme"]]))
    if "dataset" in src:
        ds = src["dataset"]
        q.update(data=ds["name"], n=str(ds.get("n", 200)), noise=repr(ds.get("noise", 0.0)),
                 dseed=str(ds.get("seed", 0)))
    elif len(src.get("X", [])) == 1:
        q.update(x=",".join(map(repr, src["X"][0])), y=",".join(map(repr, src["Y"][0])))
    return q


def from_query(q: dict) -> dict | None:
    """A scenario from a URL query, checked by the engine; None when the query names no network.

    Raises EngineError naming the query key when a value is malformed.
    """
    if "layers" not in q:
        return None
    try:
        src = _parse_query(q)
    except (ValueError, KeyError) as exc:
        raise EngineError(f"the link is malformed ({exc}); the default network is shown", "link") from None
    scenario.parse(src)
    return src


def _parse_query(q):
    layers = _nums(q["layers"], int)
    src = {"schema": scenario.SCHEMA, "layers": layers,
           "activations": q["act"].split(","), "loss": q["loss"],
           "lambda": float(q.get("lam", 0)), "lr": float(q.get("lr", 0.5)),
           "batch": q.get("batch", "sample") if q.get("batch", "sample") in ("sample", "full") else int(q["batch"]),
           "init": {"scheme": q.get("init", "uniform"), "seed": int(q.get("seed", 0))}}
    if src["init"]["scheme"] in INIT_EXTRA and "p" in q:
        src["init"][INIT_EXTRA[src["init"]["scheme"]]] = float(q["p"])
    if "data" in q:
        src["dataset"] = {"name": q["data"], "n": int(q.get("n", 200)), "noise": float(q.get("noise", 0)),
                          "seed": int(q.get("dseed", 0))}
    else:
        src["X"] = [_nums(q["x"])] if "x" in q else [[0.0] * layers[0]]
        src["Y"] = [_nums(q["y"])] if "y" in q else [[0.0] * layers[-1]]
    return src


def fit_sample(values, n):
    """A hand-entered vector padded with zeros or cut to n entries, so resizing a layer never blocks."""
    return (list(values) + [0.0] * n)[:n]


def resize(src: dict, layers: list) -> dict:
    """The scenario with new layer sizes: weights come from the init scheme again, activations
    follow the layer count, and a hand-entered sample follows the input and output sizes."""
    new = {k: v for k, v in src.items() if k not in ("W", "b")}
    new["init"] = src.get("init", DEFAULT["init"])
    acts = list(src["activations"])
    hidden = acts[0] if len(acts) > 1 else "sigmoid"
    new["activations"] = [hidden if a == "softmax" else a for a in acts[:-1]][:len(layers) - 2]
    new["activations"] += [hidden] * (len(layers) - 2 - len(new["activations"])) + [acts[-1]]
    new["layers"] = list(layers)
    if "X" in src and len(src["X"]) == 1:
        new["X"] = [fit_sample(src["X"][0], layers[0])]
        new["Y"] = [fit_sample(src["Y"][0], layers[-1])]
    return new


def dataset_names():
    return list(DATASETS)


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
    for key in ("X", "Y", "dataset", "standardize", "test_fraction"):
        new.pop(key, None)
    if mode == "dataset":
        new["dataset"] = {"name": "circle", "n": 200, "noise": 0.1, "seed": 0}
        return _fit_dataset(new)
    new["X"], new["Y"] = [fit_sample([0.05, 0.10], new["layers"][0])], [fit_sample([0.01, 0.99], new["layers"][-1])]
    return new


def _outputs_match(new: dict, changed: str) -> dict:
    """Keep the output activation and the loss a valid pair, changing the one the user did not touch."""
    out, loss = new["activations"][-1], new["loss"]
    if changed == "loss":
        fits = {"softmax_cross_entropy": "softmax", "cross_entropy": "sigmoid"}.get(loss)
        if fits or out == "softmax":
            new["activations"][-1] = fits or "sigmoid"
    elif out == "softmax":
        new["loss"] = "softmax_cross_entropy"
    elif loss != "squared_error" and out != "sigmoid":
        new["loss"] = "squared_error"
    elif loss == "softmax_cross_entropy":
        new["loss"] = "cross_entropy"
    return new


def apply(src: dict, field: str, value) -> dict:
    """The scenario with one Build page field changed (not yet checked: the caller parses it)."""
    new = copy.deepcopy(src)
    layers = list(new["layers"])
    if field.startswith("n"):
        layers[int(field[1:])] = value
        return resize(new, layers)
    if field == "add":
        return resize(new, layers[:-1] + [layers[-2] if len(layers) > 2 else 3, layers[-1]])
    if field == "remove":
        return resize(new, layers[:-2] + layers[-1:])
    if field.startswith("act"):
        new["activations"][int(field[3:]) - 1] = value
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
    new[TOP_FIELDS[field]] = value
    if value is None or value is False or value == 0.0 and field == "test":
        new.pop(TOP_FIELDS[field])
    return new


def _init(new: dict, field: str, value) -> dict:
    init = dict(new.get("init", DEFAULT["init"]))
    if field == "init":
        init = {"scheme": value, "seed": init.get("seed", 0)}
        if value in INIT_EXTRA:
            init[INIT_EXTRA[value]] = 0.5 if value == "constant" else 0.1
    elif field == "seed":
        init["seed"] = value
    else:
        init[INIT_EXTRA[init["scheme"]]] = value
    new["init"] = init
    new.pop("W", None)
    new.pop("b", None)
    return new


DATASET_FIELDS = {"ds": "name", "dn": "n", "noise": "noise", "dseed": "seed"}  # widget -> dataset key
TOP_FIELDS = {"lam": "lambda", "lr": "lr", "batch": "batch", "test": "test_fraction", "std": "standardize",
              "X": "X", "Y": "Y", "order": "update_order", "freeze": "freeze_biases"}  # widget -> scenario key


def with_table(src: dict, X: list, Y: list) -> dict:
    """The scenario trained on a user's table: input and output layers sized to its columns."""
    new = {k: v for k, v in src.items() if k != "dataset"}
    new = resize(new, [len(X[0])] + list(src["layers"][1:-1]) + [len(Y[0])])
    new["X"], new["Y"] = X, Y
    return new
