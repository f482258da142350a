"""Textbook notations as views of the engine's one convention (CONVENTIONS.md, "Textbook notations").

Only names change, never numbers: every function takes the engine's indices (layer l = 0..L with
0 the input, neuron j 0-based, weight W[l][j,k] for l = 1..L from neuron k of layer l-1 to neuron j
of layer l) and says how a notation writes them. The textbooks count neurons from 1 (Ng's column 0
of Theta is his bias unit a_0 = 1); the "engine" notation keeps its arrays' 0-based indices, so its
names read like the trace files and the Step page.

A source that names each unit of one network by its own letters (Mazur's i1, h1, o1, w1..w8) is a
Notation with `own` (its naming function) and `only` (the layer sizes it names); `fits(layers)` says
whether it can name a network, so a menu offers it by asking, never by its key, and `check` refuses
it with a message (EngineError, field "notation") where formulas are built for another network.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from engine.text.errors import EngineError, choose
from engine.text.i18n import text

KINDS = dict.fromkeys(("x", "y", "z", "a", "delta", "W", "b", "dW", "db", "Delta"))  # what name() can name
TO_HTML = {r"\eta": "η", r"\alpha": "α", r"\Theta": "Θ", r"\delta": "δ", r"\Delta": "Δ", r"\partial": "∂"}  # LaTeX -> plain text
SUPER = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")  # what a superscript holds in every notation but the engine's
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Notation:
    key: str  # registry key, also names its catalogue entries notation.<key>.*
    shift: int  # added to the engine's layer number of z, a, delta (Ng, Nielsen: input is layer 1)
    weight_shift: int  # added to the engine's l of W[l] (Nielsen's w^{l+1} is W[l]; Ng's Theta^(l) is W[l])
    base: int  # added to the engine's neuron indices
    sup: str  # format of a layer superscript
    sep: str  # between two subscript indices (a comma is forced once an index has two digits)
    weight: str  # LaTeX symbol of a weight
    bias_column: bool  # biases are column 0 of the weight matrix (Ng's Theta = [b | W])
    cost: str  # LaTeX symbol of the cost J
    loss: str  # LaTeX symbol of one sample's loss
    lr: str  # LaTeX symbol of the learning rate
    tags: dict = field(default_factory=dict)  # formula kind -> the source's own label (Nielsen's BP1..BP4)
    sample: str = "i"  # index of a sum over the batch's samples
    per_sample: str = "{sup}({i})"  # a layer superscript with the sample index added: a^{(2)(i)}
    sample_loss: str = r"\ell^{(i)}"  # the loss of sample i, as summed in the cost
    own: object = None  # (kind, l, j, k) -> (symbol, sup, sub) for a source naming each unit its own way
    only: tuple | None = None  # the layer sizes a source with its own names names; None: any network
    squares: str = ""  # LaTeX of the L2 penalty's sum when the source writes its own

    def fits(self, layers) -> bool:
        """Whether this notation can name a network of these layer sizes."""
        return self.only is None or tuple(layers) == self.only


MAZUR_UNITS = ("i", "h", "o")  # Mazur's letter for the input, hidden and output layer


def _mazur(kind, l, j, k):
    """Mazur's names on his 2-2-2 network, from engine indices (engine.teach.textbook.published maps the same way):
    i1 i2 inputs, net_h1 / out_h1 a hidden neuron's z / a, o1 o2 outputs, target_o1 a target, his w1..w8
    the weights row by row (w1 = W[1][0,0] from i1 to h1, w5 = W[2][0,0] from h1 to o1), b1 the hidden
    layer's shared bias and b2 the output's. Leaving out j names a whole layer (out_h, w_{1..4})."""
    n = "" if j is None else str(j + 1)
    if kind == "y":
        return "target", "", "o" + n
    if kind == "x" or (kind == "a" and l == 0):
        return "i", "", n
    if kind in ("z", "a", "delta"):
        return {"z": "net", "a": "out", "delta": r"\delta"}[kind], "", MAZUR_UNITS[l] + n
    first = 4 * (l - 1) + 1
    weight = f"{first}..{first + 3}" if j is None else str(first + 2 * j + k) if k is not None else None
    if kind == "b" or weight is None:  # one bias per layer; Delta of a bias names the bias it sums for
        return ("b", "", str(l)) if kind == "b" else (r"\Delta", "", f"b{l}")
    return ("w", "", weight) if kind == "W" else (r"\Delta", "", "w" + weight)


NOTATIONS = {
    "engine": Notation("engine", 0, 0, 0, "[{}]", ",", "W", False, "J", r"\ell", r"\alpha"),
    "ng": Notation("ng", 1, 0, 1, "({})", "", r"\Theta", True, "J", r"\ell", r"\alpha"),
    "ufldl": Notation("ufldl", 0, 0, 1, "({})", "", "W", False, "J", r"\ell", r"\alpha"),
    # Nielsen indexes a training input x: a^{x,l}_j, C_x (his chapter 2)
    "nielsen": Notation("nielsen", 1, 1, 1, "{}", "", "w", False, "C", "C_x", r"\eta",
                        {"delta_out": "BP1", "delta": "BP2", "db": "BP3", "dW": "BP4"}, "x", "{i},{sup}", "C_x"),
    # Matt Mazur's "A Step by Step Backpropagation Example": E_total = E_o1 + E_o2 for his one sample
    "mazur": Notation("mazur", 0, 0, 1, "{}", "", "w", False, "E_{total}", "E_{o1} + E_{o2}", r"\eta",
                      sample="n", sample_loss=r"E_{total}^{(n)}", own=_mazur, only=(2, 2, 2),
                      squares=r"\sum_{n=1}^{8} w_{n}^{2}"),
}


def get(notation) -> Notation:
    """A Notation from its key (a Notation passes through); unknown keys raise EngineError."""
    return notation if isinstance(notation, Notation) else choose("notation", notation, NOTATIONS)


def check(notation, layers) -> Notation:
    """The Notation, refused (EngineError, field "notation") when it cannot name a network of these sizes."""
    nt = get(notation)
    if not nt.fits(layers):
        raise EngineError("err.notation.fits", "notation", name=nt.key, only="-".join(map(str, nt.only)),
                          layers="-".join(map(str, layers)))
    return nt


def available(layers) -> list[str]:
    """Keys of the notations that can name a network of these layer sizes, in registry order."""
    return [key for key, nt in NOTATIONS.items() if nt.fits(layers)]


def layer(notation, l: int) -> int:
    """The number the notation gives the engine's layer l (0 = input)."""
    return l + get(notation).shift


