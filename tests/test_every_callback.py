"""Every control on every page, in every state a teacher reaches, changed without an error box.

The controls are found by walking each page's element tree (tests.sweep), never listed here; the
controls a change reveals (a form after "New question", a layer after "Add layer") are driven too.
A change that moved the network, its steps or the language is not built on: the next change starts
again from the named state. A failure names page, state, control, change and the changes before it.

Every page in every state is about 160 walks, twelve minutes of a quiet core: `pytest --every-state`
runs them all. Without it (CI, the full suite) the pages are walked in REPRESENTATIVE states only.
"""
from functools import partial
from pathlib import Path

import pytest
import streamlit as st

from engine.teach.textbook import presets
from tests.apptest import button, fresh, seed_edit
from tests.sweep import AppError, actions, find, open_lazy, record_downloads
from ui.session import keys

# the long kind of test even in representative states: left out of the quick loop (`-m "unit or page"`)
pytestmark = pytest.mark.slow
# The Live class page (pages/live.py) is in the navigation only for a session that joined a class, which no
# state here does: its join, follow, explore and answer controls, and the teacher's panel (on the Lessons
# page and the presenter view, walked here too), are driven by tests/test_live_page.py.
PAGES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "pages").glob("*.py") if p.stem != "live")
# controls changed without error on each page in every state, at least (the fewest are in the fresh
# state: 30 on Build, 13 on Step, 3 on Trace, all three the sidebar's): a walk that lost the
# controls would otherwise pass without testing anything
AT_LEAST = {"build": 20, "step": 10, "train": 6, "trace": 3, "gradcheck": 5, "quiz": 4, "presets": 15, "lessons": 5,
            "compare": 4}
# The shared sidebar's controls (keys side_*) call the same callbacks on every page: they are walked in every
# state on the Step page, and on every page in the fresh state (each page drawn after each of their changes),
# not again on every page in every state, where they were a third of the walks' time (8 of compare's 9
# changes, 8 of the presets page's 22) and the full suite overran its 12 minutes.
SIDEBAR, SIDEBAR_PAGE = "side_", "step"
SIDEBAR_CONTROLS = 5  # language, notation, digits, motion, presenter (Copy link is a component the walk cannot press)


def _step(at):
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()


def _edit(at):
    """A whole step, then W[2] (j=0, k=0) edited to 0.8 and applied; the edit section stays open."""
    _step(at)
    seed_edit(at, "step_edit_W2", {"k = 0": 0.8})
    button(at, "step_edit_apply").click().run()


def _train(at):
    at.switch_page("pages/train.py").run()
    at.number_input(key="train_count").set_value(5).run()
    button(at, "train_go").click().run()


def _preset(name, at):
    at.switch_page("pages/presets.py").run()
    button(at, f"presets_load_{name}").click().run()


def _large_step(at):
    """The largest preset after a step: only there are matrices too large for a table (a heat map and
    a CSV download on the Trace page) and the edit section's too-large note drawn."""
    _preset("digits", at)
    _step(at)


STATES = {"fresh": lambda at: None, "after a step": _step, "after an edit": _edit, "after training": _train,
          **{f"preset {name}": partial(_preset, name) for name in presets.names()},
          "preset digits stepped": _large_step}
# What the other states draw differently, each in at least one of these: the default network before and
# after a step, edited weights, a training history (the named runs); a regularised 4-layer network on a
# full batch (ng_4layer); no hidden layer, a linear output, regression (linreg); a generated data set in
# mini-batches with optimisers to compare (optimisers); a softmax over 10 classes on a data set with a held
# out part, tanh, matrices too large for a table (digits stepped).
REPRESENTATIVE = ["fresh", "after a step", "after an edit", "after training", "preset linreg",
                  "preset optimisers", "preset digits stepped"]
# preset ng_4layer (regularised, 4 layers, a full batch) left the CI set for time: its controls are those of
# the full-batch and mini-batch states kept, and tests/test_i18n_tour.py and tests/test_presets_page.py draw
# its pages; --every-state walks it


@pytest.fixture(scope="module", autouse=True)
def quick_sessions():
    """The error box's text in the failure message (the app's config hides it from students), and
    Streamlit's scan of every installed package for components done once, not in each of the
    thousands of sessions started here (three quarters of a session's start otherwise)."""
    before = st.get_option("client.showErrorDetails")
    st.set_option("client.showErrorDetails", "full")
    with pytest.MonkeyPatch.context() as mp:
        record_downloads(mp)
        yield
    st.set_option("client.showErrorDetails", before)


