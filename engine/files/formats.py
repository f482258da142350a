"""Scenario and trace files: exact JSON out, checked JSON in (CONVENTIONS: backprop-*/1).

Reading goes bytes -> JSON (strict: no NaN tokens, bounded size and depth) -> JSON Schema ->
meaning (engine.core.scenarios.scenario.parse) -> for traces, a replay that must give the file's numbers bit for
bit. Every fault raises EngineError naming the field; nothing else escapes.
"""
import json
from functools import cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from engine.core.maths.activations import ACTIVATIONS
from engine.core.maths.losses import LOSSES
from engine.core.maths.network import limit_text
from engine.core.maths.optimizers import OPTIMIZERS, state_lists
from engine.core.maths.schedules import SCHEDULES
from engine.core.scenarios import scenario
from engine.core.stepping.memory import DEFAULT_BUDGET
from engine.core.stepping.stepper import Stepper
from engine.text.errors import EngineError, NonFiniteError, phrase, shown

MAX_BYTES = 64 * 2**20  # largest file read; the app passes its own smaller upload limit
MAX_DEPTH = 16  # deepest JSON nesting a valid file has is 6
MAX_INT = 2**63 - 1  # largest whole number read (numpy int64)
TRACE = "backprop-trace/1"
SCHEMA_DIR = Path(__file__).with_name("schemas")


def dumps(obj) -> str:
    """JSON whose floats read back bit-identical (repr is the shortest exact form)."""
    return json.dumps(obj, allow_nan=False, separators=(",", ":"))


def _refuse_constant(name):
    raise EngineError("err.json.constant", name=name)


def _whole(digits: str) -> int:
    # longer whole numbers overflow numpy's int64 and float conversions deeper in; past 4300
    # digits Python's int() itself refuses them with a bare ValueError
    value = int(digits) if len(digits) <= 20 else None
    if value is None or abs(value) > MAX_INT:
        raise EngineError("err.json.big_int", digits=digits if len(digits) <= 30 else digits[:30] + "...",
                          high=MAX_INT)
    return value


def _depth(obj, limit):
    stack = [(obj, 1)]
    while stack:
        item, d = stack.pop()
        if d > limit:
            raise EngineError("err.json.deep", limit=limit)
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)


# what Python's json parser says is wrong -> the catalogue's wording of it
REASONS = {"Expecting value": "value", "Expecting property name enclosed in double quotes": "key",
           "Expecting ':' delimiter": "colon", "Expecting ',' delimiter": "comma", "Extra data": "extra",
           "Unterminated string starting at": "string", "Invalid control character at": "control",
           "Invalid \\escape": "escape", "Invalid \\uXXXX escape": "escape"}


def _reason(msg: str):
    return phrase(f"err.json.reason.{REASONS.get(msg, 'other')}")


def loads(data: bytes, max_bytes: int = MAX_BYTES):
    """Parse JSON bytes strictly; a file over max_bytes, non-UTF-8 or malformed is refused."""
    if len(data) > max_bytes:
        raise EngineError("err.json.too_large", mb=f"{max_bytes / 2**20:g}")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        obj = json.loads(text, parse_constant=_refuse_constant, parse_int=_whole)
    except UnicodeDecodeError as exc:
        raise EngineError("err.json.utf8", at=exc.start) from None
    except json.JSONDecodeError as exc:
        raise EngineError("err.json.syntax", detail=_reason(exc.msg), line=exc.lineno, col=exc.colno) from None
    except RecursionError:
        raise EngineError("err.json.deep", limit=MAX_DEPTH) from None
    _depth(obj, MAX_DEPTH)
    return obj


def _validator(name: str):
    return _compiled(name, tuple(ACTIVATIONS), tuple(LOSSES), _choices(OPTIMIZERS), _choices(SCHEDULES))


def _choices(registry) -> tuple:
    """(names, ((field, JSON type), ...)) of a registry whose records have settings."""
    types = {"flag": "boolean", "whole": "integer", "number": "number"}
    fields = {key: types[f.kind] for rec in registry.values() for key, f in rec.fields.items()}
    return tuple(registry), tuple(fields.items())