def layer_name(notation, l: int, lang: str = "en") -> str:
    """Prose name of the engine's layer l in the notation's numbering, e.g. "layer 2"."""
    return text(lang, "notation.layer", n=layer(notation, l))


def _sub(nt: Notation, *indices) -> str:
    shown = [i + nt.base for i in indices if i is not None]
    sep = "," if any(i >= 10 for i in shown) else nt.sep
    return sep.join(map(str, shown))


def _bias_sub(nt: Notation, j) -> str:
    # Ng's bias of neuron j sits in column 0: Theta^(l)_{j0}
    if j is None:
        return ""
    shown = j + nt.base
    return f"{shown}{',' if shown >= 10 else nt.sep}0"


def _parts(nt: Notation, kind: str, l, j, k):
    """(symbol, layer superscript, subscript) of a name."""
    if nt.own is not None:
        return nt.own(kind, l, j, k)
    if kind in ("x", "y"):
        return kind, "", _sub(nt, j)
    if kind in ("z", "a", "delta"):
        return ("\\delta" if kind == "delta" else kind), nt.sup.format(l + nt.shift), _sub(nt, j)
    sup = nt.sup.format(l + nt.weight_shift)
    if kind == "Delta":
        return r"\Delta", sup, _bias_sub(nt, j) if k is None else _sub(nt, j, k)
    if kind == "W":
        return nt.weight, sup, _sub(nt, j, k)
    if nt.bias_column:
        return nt.weight, sup, _bias_sub(nt, j)
    return "b", nt.sup.format(l + nt.shift), _sub(nt, j)  # a bias belongs to its neuron's layer


def name(notation, kind: str, l: int | None = None, j: int | None = None, k: int | None = None,
         sample: bool = False) -> str:
    """LaTeX name of a quantity from engine indices, e.g. name("ng", "W", 1, 0, 1) = \\Theta^{(1)}_{12}.

    kind: x, y (no layer), z, a, delta (layer l = 0..L, neuron j), W (W[l][j,k]), b (b[l][j]),
    dW, db (their gradients), Delta (Ng's accumulator of W[l], or of b[l] when k is None).
    Leaving out j (and k) names the whole vector or matrix. sample: the value of one sample inside a
    sum over the batch, its index added to the superscript (a^{(1)(i)}_{2}; Nielsen's a^{x,1}_{2}).
    """
    nt = get(notation)
    if kind in ("dW", "db"):
        return rf"\frac{{\partial {nt.cost}}}{{\partial {name(nt, kind[1], l, j, k)}}}"
    choose("quantity", kind, KINDS)
    symbol, sup, sub = _parts(nt, kind, l, j, k)
    if sample:
        sup = nt.per_sample.format(sup=sup, i=nt.sample)
    return symbol + (f"^{{{sup}}}" if sup else "") + (f"_{{{sub}}}" if sub else "")


