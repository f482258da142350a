"""A registry choice with settings, as a scenario gives it: {"name": ..., field: value, ...}.

Optimisers (engine/core/maths/optimizers.py) and learning-rate schedules (engine/core/maths/schedules.py) are records
keyed by name, each with its fields; a field has a default and a range, and a refusal names the
field as the file spells it ("optimizer.beta1").
"""
from dataclasses import dataclass

from engine.core.maths.network import check_number, check_whole, limit_text
from engine.text.errors import EngineError, choose, shown


@dataclass(frozen=True)
class Field:
    default: object  # the value when the scenario leaves the field out
    low: float = 0.0  # the range's ends (a flag has none)
    high: float = 1.0
    kind: str = "number"  # "number", "whole" (a count) or "flag" (true or false)
    open: str = ""  # the end the range excludes: "" (neither), "low" or "high"
    symbol: str = ""  # LaTeX of the field in the record's formula: \mu, \beta_1


def check_field(field: Field, value, where: str):
    """value when it is allowed for field, else EngineError naming where."""
    if field.kind == "flag":
        if not isinstance(value, bool):
            raise EngineError("err.flag", where, got=shown(value))
        return value
    if field.kind == "whole":
        return check_whole(where, value, field.low, field.high)
    number = check_number(where, value)  # finite, before any comparison
    above = number > field.low if field.open == "low" else number >= field.low
    below = number < field.high if field.open == "high" else number <= field.high
    if not (above and below):
        key = f"err.number.open_{field.open}" if field.open else "err.number.range"
        raise EngineError(key, where, low=limit_text(field.low), high=limit_text(field.high), got=shown(value))
    return number


def choose_settings(kind: str, registry: dict, src, where: str, default: str | None = None):
    """(record, settings) for src = {"name": ..., fields}: every field of the record, checked, with
    defaults for those left out. src None takes the default record with its defaults."""
    if src is None and default is not None:
        src = {"name": default}
    if not isinstance(src, dict):
        raise EngineError("err.settings.object", where, got=shown(src), valid=", ".join(registry))
    rec = choose(kind, src.get("name"), registry, f"{where}.name")
    for key in src:
        if key != "name" and key not in rec.fields:
            raise EngineError("err.settings.unknown", f"{where}.{key}", name=shown(rec.name),
                              valid=", ".join(["name", *rec.fields]))
    return rec, {key: check_field(field, src.get(key, field.default), f"{where}.{key}")
                 for key, field in rec.fields.items()}


def latex_settings(fields: dict, values: dict, number) -> str:
    """LaTeX of a record's settings, each by its symbol (a flag by its name): "\\mu = 0.9, \\mathrm{nesterov} = true";
    number(float) writes a value."""
    shown = lambda v: str(v).lower() if isinstance(v, bool) else number(v)
    name = lambda k: fields[k].symbol or r"\mathrm{%s}" % k
    return ", ".join(f"{name(k)} = {shown(v)}" for k, v in values.items())
