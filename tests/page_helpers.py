"""What the Step page tests read off an AppTest run: figures, Markdown panels, hover values, editors."""
import json
import re

from tests.test_pages import button


def figure_of(at, key="step_fig"):
    return json.loads(next(e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("-" + key)))


def named_trace(fig, name):
    return next((t for t in fig["data"] if t.get("name") == name), None)


def markdown_with(at, text):
    return next(m.value for m in at.markdown if text in m.value)


def hovered(text) -> dict:
    """Shown value -> exact value of every number carrying its exact value on hover."""
    return dict((shown, exact) for exact, shown in re.findall(r'<span title="([^"]+)">([^<]+)</span>', text))


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


def mazur(at):
    """Load Mazur's preset and open the Step page."""
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_mazur").click().run()
    at.switch_page("pages/step.py").run()
    return at