def _enter(state, page):
    at = fresh()
    STATES[state](at)
    assert not at.exception, f"reaching {state}: {at.exception}"
    at.switch_page(f"pages/{page}.py").run()
    return open_lazy(at)


def _signature(at) -> tuple:
    """What a change to a control may leave changed that the next change must not start from: the
    network, its position, and the language. The view, notation and digits may carry over."""
    s = at.session_state[keys.STEPPER]
    return id(s), len(s.records), s.cursor, s.pending is None, at.session_state[keys.LANG]


class Walk:
    """One session walked through the changes of a page. It starts again from the state (and the
    change that revealed the next control) whenever the last change moved the network, its steps
    or the language; changes since the start are named in an error, so it can be reproduced."""

    def __init__(self, state, page):
        self.state, self.page, self.prefix, self.at, self.sig, self.since = state, page, None, None, None, []

    def restart(self, prefix=()) -> bool:
        """False when the changes of prefix cannot be made again."""
        self.at, self.prefix, self.since = _enter(self.state, self.page), prefix, []
        if any(self._change(act) is not None for act in prefix):
            return False
        self.sig = _signature(self.at)
        return True

    def _change(self, act) -> str | None:
        """Stage and run act: None when done, "" when the control is not there to use, else the
        error box's text."""
        widget = find(self.at, act.control)
        if widget is None or getattr(widget.proto, "disabled", False):
            return ""
        try:
            act.stage(widget, self.at)
        except AppError as exc:
            return str(exc)
        open_lazy(self.at.run())
        return self.at.exception[0].value if self.at.exception else None

    def run(self, path) -> str | None:
        """Make the last change of path after the others: as _change, the error naming every change
        since the state was entered."""
        prefix, act = path[:-1], path[-1]
        widget = find(self.at, act.control) if self.at else None
        moved = widget is None or getattr(widget.proto, "disabled", False) or _signature(self.at) != self.sig
        if (prefix != self.prefix or moved) and not self.restart(prefix):
            return ""
        error = self._change(act)
        self.since.append(act)
        if error:
            self.prefix = None  # start again after an error
            return " → ".join(map(str, prefix + tuple(self.since))) + ": " + error
        return error


def _sidebar_here(state, page) -> bool:
    return page == SIDEBAR_PAGE or state == "fresh"


def sweep(state, page) -> tuple[set, list]:
    """(controls changed without error, errors) after every change to every control; the changes a
    change reveals are tried after it (the sidebar's only where _sidebar_here)."""
    walk = Walk(state, page)
    walk.restart()
    mine = (lambda act: True) if _sidebar_here(state, page) else (lambda act: not act.control.startswith(SIDEBAR))
    queue = [(act,) for act in actions(walk.at) if mine(act)]
    seen, done, errors = {p[0].control for p in queue}, set(), []
    while queue:
        path = queue.pop(0)
        error = walk.run(path)
        if error:
            errors.append(error)
        elif error is None:
            done.add(path[-1].control)
            new = [act for act in actions(walk.at) if act.control not in seen and mine(act)] if len(path) == 1 else []
            seen |= {act.control for act in new}
            queue += [path + (act,) for act in new]
    return done, errors


def pytest_generate_tests(metafunc):
    states = list(STATES) if metafunc.config.getoption("every_state") else REPRESENTATIVE
    metafunc.parametrize("state", states)


@pytest.mark.parametrize("page", PAGES)
def test_every_control_works(page, state):
    done, errors = sweep(state, page)
    assert not errors, f"{page} page, {state}:\n" + "\n".join(errors)
    # without the sidebar a page may have nothing of its own to change (the Trace page of a preset not stepped)
    least = AT_LEAST[page] if _sidebar_here(state, page) else max(0, AT_LEAST[page] - SIDEBAR_CONTROLS)
    assert len(done) >= least, f"{page} page, {state}: only {sorted(done)}"
    if _sidebar_here(state, page):
        assert len({c for c in done if c.startswith(SIDEBAR)}) == SIDEBAR_CONTROLS, sorted(done)
