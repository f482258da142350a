"""The Step page over Streamlit's own protocol (tests/kit/student.py, no browser): a click reruns only the
part of the page a step changes (st.fragment), so the server sends neither the sidebar nor the page list
again; an edit, which changes what the sidebar says about the link, reruns the whole app."""
import json

import pytest

from tests.apptest import en
from tests.helpers import run_async
from tests.kit.server import serve
from tests.kit.student import Student

SIDEBAR = 1  # first number of a delta path: Streamlit's root containers are main 0, sidebar 1, event 2, bottom 3
STEP_NO = r"\*\*Step (\d+)\*\*"  # the phase line's step count



@pytest.fixture(scope="module")
def base():
    with serve() as (url, _):
        yield url


def sidebar_sent(student) -> list:
    return [p for p in student.sent if p and p[0] == SIDEBAR]


async def clicks(base):
    student = Student(base)
    await student.open("step")
    assert not student.fragment_run and student.navigated and sidebar_sent(student)  # a page's first run: all
    seen = []
    for label in ("Forward", "Whole step", "Whole step", "Sub-step back", "Whole step"):
        await student.click(label)
        seen.append((label, student.fragment_run, student.navigated, len(sidebar_sent(student)),
                     student.number(STEP_NO)))
    await student.close()
    return seen


def test_a_step_click_reruns_the_step_view_alone(base):
    seen = run_async(clicks(base))
    assert [(label, fragment, nav, side) for label, fragment, nav, side, _ in seen] == \
        [(label, True, False, 0) for label, *_ in seen]
    # the phase line is in the fragment: its count follows every click (a sub-step opens step 1, a whole
    # step finishes it; Undo takes back the update, leaving step 2 open)
    assert [n for *_, n in seen] == [1, 1, 2, 2, 2]


async def edit_a_weight(base):
    """(page text before the edit is applied, after it, whether that was a fragment's run, the sidebar
    paths it sent)."""
    student = Student(base)
    await student.open("step")
    await student.change("step_edit_open", bool_value=True)  # the Edit expander
    assert student.fragment_run
    edits = {"edited_rows": {"0": {"k = 0": 0.5}}, "added_rows": [], "deleted_rows": []}
    await student.change("step_edit_W2", string_value=json.dumps(edits))
    before = student.text()
    await student.click(en("edit.apply"))
    await student.close()
    return before, student.text(), student.fragment_run, sidebar_sent(student)


def test_an_edit_reruns_the_whole_app_so_the_sidebar_names_what_the_link_loses(base):
    before, after, fragment, side = run_async(edit_a_weight(base))
    gap = en("link.gap_weights")
    assert gap not in before
    assert not fragment and side and gap in after
    assert en("edit.changed", n="1 value") in after  # the edit itself was applied: W[2][0,0] changed
