"""Driving the app in Streamlit's AppTest: open a session, press its widgets, read what it drew.

Plain functions rather than fixtures: a test opens one session or several (a shared link is opened in a
second one), on the page and link of its choice, so it calls fresh(page, query) where it needs one.
Builders that need no Streamlit (scenarios, steppers, files, known networks) live in tests/helpers.py.

One difference from a browser: here a widget that a run did not draw keeps its value, because every
AppTest run ends in ui.session.boot's st.stop() and a stopped run does not clear stale widgets. A test that a box
comes back empty is faithful only where the box is drawn in both runs (or its key is cleared on purpose).
"""
import base64
import json
import re
from pathlib import Path

import numpy as np
import plotly.io as pio
from streamlit.testing.v1 import AppTest

from engine.text import i18n
from ui import figure
from engine.text.i18n import catalogue

TIMEOUT = 30  # s for one script run: the large networks' first run builds every figure
ROOT = Path(__file__).resolve().parent.parent

# ---- sessions, widgets and words ----------------------------------------------------------------


def fresh(page=None, query=None):
    """A new session of the app, opened with the link `query`, then switched to pages/`page`.py."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def button(at, key):
    return next(b for b in at.button if b.key == key)


def en(key, **fields):
    return i18n.text("en", key, **fields)


def widget_keys(widgets):
    return {w.key for w in widgets}


def beside(at, key):
    """Texts of the error alerts drawn right after the widget with this key, in its container."""
    def walk(block):
        items = list(block.children.values())
        for i, node in enumerate(items):
            if getattr(node, "key", None) == key:
                alerts = []
                for nxt in items[i + 1:]:
                    if type(nxt).__name__ != "Error":
                        break
                    alerts.append(nxt.value)
                return alerts
            found = walk(node) if hasattr(node, "children") else None
            if found is not None:
                return found
        return None
    found = walk(at.main)
    assert found is not None, f"no widget {key}"
    return found


def markdown_with(at, text):
    return next(m.value for m in at.markdown if text in m.value)


def hovered(text) -> dict:
    """Shown value -> exact value of every number carrying its exact value on hover."""
    return dict((shown, exact) for exact, shown in re.findall(r'<span title="([^"]+)">([^<]+)</span>', text))


# ---- figures ------------------------------------------------------------------------------------


def _spec(at, key):
    return next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("-" + key))


def figure_of(at, key="step_fig"):
    """The figure a chart sent to the browser, as plotly's JSON dict (AppTest keeps charts as protos)."""
    return json.loads(_spec(at, key))


def chart(at, key):
    """The figure a chart sent to the browser, as a plotly Figure."""
    return pio.from_json(_spec(at, key))


def element_of(at, key="step_fig") -> dict:
    """The payload the network element of a key sent to the browser (viz.element), as a dict."""
    return figure.decode(next(e.proto.bytes for e in at.get("bidi_component") if e.proto.id.endswith("-" + key)))


def shown(at, key="step_fig") -> dict:
    """Neuron id -> the text its circle shows (None while not computed), on the network element of a key."""
    return {n[0]: n[5] for n in element_of(at, key)["nodes"]}


def named_trace(fig, name):
    return next((t for t in fig["data"] if t.get("name") == name), None)


def values(arr) -> list:
    """A trace's x or y: plotly sends numpy arrays as {"dtype", "bdata"} (base64 of the bytes)."""
    if isinstance(arr, dict):
        return np.frombuffer(base64.b64decode(arr["bdata"]), dtype=arr["dtype"]).tolist()
    return list(arr)


# ---- what a student does on a page --------------------------------------------------------------


def mazur(at):
    """Load Mazur's preset and open the Step page."""
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_mazur").click().run()
    at.switch_page("pages/step.py").run()
    return at


def open_edit(at):
    """Open the Step page's edit section, which draws nothing while closed."""
    if not at.session_state["step_edit_open"] if "step_edit_open" in at.session_state else True:
        at.session_state["step_edit_open"] = True
        at.run()
    return at


def seed_edit(at, key, cells):
    """Cells typed into the keyed data editor (row 0), as the browser would send them, in the edit
    section opened as the student would have to."""
    open_edit(at).session_state[key] = {"edited_rows": {0: cells}, "added_rows": [], "deleted_rows": []}


def train(at, count, unit="steps"):
    """Train `count` steps or epochs on the Train page, as its form would."""
    at.number_input(key="train_count").set_value(count)
    at.radio(key="train_unit").set_value(unit)
    button(at, "train_go").click().run()
    assert not at.exception, at.exception


# a link's query for a small two-class data set, trained with full batches
CIRCLE = {"layers": "2,3,1", "act": "tanh,sigmoid", "loss": "cross_entropy", "lr": "0.5", "batch": "full",
          "init": "xavier", "seed": "0", "data": "circle", "n": "60", "test": "0.2"}
GOOD = b"a,b,t\n0,1,0\n1,0,1\n1,1,0\n0,0,1\n"  # two inputs, one 0/1 target column


def csv_mode(at):
    """Switch the Build page to a CSV upload; its uploader."""
    at.radio(key="build_data").set_value("csv").run()
    assert not at.exception
    return at.file_uploader(key="build_csv_file")


def labels(at):
    """Every widget label and heading a page rendered."""
    widgets = [*at.button, *at.selectbox, *at.radio, *at.number_input, *at.text_input, *at.checkbox,
               *at.multiselect, *at.slider]
    return [w.label for w in widgets] + [h.value for h in [*at.title, *at.header]]


def from_catalogue(s: str, lang: str) -> bool:
    """s is a catalogue text of lang, with its {fields} filled in by anything."""
    return any(re.fullmatch(pattern, s, re.S) for pattern in patterns(lang))


def patterns(lang: str):
    field = re.compile(r"\{[^{}]*\}")
    return [".*".join(re.escape(part) for part in field.split(v)) for v in catalogue(lang).values()]
