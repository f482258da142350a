"""The text catalogues: every user-facing string, one JSON file per language (engine/text/lang/*.json).

Both the engine (explanations, the command line's worked examples) and the UI read from here, so a
term is translated once. Keys are dotted ("step.forward"); values are str.format templates.
"""
import json
from functools import cache
from pathlib import Path
from types import MappingProxyType

LANGS = ("en", "zh")  # English is the default
LANG_DIR = Path(__file__).with_name("lang")


@cache
def catalogue(lang: str) -> MappingProxyType:
    # read-only, so one copy is safely shared by every session
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return MappingProxyType(json.loads((LANG_DIR / f"{lang}.json").read_text(encoding="utf-8")))


def text(lang: str, key: str, **fields) -> str:
    """The string for key in lang, with its {fields} filled in."""
    template = catalogue(lang)[key]
    return template.format(**fields) if fields else template


def count_key(unit: str, n: int) -> str:
    """The catalogue key of n and its noun: singular for one ("1 step", "3 steps")."""
    return f"count.{unit}.{'one' if n == 1 else 'other'}"


def count(lang: str, unit: str, n: int) -> str:
    """n and its noun in lang: a field for the templates that count."""
    return text(lang, count_key(unit, n), n=n)
