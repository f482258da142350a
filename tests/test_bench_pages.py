"""The benchmarks' own pages work as bench/click.py and bench/classroom.py drive them: the floor app
counts clicks, the figure floor draws the link's network (not the default) in the network element and
steps it."""
import json
from tests.helpers import run_async
from ui.figure import decode
from tests.kit.server import ROOT, serve
from tests.kit.student import Student

LINK = "layers=784,128,64,10&act=sigmoid,sigmoid,sigmoid&loss=squared_error&init=xavier"


def figure(student) -> dict:
    """The floor's plotly figure, or the figure floor's network element's payload (viz.element)."""
    for el in student.elements.values():
        if el.WhichOneof("type") == "plotly_chart":
            return json.loads(el.plotly_chart.spec)
        if el.WhichOneof("type") == "bidi_component" and el.bidi_component.bytes:
            return decode(el.bidi_component.bytes)
    raise AssertionError("no figure drawn")


async def click_twice(base, query=""):
    student = Student(base)
    await student.open(query=query)
    seen = [figure(student)]
    for _ in range(2):
        await student.click("Whole step")
        seen.append(figure(student))
    await student.close()
    return seen


def test_the_floor_counts_each_click():
    with serve(ROOT / "bench" / "floor_app.py") as (base, _):
        seen = run_async(click_twice(base))
    assert [fig["data"][0]["y"] for fig in seen] == [[0], [1], [2]]


def test_the_figure_floor_draws_the_links_network_and_steps_it():
    with serve(ROOT / "bench" / "figure_floor.py") as (base, _):
        seen = run_async(click_twice(base, LINK))
    edges = [fig["edges"] for fig in seen]
    assert all(len(e) == 240 for e in edges)  # viz.shown.MAX_EDGES of the 784 net's
    values = [[edge[5] for edge in e] for e in edges]
    assert values[0] != values[1] != values[2]  # each step changes them

