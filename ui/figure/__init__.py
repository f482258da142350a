"""The network figure as an element of its own: a Streamlit components-v2 element drawing an SVG
(element.js, element.css in this folder) from viz.element's payload.

Mounted under a stable key, its DOM lives across reruns: a rerun sends only the payload and the
element updates its neurons and edges in place (by their engine ids), so it can move from one sub-step
to the next. A click, a tap or Enter on a neuron or an edge sends its id (the `select` trigger), which
the page's callback copies into the selection, as the plotly figure's click did.

Own SVG rather than plotly.js: the element is a few KB of code the browser keeps, where plotly.js is
3.5 MB to vendor and serve; the SVG can carry accessible names, focus and a dash for the sign on every
edge, which plotly's markers cannot (README, "The network element").
"""
import re
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent


def _compact(code: str) -> str:
    """The JS without its comments and indentation: the code goes with every rerun's message."""
    out = []
    for line in code.splitlines():
        line = re.sub(r"\s{2,}// .*$", "", line).strip()
        if line and not line.startswith("//"):
            out.append(line)
    return "\n".join(out)


def _css(code: str) -> str:
    """The CSS without its comments, one rule a line (Streamlit reads a one-line string as a file's path)."""
    return "\n".join(line.strip() for line in re.sub(r"/\*.*?\*/", "", code, flags=re.S).splitlines() if line.strip())


JS = _compact((HERE / "element.js").read_text(encoding="utf-8"))
CSS = _css((HERE / "element.css").read_text(encoding="utf-8"))
_element = st.components.v2.component("backprop_figure", js=JS, css=CSS, isolate_styles=False)


def draw(data: dict, key: str, on_select):
    """Mount (or update) the element of `key` with viz.element's payload; a pick calls on_select()."""
    return _element(key=key, data=data, on_select_change=on_select, height="content")


def picked(key: str) -> str | None:
    """The id the last click, tap or Enter on the element of `key` sent, else None."""
    result = st.session_state.get(key)
    return result.get("select") if result else None
