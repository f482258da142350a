"""Numbers and names as the Step page shows them: the sidebar's significant digits, the exact value on
hover, names in the chosen notation (LaTeX for Markdown, plain text where only text fits)."""
import html
import re

import streamlit as st

from engine.teach.textbook import notation as nota
from engine.text import numformat as nf
from viz.names import SYMBOLS, Names
from ui.session.keys import DIGITS, NOTATION
from ui.session.text import t

NONE = "—"  # a value not computed yet


def digits() -> int:
    return st.session_state[DIGITS]


def notation():
    return nota.get(st.session_state[NOTATION])


def fmt(v) -> str:
    """v to the chosen significant digits, as plain text."""
    return NONE if v is None else nf.rounded(v, digits())


def columns(names) -> dict:
    """A table's column config showing every named number column to the chosen digits (Streamlit's
    own default is 4 decimals, whatever the setting); a cell being edited holds its exact value."""
    return {name: st.column_config.NumberColumn(format=nf.column_format(digits())) for name in names}


def hover(v) -> str:
    """v rounded, its exact value on hover (Markdown with HTML allowed)."""
    if v is None:
        return NONE
    return f'<span title="{nf.exact(v)}">{fmt(v)}</span>'


VEC_SHOWN = 8  # entries of a vector written out; a digits image's 64 or MNIST's 784 would bury the panel


def vec(values) -> str:
    """A vector rounded, each entry exact on hover; a long one by its first entries and a count."""
    if values is None:
        return NONE
    more = len(values) - VEC_SHOWN
    shown = ", ".join(hover(v) for v in values[:VEC_SHOWN])
    return f"({shown}, {t('step.more_values', n=more)})" if more > 0 else f"({shown})"


def tex(kind, l=None, j=None, k=None) -> str:
    """The name of a quantity in the chosen notation as inline Markdown LaTeX."""
    return f"${nota.name(notation(), kind, l, j, k)}$"


def option_name(kind, l=None, j=None, k=None) -> str:
    """The name as plain text (selectbox options, table headers): W^[1], Θ^(1)_10, x_1."""
    marked = nota.html(notation(), kind, l, j, k)
    marked = re.sub(r"<sup>(.*?)</sup>", r"^\1", marked)
    return html.unescape(re.sub(r"<sub>(.*?)</sub>", r"_\1", marked))


def markdown(text: str):
    """Markdown whose numbers carry their exact value as a hover title."""
    st.markdown(text, unsafe_allow_html=True)


def table(header: list, rows: list) -> str:
    """A Markdown table (cells may hold LaTeX and hover spans)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(map(str, row)) + " |" for row in rows])




def bare(kind) -> str:
    """A quantity's symbol without layer or index, as the figure's text: Θ, ∂C/∂w (Mazur's w, not w₁..₄)."""
    return re.sub(r"<sup>.*?</sup>|<sub>[^<]*</sub>$", "", nota.html(notation(), kind, 1))


def figure_names() -> Names:
    """The network figure's names, symbols and layer numbers in the chosen notation."""
    nt = notation()
    symbols = {**SYMBOLS, "b": bare("b"), "W": bare("W"), "dW": bare("dW"), "update": f"Δ{bare('W')}"}  # ΔW: what the update added
    return Names(label=nota.labeller(nt), symbols=symbols, layer=lambda l: nota.layer(nt, l),
                 bias=lambda l, j: nota.html(nt, "b", l, j))
