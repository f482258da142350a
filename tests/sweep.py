"""Every control a page draws in an AppTest run, and the changes a user can make to each.

Nothing here names a page or a widget: controls are found by walking the element tree, so a new
button is driven without touching the tests. Lazy expanders (ui.common.style.lazy_expander) draw nothing
while closed; open_lazy opens every keyed expander so the controls inside are found too.
Choices are sent as the browser sends them, as the shown option's text: AppTest's own setters take
the value before format_func, which a test that knows no widget cannot know.
"""
import json
from dataclasses import dataclass
from numbers import Real
from typing import Callable

from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import element_tree as et

TEXTS = ("0.5", "abc", "")  # a number, an unreadable entry and an empty one, for any text box
DEFERRED = {}  # file id -> the callable a download button hands the server, called on its click


class AppError(Exception):
    """Raised by a change that failed in the app's own code outside a script run (a download)."""


def record_downloads(monkeypatch):
    """Keep the callable of each deferred download, which the server calls when it is clicked."""
    register = MediaFileManager.add_deferred

    def keep(self, fn, *args, **kwargs):
        file_id = register(self, fn, *args, **kwargs)
        DEFERRED[file_id] = fn
        return file_id
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)


@dataclass(frozen=True)
class Action:
    """One change to one control: the control (its key, else type and label) and what is done."""
    control: str
    change: str
    stage: Callable  # (widget, at): stages the change on the widget; the caller runs the app

    def __str__(self):
        return f"{self.control} ({self.change})"


def name(node) -> str:
    return node.key or f"{node.type}:{getattr(node, 'label', '?')}"


def find(at, control: str):
    return next((n for n in at if _driven(n) and name(n) == control), None)


def open_lazy(at, limit: int = 10):
    """Open every keyed expander that is closed, as a user's click would, and run the app."""
    for _ in range(limit):
        closed = [e.key for e in at.expander if e.key and not (e.key in at.session_state and at.session_state[e.key])]
        if not closed:
            break
        for key in closed:
            at.session_state[key] = True
        at.run()
    return at


def _send(node, **value):
    """Make node report this widget state on the next run, as the browser would send it."""
    ws = WidgetState(id=node.proto.id, **value)
    bases = (node.__class__,) if isinstance(node, et.Widget) else (node.__class__, et.Widget)
    node.__class__ = type("Sent", bases, {"_widget_state": property(lambda self: ws)})


def _selectable_chart(node) -> bool:
    return isinstance(node, et.UnknownElement) and node.type == "plotly_chart" and bool(node.proto.selection_mode)


def _editor(node) -> bool:
    return isinstance(node, et.Dataframe) and node.editing_mode != "read_only" and bool(node.key)


def _driven(node) -> bool:
    return isinstance(node, et.Widget) or _selectable_chart(node) or _editor(node)


def _clicks(node) -> list:
    if isinstance(node, et.DownloadButton) and node.proto.deferred_file_id:
        return [("download", _download)]
    if isinstance(node, et.DownloadButton) and node.proto.ignore_rerun:
        return []  # bytes made in the run and on_click="ignore": the click runs no code of the app
    return [("click", lambda w, at: w.click())]


def _download(node, at):
    try:
        DEFERRED[node.proto.deferred_file_id]()
    except Exception as exc:  # noqa: BLE001 - any failure of the app's download is the finding
        raise AppError(f"{type(exc).__name__}: {exc}") from exc


def _cell(node) -> list:
    """The first cell of a data editor, typed over with its value plus 0.5 (the editor's own state,
    as the browser sends it; the app reads it when its Apply button is clicked)."""
    table = node.value
    if table.empty or not isinstance(table.iat[0, 0], Real):
        return []
    cell = {0: {str(table.columns[0]): float(table.iat[0, 0]) + 0.5}}

    def type_in(w, at):
        at.session_state[w.key] = {"edited_rows": cell, "added_rows": [], "deleted_rows": []}
    return [(f"type {cell[0]}", type_in)]


