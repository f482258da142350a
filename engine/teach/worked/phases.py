"""The phase line: the sub-step just revealed in words, its symbols in a notation.

Plain text, never markup: the line is Markdown on the Step page, the Lessons page and the projector, where
a <sub> tag shows as it is (Mazur's ∂E_total/∂w was ∂E<sub>total</sub>/∂w). What it claims happened
happened: with frozen biases the update line says the biases stayed, not b ← b − α ∂J/∂b.
"""
from engine.teach.textbook import notation as nota
from engine.text.i18n import text

KINDS = ("start", "forward", "loss", "backward", "update")  # Stepper.phase() kinds


def symbols(notation) -> dict:
    """The symbols a phase line names, as plain text: W, dW, b, db and the learning rate lr."""
    nt = nota.get(notation)
    return {**{k: nota.symbol(nt, k) for k in ("W", "dW", "b", "db")}, "lr": nota.symbol_plain(nt.lr)}


def line(kind: str, layer, notation, lang: str, *, optimizer: str | None = None, frozen: bool = False,
         loss: str = "", J: str = "") -> str:
    """The words for Stepper.phase() (kind, layer): layer in the notation's numbering; optimizer the
    catalogue key of an optimiser other than gradient descent (its rule is per parameter, so the line
    names it instead of a formula); frozen: the biases were not updated; loss and J already written out."""
    nt = nota.get(notation)
    names = dict(symbols(nt), l=None if layer is None else nota.layer(nt, layer))
    theta = "_theta" if nt.bias_column else "_named"
    if kind == "backward":
        return text(lang, "phase.backward" + theta, **names)
    if kind == "update":
        still = "_frozen" if frozen else ""
        if optimizer is not None:
            return text(lang, "phase.update_opt" + still, name=text(lang, optimizer))
        return text(lang, "phase.update" + theta + still, **names)
    if kind == "loss":
        return text(lang, "phase.loss_named", loss=loss, cost=nota.symbol_plain(nt.cost), J=J)
    return text(lang, f"phase.{kind}", **names)
