"""The optimiser and the learning-rate schedule as Build page fields and as URL query keys, read from
their registries (engine/core/maths/optimizers.py, engine/core/maths/schedules.py): a new record or field needs nothing here.

Fields and query keys are the same: "opt" names the optimiser and "opt_<field>" sets one of its
fields ("opt_beta1"); "sched" and "sched_<field>" likewise. A scenario without "optimizer" descends
by plain gradient descent, one without "schedule" keeps its lr. No Streamlit here.
"""
from engine.core.maths.optimizers import DEFAULT, OPTIMIZERS
from engine.core.maths.schedules import SCHEDULES

NONE = "none"  # the schedule choice that keeps the lr constant
CHOICES = {"opt": ("optimizer", OPTIMIZERS, DEFAULT), "sched": ("schedule", SCHEDULES, NONE)}
# prefix -> (scenario key, registry, the choice when the scenario has no such key)


def _keys(prefix) -> tuple:
    """Every query key of a prefix: the choice and each field any of its records has."""
    registry = CHOICES[prefix][1]
    return (prefix, *dict.fromkeys(f"{prefix}_{k}" for rec in registry.values() for k in rec.fields))


QUERY_KEYS = {prefix: _keys(prefix) for prefix in CHOICES}


def chosen(src: dict, prefix: str):
    """(record or None, {field: value in force}) of the scenario's choice; defaults fill what it leaves out."""
    key, registry, default = CHOICES[prefix]
    spec = src.get(key) or {"name": default}
    rec = registry.get(spec.get("name"))
    if rec is None:
        return None, {}
    return rec, {k: _cast(field, spec.get(k, field.default)) for k, field in rec.fields.items()}


def _cast(field, value):
    """A value as its widget holds it: a flag as bool, a count as int, a number as float."""
    return {"flag": bool, "whole": int}.get(field.kind, float)(value)


def values(src: dict) -> dict:
    """field -> what its Build widget shows: each choice, and each field of the records chosen."""
    out = {}
    for prefix, (key, _, default) in CHOICES.items():
        rec, settings = chosen(src, prefix)
        out[prefix] = rec.name if rec else src.get(key, {}).get("name", default)
        out.update({f"{prefix}_{k}": v for k, v in settings.items()})
    return out


def owns(field: str) -> bool:
    return any(field in keys for keys in QUERY_KEYS.values())


def apply(new: dict, field: str, value) -> dict:
    """new (a copy the caller owns) with one optimiser or schedule field changed; a new choice starts
    from its record's defaults, and the default choice leaves the key out."""
    prefix, _, name = field.partition("_")
    key, _, default = CHOICES[prefix]
    if not name:
        if value == default:
            new.pop(key, None)
        else:
            new[key] = {"name": value}
        return new
    new[key] = {**new.get(key, {"name": default}), name: value}
    return new


def to_query(src: dict) -> dict:
    """The query keys of the scenario's choices and of the fields it sets; nothing for the defaults."""
    q = {}
    for prefix, (key, registry, _) in CHOICES.items():
        spec = src.get(key)
        if not spec:
            continue
        q[prefix] = str(spec.get("name"))
        rec = registry.get(spec.get("name"))
        fields = rec.fields if rec else {}
        q.update({f"{prefix}_{k}": _write(fields[k], v) for k, v in spec.items() if k in fields})
    return q


def _write(field, value) -> str:
    if field.kind == "flag":
        return str(int(bool(value)))
    return str(value) if field.kind == "whole" else repr(float(value))


def from_query(q: dict, get, flag) -> dict:
    """The scenario keys of the query's choices; get(q, key, cast) reads one value (and names a bad
    one), flag reads "0" or "1". An unknown name goes on to the engine, which refuses it by name."""
    out = {}
    for prefix, (key, registry, _) in CHOICES.items():
        if prefix not in q:
            continue
        name = get(q, prefix)
        rec = registry.get(name)
        casts = {k: flag if f.kind == "flag" else int if f.kind == "whole" else float
                 for k, f in (rec.fields.items() if rec else ())}
        out[key] = {"name": name, **{k: get(q, f"{prefix}_{k}", cast) for k, cast in casts.items()
                                      if f"{prefix}_{k}" in q}}
    return out