def _flip(node) -> list:
    return [(f"set {not node.value}", lambda w, at: w.set_value(not w.value))]


def _choices(node) -> list:
    try:
        shown = node.options[node.index] if node.index is not None else None
    except ValueError:  # AppTest formats the value again after the run: a label that names state changed
        shown = None  # since then (a run's own name) is not among the options; every option is then tried
    return [(f"choose {opt!r}", lambda w, at, opt=opt: _send(w, string_value=opt))
            for opt in node.options if opt != shown]


def _many(node) -> list:
    """Single-select buttons: each other option; multi-select: each option toggled."""
    shown = set(node.values if isinstance(node, et.Multiselect) else node.formatted_values)
    if isinstance(node, et.ButtonGroup) and node._is_single_select:
        picks = [[opt] for opt in node.options if opt not in shown]
    else:
        picks = [sorted(shown ^ {opt}) for opt in node.options]
    return [(f"choose {p!r}", lambda w, at, p=p: _send(w, string_array_value={"data": p})) for p in picks]


def _number(node) -> list:
    """One step (down at the maximum), and the minimum: the edge a small network or data set hits."""
    if node.value is None:
        return [("type the minimum", lambda w, at: w.set_value(w.min or 0))]
    up = node.max is None or node.value + node.step <= node.max
    changes = [("+1 step" if up else "-1 step", lambda w, at: w.increment() if up else w.decrement())]
    if node.min is not None and node.min != node.value:
        changes.append((f"type the minimum {node.min:g}", lambda w, at: w.set_value(w.min)))
    return changes


def _slider(node) -> list:
    ends = [e for e in (node.min, node.max) if e != node.value]
    return [(f"slide to {e}", lambda w, at, e=e: w.set_value(e)) for e in ends]


def _text(node) -> list:
    return [(f"type {s!r}", lambda w, at, s=s: _submit(w.set_value(s), at)) for s in TEXTS if s != node.value]


def _submit(node, at):
    """A change inside a form reaches the app when the form is submitted: click its submit button."""
    if node.proto.form_id:
        next(b for b in at.button if b.proto.form_id == node.proto.form_id and b.proto.is_form_submitter).click()


def _clicked(cid) -> str:
    """A chart's selection state after a click on the point with this id, as the browser sends it."""
    return json.dumps({"selection": {"points": [{"customdata": cid}], "point_indices": [0], "box": [], "lasso": []}})


def _points(node) -> list:
    """Clicks on the chart's points that carry an id: the first, middle and last of each trace."""
    ids = {}
    for trace in json.loads(node.proto.spec).get("data", []):
        data = [c for c in trace.get("customdata") or [] if c]
        for i in (0, len(data) // 2, len(data) - 1) if data else ():
            ids[json.dumps(data[i])] = data[i]
    return [(f"click point {c!r}", lambda w, at, c=c: _send(w, string_value=_clicked(c))) for c in ids.values()]


CHANGES = ((et.Button, _clicks), (et.DownloadButton, _clicks), ((et.Checkbox, et.Toggle), _flip),
           ((et.Selectbox, et.Radio), _choices), ((et.ButtonGroup, et.Multiselect), _many),
           (et.NumberInput, _number), (et.Slider, _slider), ((et.TextInput, et.TextArea), _text))


def actions(at) -> list:
    """Every change a user can make now to an enabled control. Not driven: file uploads (a test
    that knows no control has no file to give) and downloads made in the run itself."""
    found = []
    for node in at:
        if not _driven(node) or getattr(node.proto, "disabled", False):
            continue
        if _selectable_chart(node):
            changes = _points(node)
        elif _editor(node):
            changes = _cell(node)
        else:
            changes = next((fn(node) for cls, fn in CHANGES if isinstance(node, cls)), [])
        found += [Action(name(node), label, fn) for label, fn in changes]
    return found
