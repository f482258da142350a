"""Textbook notations as views of the engine's one convention (CONVENTIONS.md, "Textbook notations").

Only names change, never numbers: every function takes the engine's indices (layer l = 0..L with
0 the input, neuron j 0-based, weight W[l][j,k] for l = 1..L from neuron k of layer l-1 to neuron j
of layer l) and says how a notation writes them. The textbooks count neurons from 1 (Ng's column 0
of Theta is his bias unit a_0 = 1); the "engine" notation keeps its arrays' 0-based indices, so its
names read like the trace files and the Step page.
"""
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .errors import choose
from .i18n import text

KINDS = dict.fromkeys(("x", "y", "z", "a", "delta", "W", "b", "dW", "db", "Delta"))  # what name() can name
TO_HTML = {r"\Theta": "Θ", r"\delta": "δ", r"\Delta": "Δ", r"\partial": "∂"}  # LaTeX -> plain text
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


NOTATIONS = {
    "engine": Notation("engine", 0, 0, 0, "[{}]", ",", "W", False, "J", r"\ell", r"\alpha"),
    "ng": Notation("ng", 1, 0, 1, "({})", "", r"\Theta", True, "J", r"\ell", r"\alpha"),
    "ufldl": Notation("ufldl", 0, 0, 1, "({})", "", "W", False, "J", r"\ell", r"\alpha"),
    # Nielsen indexes a training input x: a^{x,l}_j, C_x (his chapter 2)
    "nielsen": Notation("nielsen", 1, 1, 1, "{}", "", "w", False, "C", "C_x", r"\eta",
                        {"delta_out": "BP1", "delta": "BP2", "db": "BP3", "dW": "BP4"}, "x", "{i},{sup}", "C_x"),
}


def get(notation) -> Notation:
    """A Notation from its key (a Notation passes through); unknown keys raise EngineError."""
    return notation if isinstance(notation, Notation) else choose("notation", notation, NOTATIONS)


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
    if nt.bias_column:
        return rf"\sum_{{l}} \sum_{{j}} \sum_{{k \ge 1}} \bigl({nt.weight}^{{{nt.sup.format('l')}}}_{{jk}}\bigr)^{{2}}"
    return rf"\sum_{{l}} \lVert {nt.weight}^{{{nt.sup.format('l')}}} \rVert^{{2}}"


def html(notation, kind: str, l: int | None = None, j: int | None = None, k: int | None = None) -> str:
    """The same name as plain text with <sup>/<sub> tags (what plotly labels and hovers render)."""
    return _html(get(notation).key, kind, l, j, k)


@lru_cache(maxsize=2**16)  # a drawing names hundreds of edges on every rerun; strings, shared read-only
def _html(key: str, kind: str, l, j, k) -> str:
    nt = NOTATIONS[key]
    if kind in ("dW", "db"):
        return f"∂{nt.cost}/∂{_html(key, kind[1], l, j, k)}"
    choose("quantity", kind, KINDS)
    symbol, sup, sub = _parts(nt, kind, l, j, k)
    return TO_HTML.get(symbol, symbol) + (f"<sup>{sup}</sup>" if sup else "") + (f"<sub>{sub}</sub>" if sub else "")


def plain(notation, kind: str, l: int | None = None, j: int | None = None, k: int | None = None) -> str:
    """The same name as plain Unicode text, for tables and menus: Θ⁽¹⁾₁₂, w³₁₂, b⁽²⁾₁; the engine's
    bracketed layers keep the arrays' own form, W[1][0,1] and b[1][0]."""
    nt = get(notation)
    if kind in ("dW", "db"):
        return f"∂{nt.cost}/∂{plain(nt, kind[1], l, j, k)}"
    choose("quantity", kind, KINDS)
    symbol, sup, sub = _parts(nt, kind, l, j, k)
    symbol = TO_HTML.get(symbol, symbol)
    if "[" in sup:
        return symbol + sup + (f"[{sub}]" if sub else "")
    return symbol + sup.translate(SUPER) + ",".join(part.translate(SUB) for part in sub.split(","))


def labeller(notation):
    """Display names for viz.network's `labels`: (kind "neuron" or "edge", l, j, k=None) -> text."""
    nt = get(notation)

    def label(kind, l, j, k=None):
        if kind == "edge":
            return html(nt, "W", l, j, k)
        return html(nt, "x", None, j) if l == 0 else html(nt, "a", l, j)
    return label


def theta(W, b) -> list:
    """Ng's Theta^(l) = [b[l] | W[l]] for l = 1..L: the bias in column 0, numbers untouched."""
    return [np.hstack([np.asarray(bl, dtype=float)[:, None], np.asarray(Wl, dtype=float)]) for Wl, bl in zip(W, b)]
