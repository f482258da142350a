"""The Trace page's step slider keeps the step picked while steps are added or taken back (AppTest)."""
from tests.apptest import beside, button, fresh, train
from ui.session import keys


def shown(at) -> int:
    """The step the tables show, read from the summary line ("**Step k**: ...")."""
    line = next(m.value for m in at.markdown if m.value.startswith("**Step "))
    return int(line.split("**")[1].split()[1])


def visit_trace(at):
    at.switch_page("pages/trace.py").run()
    assert not at.exception, at.exception


def train_more(at, n):
    at.switch_page("pages/train.py").run()
    train(at, n)
    visit_trace(at)


def test_slider_follows_the_newest_until_an_older_step_is_picked():
    at = fresh("train")
    train(at, 3)
    visit_trace(at)
    slider = at.slider(key="trace_step")
    assert (slider.value, slider.max, shown(at)) == (3, 3, 3)
    train_more(at, 4)
    assert (at.slider(key="trace_step").value, at.slider(key="trace_step").max, shown(at)) == (7, 7, 7)
    at.slider(key="trace_step").set_value(2).run()
    assert shown(at) == 2
    train_more(at, 4)  # the picked step stays put while later ones are added
    assert (at.slider(key="trace_step").value, at.slider(key="trace_step").max, shown(at)) == (2, 11, 2)
    at.slider(key="trace_step").set_value(11).run()  # picking the newest follows the newest again
    train_more(at, 2)
    assert (at.slider(key="trace_step").value, shown(at)) == (13, 13)


def test_a_picked_step_taken_back_gives_way_to_the_newest():
    at = fresh("train")
    train(at, 5)
    visit_trace(at)
    at.slider(key="trace_step").set_value(4).run()
    at.switch_page("pages/step.py").run()
    n_sub = at.session_state[keys.STEPPER].n_sub
    for _ in range(2 * n_sub):  # back through steps 5 and 4: three steps stay committed
        button(at, "step_back").click().run()
    assert len(at.session_state[keys.STEPPER].records) == 3
    visit_trace(at)
    assert (at.slider(key="trace_step").value, at.slider(key="trace_step").max, shown(at)) == (3, 3, 3)
    train_more(at, 3)  # step 4 is a new step now: the newest is followed
    assert (at.slider(key="trace_step").value, shown(at)) == (6, 6)


def test_refused_trace_upload_is_shown_beside_the_uploader_and_keeps_the_steps():
    at = fresh("train")
    train(at, 2)
    visit_trace(at)
    before = at.session_state[keys.STEPPER]
    at.file_uploader(key="trace_upload").upload("notes.json", b"{not json").run()
    assert not at.exception
    [message] = beside(at, "trace_upload")
    assert "notes.json" in message and "not valid JSON" in message
    assert at.session_state[keys.STEPPER] is before and len(before.records) == 2 and shown(at) == 2
