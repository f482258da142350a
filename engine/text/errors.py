"""The one error type the engine raises for anything a user supplied, worded in the catalogues.

A message is a catalogue key ("err.*", engine/text/lang/*.json) and the fields it is filled with, so
the same fault reads in English on the command line (str) and in the interface language in the app
(text). A field's value may itself be a Phrase: a catalogue text of its own, such as what a loss
accepts, worded in the same language.
"""
import json
from typing import NamedTuple

from engine.text import i18n


class Phrase(NamedTuple):
    """A catalogue text used inside a message, rendered in the message's language."""
    key: str
    fields: dict = {}


def phrase(key: str, **fields) -> Phrase:
    return Phrase(key, fields)


def counted(unit: str, n: int) -> Phrase:
    """n and its noun ("1 array", "2 arrays") as a message field, worded in the message's language."""
    return phrase(i18n.count_key(unit, n), n=n)


def render(lang: str, key: str, fields: dict) -> str:
    """The text of key in lang with its fields filled in (Phrases rendered in lang too)."""
    filled = {k: render(lang, *v) if isinstance(v, Phrase) else v for k, v in fields.items()}
    return i18n.catalogue(lang)[key].format(**filled)


class EngineError(ValueError):
    """Bad input: a name, shape, size, file or number the engine refuses.

    `field` names where the fault is (for example "layers[2]" or "W[1]"), so a UI can put the
    message next to the right widget; `key` and `fields` word the fault in the catalogues. str()
    is the English line with its field, for a command line; text(lang) the same in lang. A key that
    is not an "err." key is taken as a finished English sentence (from code outside the engine).
    """

    def __init__(self, key: str, field: str | None = None, **fields):
        self.key = key  # catalogue key of the message, "err.*"
        self.fields = fields  # what fills its {placeholders}
        self.field = field  # dotted/indexed path of the offending field, or None
        self.message = self._message("en")  # what is wrong and what is allowed, in English
        super().__init__(f"{field}: {self.message}" if field else self.message)

    def _message(self, lang: str) -> str:
        return render(lang, self.key, self.fields) if self.key.startswith("err.") else self.key

    def text(self, lang: str = "en") -> str:
        """The one-line message with its field in the interface language; what the UI shows."""
        message = self._message(lang)
        return f"{self.field}: {message}" if self.field else message

    def at(self, field: str | None) -> "EngineError":
        """The same fault reported under another field (e.g. inside a trace's scenario)."""
        return EngineError(self.key, field, **self.fields)


class NonFiniteError(EngineError):
    """A step produced NaN or infinity; the step is not committed and the last good state is kept."""

    def __init__(self, step: int | None, layer: int | None, quantity: str):
        self.step = step  # 0-based index of the step that went wrong (messages say step + 1); None outside a step
        self.layer = layer  # 1-based layer where it appeared, or None for the loss and the cost J
        self.quantity = quantity  # which value: "z", "a", "loss", "J", "delta", "dW", "W", ...
        kind = "check" if step is None else "step"
        super().__init__(f"err.nonfinite.{kind}" + ("_layer" if layer is not None else ""),
                         step=None if step is None else step + 1, layer=layer, quantity=quantity)


def choose(kind: str, name, registry, field: str | None = None) -> object:
    """Look a user-chosen name up in a registry, refusing unknown names with the valid ones listed
    (under field, by default the kind). The kind is worded by the catalogues' "err.kind." texts, or
    left as it is when they have none."""
    if not isinstance(name, str) or name not in registry:
        key = f"err.kind.{kind.replace(' ', '_')}"
        named = phrase(key) if key in i18n.catalogue("en") else kind
        raise EngineError("err.unknown" if name is not None else "err.unknown_missing", field or kind, kind=named,
                          got=shown(name), valid=", ".join(sorted(registry)))
    return registry[name]


def shown(value, limit: int = 40) -> str:
    """A user's value as a file spells it (JSON: null, true, "text"), cut to one short line."""
    try:
        text = json.dumps(value.item() if hasattr(value, "item") and not hasattr(value, "__len__") else value,
                          ensure_ascii=False)
    except (TypeError, ValueError):  # not JSON at all (a Python object from code): its repr
        text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
