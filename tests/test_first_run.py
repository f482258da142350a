"""A link opened on a fresh server keeps its network when the user clicks a page at once.

On a fresh server the first run spends seconds importing, while the browser already shows the page
list (Streamlit's pages-folder mode); a click on one replaces that run by one whose URL has lost the
link's query (Streamlit keeps the newer request's). app.py keeps the query before its imports.
Spoken over Streamlit's protocol (tests/kit/student.py) to a server of this test's own, so that its first
run is the fresh process's."""
from engine.text.i18n import text
from tests.helpers import run_async
from tests.kit.server import serve
from tests.kit.student import Student

LINK = "layers=784,128,64,10&act=sigmoid,sigmoid,sigmoid&loss=squared_error&init=xavier&lang=zh&lesson=nowhere"


async def open_then_click_step(base):
    student = Student(base)
    await student.start(query=LINK)  # the entry page's first run has begun: the page list is on screen
    student.query = ""  # the page's link drops the query, as the browser does
    await student.goto("step")
    await student.close()
    return student


def test_a_link_opened_on_a_fresh_server_survives_an_immediate_click():
    with serve() as (base, _):
        student = run_async(open_then_click_step(base))
    assert student.cut_short == 1  # the click did cut the link's first run short (else nothing was tested)
    shown = student.text()
    assert "784 → 128 → 64 → 10" in shown  # the sidebar names the link's network, not the default's
    assert "nowhere" in shown  # its lesson part was read too: an unknown lesson is named in a warning
    assert text("zh", "phase.start") in shown  # and its language: the Step page speaks Chinese
