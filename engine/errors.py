"""The one error type the engine raises for anything a user supplied."""


class EngineError(ValueError):
    """Bad input: a name, shape, size, file or number the engine refuses.

    `field` names where the fault is (for example "layers[2]" or "W[1]"), so a UI can put the
    message next to the right widget; str() gives the one-line message for a command line.
    """

    def __init__(self, message: str, field: str | None = None):
        self.field = field  # dotted/indexed path of the offending field, or None
        self.message = message  # what is wrong and what is allowed
        super().__init__(f"{field}: {message}" if field else message)

    def text(self, lang: str = "en") -> str:
        """The one-line message in the interface language; what the UI shows (str() is English)."""
        return str(self)


class NonFiniteError(EngineError):
    """A step produced NaN or infinity; the step is not committed and the last good state is kept."""

    def __init__(self, step: int | None, layer: int | None, quantity: str):
        self.step = step  # 0-based index of the step that went wrong (the message says step + 1); None outside a step
        self.layer = layer  # 1-based layer where it appeared, or None for the loss and the cost J
        self.quantity = quantity  # which value: "z", "a", "loss", "J", "delta", "dW", "W", ...
        where = f" in layer {layer}" if layer is not None else ""
        if step is None:
            super().__init__(f"{quantity}{where} is NaN or infinite at these parameters; "
                             "finite differences need a finite cost")
        else:
            super().__init__(
                f"step {step + 1}: {quantity}{where} became NaN or infinite; "
                "training stopped and the last good state is kept (try a smaller learning rate)")


def choose(kind: str, name, registry, field: str | None = None) -> object:
    """Look a user-chosen name up in a registry, refusing unknown names with the valid ones listed
    (under field, by default the kind)."""
    if not isinstance(name, str) or name not in registry:
        valid = ", ".join(sorted(registry))
        raise EngineError(f"unknown {kind} {name!r}; valid: {valid}", field or kind)
    return registry[name]