def penalty(notation) -> str:
    """LaTeX of the L2 penalty's sum over the weights, as the source writes it: Ng sums the squares of
    Theta's entries from column 1 on (column 0, the biases, is not penalised); the others the squared
    norms of the weight matrices, which hold no biases."""
    nt = get(notation)
    if nt.squares:
        return nt.squares
    if nt.bias_column:
        return rf"\sum_{{l}} \sum_{{j}} \sum_{{k \ge 1}} \bigl({nt.weight}^{{{nt.sup.format('l')}}}_{{jk}}\bigr)^{{2}}"
    return rf"\sum_{{l}} \lVert {nt.weight}^{{{nt.sup.format('l')}}} \rVert^{{2}}"


def html(notation, kind: str, l: int | None = None, j: int | None = None, k: int | None = None) -> str:
    """The same name as plain text with <sup>/<sub> tags (what Markdown renders; the network element
    turns the tags into Unicode sub- and superscripts)."""
    return _html(get(notation).key, kind, l, j, k)


@lru_cache(maxsize=2**16)  # a drawing names hundreds of edges on every rerun; strings, shared read-only
def _html(key: str, kind: str, l, j, k) -> str:
    nt = NOTATIONS[key]
    if kind in ("dW", "db"):
        return f"∂{symbol_html(nt.cost)}/∂{_html(key, kind[1], l, j, k)}"
    choose("quantity", kind, KINDS)
    symbol, sup, sub = _parts(nt, kind, l, j, k)
    return TO_HTML.get(symbol, symbol) + (f"<sup>{sup}</sup>" if sup else "") + (f"<sub>{sub}</sub>" if sub else "")


def text_name(notation, kind: str, l: int | None = None, j: int | None = None, k: int | None = None) -> str:
    """The same name as plain Unicode text, for tables and menus: Θ⁽¹⁾₁₂, w³₁₂, b⁽²⁾₁; the engine's
    bracketed layers keep the arrays' own form, W[1][0,1] and b[1][0]."""
    nt = get(notation)
    if kind in ("dW", "db"):
        return f"∂{symbol_plain(nt.cost)}/∂{text_name(nt, kind[1], l, j, k)}"
    choose("quantity", kind, KINDS)
    symbol, sup, sub = _parts(nt, kind, l, j, k)
    symbol = TO_HTML.get(symbol, symbol)
    if any(c.isalpha() for c in sub):  # a unit's own name, Mazur's net_h1, as he writes it in text
        return f"{symbol}_{sub}"
    if "[" in sup:
        return symbol + sup + (f"[{sub}]" if sub else "")
    return symbol + sup.translate(SUPER) + ",".join(part.translate(SUB) for part in sub.split(","))


def symbol(notation, kind: str) -> str:
    """A quantity's symbol as plain text without layer or index (Θ, w, ∂E_total/∂w), for a line of prose
    that is Markdown, where <sub> tags would show as they are."""
    nt = get(notation)
    if kind in ("dW", "db"):
        return f"∂{symbol_plain(nt.cost)}/∂{symbol(nt, kind[1])}"
    choose("quantity", kind, KINDS)
    head = _parts(nt, kind, 1, None, None)[0]
    return TO_HTML.get(head, head)


def symbol_html(latex: str) -> str:
    """A notation's symbol (cost, loss, learning rate) as text with <sub> tags: E_{total} -> E<sub>total</sub>."""
    head, _, sub = latex.partition("_{")
    return TO_HTML.get(head, head) + (f"<sub>{sub.rstrip('}')}</sub>" if sub else "")


def symbol_plain(latex: str) -> str:
    """The same as plain text: E_{total} -> E_total, \\eta -> η."""
    return re.sub(r"<sub>(.*?)</sub>", r"_\1", symbol_html(latex))


def labeller(notation):
    """Display names for viz.names.Names' `label`: (kind "neuron" or "edge", l, j, k=None) -> text."""
    nt = get(notation)

    def label(kind, l, j, k=None):
        if kind == "edge":
            return html(nt, "W", l, j, k)
        return html(nt, "x", None, j) if l == 0 else html(nt, "a", l, j)
    return label


def theta(W, b) -> list:
    """Ng's Theta^(l) = [b[l] | W[l]] for l = 1..L: the bias in column 0, numbers untouched."""
    return [np.hstack([np.asarray(bl, dtype=float)[:, None], np.asarray(Wl, dtype=float)]) for Wl, bl in zip(W, b)]