@cache
def _compiled(name: str, activations: tuple, losses: tuple, *choices):
    # read-only after creation, so sharing it between sessions is safe
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.schema.json")}
    # the registries are the one list of names: a new activation or loss is valid in files at once
    fields = schemas["scenario.schema.json"]["properties"]
    fields["activations"]["items"]["enum"], fields["loss"]["enum"] = list(activations), list(losses)
    for key, (names, settings) in zip(("optimizer", "schedule"), choices):
        fields[key]["properties"] = {"name": {"enum": list(names)}, **{k: {"type": t} for k, t in settings}}
    registry = Registry().with_resources(
        (sch["$id"], Resource.from_contents(sch)) for sch in schemas.values())
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _skeleton(obj):
    """obj with each list of plain numbers cut to two entries (layers needs two), once every entry is a
    number. jsonschema checks a number in ~30 us, so a 5 MB file took tens of seconds; the structure
    is still checked whole, and the numbers' ranges and counts by parse() and the replay. A step's
    per-sample values keep two samples too: the replay compares every sample whole with its own."""
    if isinstance(obj, dict):
        return {k: _skeleton(v[:2] if k == "samples" and isinstance(v, list) else v) for k, v in obj.items()}
    if isinstance(obj, list):
        if len(obj) > 1 and all(map(_number, obj)):
            return obj[:2]
        if len(obj) > 2 and all(isinstance(v, list) and v and all(map(_number, v)) for v in obj):
            return [v[:2] for v in obj[:2]]  # a matrix: its rows' lengths are checked by parse()
        return [_skeleton(v) for v in obj]
    return obj


def check_schema(obj, name: str):
    """Refuse obj when it breaks the JSON Schema, naming the field and the fault."""
    error = jsonschema.exceptions.best_match(_validator(name).iter_errors(_skeleton(obj)))
    if error is None:
        return
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    key, fields = _schema_message(error)
    raise EngineError(key, where or None, **{"got": shown(error.instance), **fields})


