"""The network figure as an element of its own: a Streamlit components-v2 element drawing an SVG
(assets/element.js, assets/element.css) from viz.element's payload.

Mounted under a stable key, its DOM lives across reruns: a rerun sends only the payload and the
element updates its neurons and edges in place (by their engine ids), so it can move from one sub-step
to the next. A click, a tap or Enter on a neuron or an edge sends its id (the `select` trigger), which
the page's callback copies into the selection, as the plotly figure's click did.

The code is served as files (Streamlit's /_stcore/bidi-components/ route, cached by the browser) rather
than inline: inline, its 15 KB went with every click's message. Streamlit serves a component's files
only from an asset_dir declared by an installed package's manifest, so this module declares that
manifest itself, on each runtime (a server, or each AppTest), before registering the element.

Own SVG rather than plotly.js: see the README ("The network element").
"""
import json
from pathlib import Path

import streamlit as st
from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager
from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

HERE = Path(__file__).parent
NAME = "backprop.figure"  # <manifest name>.<component name>, as Streamlit names a manifest's components
_MANIFEST = ComponentManifest(name="backprop", version="1", components=[ComponentConfig("figure", "assets")])
_mount = []  # the element's mount function, made once (it registers the element on each runtime it runs in)


def _element():
    manager = get_bidi_component_manager()  # this runtime's: each AppTest has its own
    if manager.get_component_asset_root(NAME) is None:
        manager.register_from_manifest(_MANIFEST, HERE)
    if not _mount:
        _mount.append(st.components.v2.component(NAME, js="element.js", css="element.css", isolate_styles=False))
    return _mount[0]


def draw(data: dict, key: str, on_select=None):
    """Mount (or update) the element of `key` with viz.element's payload; a pick calls on_select() (a
    payload built with pick=False has nothing to pick). The payload goes as compact UTF-8 JSON bytes,
    which the element parses: given a dict, Streamlit writes JSON with spaces and every δ, ∂ or 输 as a
    \\u escape, a tenth more bytes on every click (0.3 KB of the default network's 3, 2.6 of the large one's 26)."""
    return _element()(key=key, data=encode(data), on_select_change=on_select or (lambda: None), height="content")


def encode(data: dict) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode(sent: bytes) -> dict:
    """A payload as the element receives it (the tests read what a page sent)."""
    return json.loads(sent.decode("utf-8"))


def picked(key: str) -> str | None:
    """The id the last click, tap or Enter on the element of `key` sent, else None."""
    result = st.session_state.get(key)
    return result.get("select") if result else None