def _schema_message(error) -> tuple[str, dict]:
    """The catalogue key and fields that say in the engine's words what the schema refused."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "errorKey" in schema:  # a rule of several keywords that words its own message
        return schema["errorKey"], {}
    if kind == "type":
        return f"err.schema.type.{value if isinstance(value, str) else value[0]}", {}
    if kind in ("minimum", "maximum"):
        return f"err.schema.{kind}", {"limit": limit_text(value)}
    if kind in ("enum", "const"):
        return f"err.schema.{kind}", {"valid": ", ".join(map(shown, value if kind == "enum" else [value]))}
    if kind == "required":
        return "err.schema.required", {"name": shown(next(k for k in value if k not in instance))}
    if kind == "additionalProperties":
        extra = next(k for k in instance if k not in schema.get("properties", {}))
        return "err.schema.additional", {"got": shown(extra), "valid": ", ".join(schema.get("properties", {}))}
    if kind in ("minItems", "maxItems", "maxLength"):
        name = {"minItems": "min_items", "maxItems": "max_items", "maxLength": "max_length"}[kind]
        return f"err.schema.{name}", {"limit": value, "got": len(instance)}
    if kind is None:  # a false schema: the key may not appear here at all
        return "err.schema.not_allowed", {}
    detail = error.message if len(error.message) <= 200 else error.message[:200] + "..."
    return "err.schema.other", {"detail": detail}


def read_scenario(data: bytes, max_bytes: int = MAX_BYTES) -> scenario.Scenario:
    return _scenario(loads(data, max_bytes))


def read_trace(data: bytes, max_bytes: int = MAX_BYTES, *, budget: int = DEFAULT_BUDGET) -> Stepper:
    """A trace replayed from its scenario; refused unless every logged number is reproduced.

    budget: bytes of step records kept in full while replaying (the app's per-session budget)."""
    return _trace(loads(data, max_bytes), budget)


def read_any(data: bytes, max_bytes: int = MAX_BYTES, *, budget: int = DEFAULT_BUDGET):
    """("scenario", Scenario) or ("trace", Stepper), by the file's "schema" field."""
    return parsed_any(loads(data, max_bytes), budget)


def parsed_any(obj, budget: int = DEFAULT_BUDGET):
    """read_any of JSON already parsed (a caller that first looked for another kind of file)."""
    if not isinstance(obj, dict):
        raise EngineError("err.files.not_object", got=shown(obj))
    kind = obj.get("schema")
    if kind == TRACE:
        return "trace", _trace(obj, budget)
    if kind == scenario.SCHEMA:
        return "scenario", _scenario(obj)
    if "schema" not in obj:
        raise EngineError("err.files.no_schema", "schema", a=shown(scenario.SCHEMA), b=shown(TRACE))
    raise EngineError("err.files.schema_kind", "schema", a=shown(scenario.SCHEMA), b=shown(TRACE), got=shown(kind))


def _scenario(obj) -> scenario.Scenario:
    if isinstance(obj, dict) and obj.get("schema") == TRACE:
        raise EngineError("err.files.trace_as_scenario")
    check_schema(obj, "scenario.schema.json")
    return scenario.parse(obj)


def _trace(obj, budget: int = DEFAULT_BUDGET) -> Stepper:
    check_schema(obj, "trace.schema.json")
    try:
        sc = scenario.parse(obj["scenario"])
    except EngineError as exc:
        raise exc.at(f"scenario.{exc.field}" if exc.field else "scenario") from None
    stepper = Stepper(sc, budget=budget)
    for i, step in enumerate(obj["steps"]):
        _replay(stepper, i, step, obj["batch"])
    stepper.set_batch(obj["batch"])
    return stepper


STEPPING = ("stream_pos", "n_samples", "sample_indices")  # where a step's samples came from


def _replay(stepper: Stepper, i: int, step: dict, batch):
    """Take step i with the batch setting the trace records for it; every key the file holds must
    come out the same, those saying how the step was taken first."""
    where = f"steps[{i}]"
    if step["index"] != i:
        raise EngineError("err.replay.index", f"{where}.index", want=i, got=shown(step["index"]))
    stepper.set_batch(step.get("batch", batch))
    try:
        stepper.start()
    except NonFiniteError as exc:
        raise EngineError("err.replay.nonfinite", where, quantity=exc.quantity) from None
    mine = step_dict(stepper.pending, batch, stepper.sc.lr, full=step["full"])  # a summary's per-sample values go unused
    if "sample_indices" in step:  # summaries written before stream_pos existed list their samples
        mine["sample_indices"] = stepper.pending.samples.tolist()
    stepper.step()
    for key in STEPPING:
        if key in step and mine[key] != step[key]:
            raise EngineError("err.replay.stream", f"{where}.{key}", batch=shown(stepper.batch))
    for key, value in step.items():
        if key not in ("full", "batch") and mine.get(key) != value:
            raise EngineError("err.replay.differs", f"{where}.{key}")


def _rows(arrays):
    return [arr.tolist() for arr in arrays]


def step_dict(rec, batch=None, lr=None, full=None) -> dict:
    """One step as CONVENTIONS writes it; its batch setting only when it is not `batch` (the trace's),
    its learning rate only when it is not `lr` (the scenario's: a schedule changed it). full=False
    writes a full record as its summary.

    A summarised step keeps J, the norms and where its samples are in the stream (stream_pos,
    n_samples): a few numbers, whatever the batch size; a full step also lists its samples and, when
    the optimiser keeps a state, that state after the update, so a replay checks it bit for bit."""
    out = {"index": rec.index, "full": rec.full, "J": float(rec.J), "grad_norms": list(rec.grad_norms),
           "stream_pos": rec.start, "n_samples": rec.pos - rec.start}
    if rec.batch != batch:
        out["batch"] = rec.batch
    if rec.lr != lr:
        out["lr"] = rec.lr
    if not (rec.full if full is None else full and rec.full):
        return out
    out["sample_indices"] = rec.samples.tolist()
    out["samples"] = [{
        "index": int(s), "x": rec.X[:, c].tolist(), "y": rec.Y[:, c].tolist(),
        "z": [v[:, c].tolist() for v in rec.z], "a": [v[:, c].tolist() for v in rec.a],
        "delta": [v[:, c].tolist() for v in rec.delta], "loss": float(rec.loss[c]),
    } for c, s in enumerate(rec.samples)]
    out.update(dW=_rows(rec.dW), db=_rows(rec.db), W_after=_rows(rec.W_after), b_after=_rows(rec.b_after))
    if any(rec.state_after["W"]):  # an optimiser that keeps nothing (sgd) writes nothing
        out["state_after"] = state_lists(rec.state_after)
    return out


def trace_dict(stepper: Stepper) -> dict:
    """The committed steps of a step machine as a backprop-trace/1 object; "batch" is the current
    setting, and a step taken with another says so."""
    return {"schema": TRACE, "scenario": stepper.sc.source, "batch": stepper.batch,
            "steps": [step_dict(rec, stepper.batch, stepper.sc.lr) for rec in stepper.records]}


def scenario_dict(stepper: Stepper, at_current: bool = False) -> dict:
    """The scenario; with at_current, starting from the current parameters instead of the initial ones,
    and from the optimiser's state and update count then, so its steps are the ones stepper would take."""
    src = dict(stepper.sc.source)
    if at_current:
        src.pop("init", None)
        src["W"], src["b"] = _rows(stepper.W), _rows(stepper.b)
        resume = scenario.resume_source(stepper.sc, len(stepper.records), stepper.state)
        src.pop("resume", None) if resume is None else src.update(resume=resume)
    return src
