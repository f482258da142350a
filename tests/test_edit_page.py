"""Edit and see on the Step page (AppTest): the edit applies to the step on screen, the moved values
are listed and marked in the figure, and undo restores the exact previous state."""
import copy
import re

import numpy as np
import pytest

from engine import Stepper
from tests.apptest import button, element_of, fresh, markdown_with, mazur, seed_edit
from ui.session import keys

MAZUR_DELTA_H1 = 0.000438568 / 0.05  # his published dE/dw1 = delta_h1 * i1 (to 2e-8)
MAZUR_E_TOTAL = 0.298371109


def listed(at) -> dict:
    """name -> (before, after) exact values of the change list."""
    text = markdown_with(at, "on screen (before → after)")
    cell = r'<span title="([^"]+)">[^<]+</span>'
    return {name: (float(a), float(b)) for name, a, b in re.findall(rf"\| \$(.+?)\$ \| {cell} \| {cell} \|", text)}


def comparing_shown(at) -> bool:
    at.switch_page("pages/presets.py").run()
    shown = any("Published vs computed" in s.value for s in at.header)
    at.switch_page("pages/step.py").run()
    return shown


def test_an_edit_after_a_step_starts_from_what_was_on_screen_and_undo_brings_it_back():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    old, title = at.session_state[keys.STEPPER], at.session_state[keys.SCENARIO]["title"]
    assert comparing_shown(at)
    seed_edit(at, "step_edit_W2", {"k = 0": 0.45})  # his w5: 0.40 -> 0.45
    button(at, "step_edit_apply").click().run()
    assert not at.exception
    new = at.session_state[keys.STEPPER]
    assert new is not old and len(new.records) == 1 and new.records[0].W_before[1][0, 0] == 0.45
    moved = listed(at)
    assert moved[r"\delta^{[1]}_{0}"][0] == pytest.approx(MAZUR_DELTA_H1, abs=2e-8)
    assert moved[r"\ell"][0] == pytest.approx(MAZUR_E_TOTAL, abs=1e-9)
    assert moved[r"\ell"][1] == new.records[0].loss[0]
    marked = set(element_of(at)["edited"])
    assert {"n2_0", "n1_0"} <= marked and "n0_0" not in marked  # x did not move
    assert not comparing_shown(at)  # the edited network is no longer Mazur's
    button(at, "step_edit_undo").click().run()
    assert at.session_state[keys.STEPPER] is old and len(old.records) == 1
    assert at.session_state[keys.SCENARIO]["title"] == title and comparing_shown(at)
    assert element_of(at)["edited"] == []


def test_a_refused_edit_says_why_and_changes_nothing():
    at = fresh("step")
    old = at.session_state[keys.STEPPER]
    seed_edit(at, "step_edit_x", {"x_0": 1e308 * 10})
    button(at, "step_edit_apply").click().run()
    assert at.session_state[keys.STEPPER] is old and at.error and "Not applied" in at.error[0].value


def snapshot(at) -> dict:
    """Copies of everything an undo must bring back: parameters, step history, cursor, scenario,
    selection, training log and the shared link."""
    s = at.session_state[keys.STEPPER]
    steps = [(r.index, r.J, tuple(r.samples), [w.copy() for w in r.W_after], [v.copy() for v in r.b_after])
             for r in s.records]
    return {"stepper": s, "W": [w.copy() for w in s.W], "b": [v.copy() for v in s.b], "steps": steps,
            "cursor": s.cursor, "scenario": copy.deepcopy(at.session_state[keys.SCENARIO]),
            "selection": at.session_state[keys.SELECTION], "log": list(at.session_state[keys.TRAIN_LOG]),
            "query": copy.deepcopy(dict(at.query_params))}


def same(a, b) -> bool:
    """Exactly equal snapshots: arrays bit for bit, the step machine the very same object."""
    def eq(x, y):
        if isinstance(x, np.ndarray):
            return x.shape == y.shape and np.array_equal(x, y)
        if isinstance(x, (list, tuple)):
            return len(x) == len(y) and all(eq(p, q) for p, q in zip(x, y))
        return x is y if isinstance(x, Stepper) else x == y
    return a.keys() == b.keys() and all(eq(a[k], b[k]) for k in a)


def test_undo_of_an_edit_on_mazurs_step_restores_the_exact_previous_network():
    """The path a teacher took: Mazur, Whole step, W[2] (j=0, k=0) to 0.8, apply, undo."""
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    before = snapshot(at)
    seed_edit(at, "step_edit_W2", {"k = 0": 0.8})
    button(at, "step_edit_apply").click().run()
    assert not at.exception and at.session_state[keys.STEPPER].records[0].W_before[1][0, 0] == 0.8
    assert not same(snapshot(at), before)
    button(at, "step_edit_undo").click().run()
    assert not at.exception, at.exception
    assert same(snapshot(at), before)
    assert "step_edit_undo" not in {b.key for b in at.button}  # nothing left to undo


def test_the_edit_tables_layer_box_draws_without_streamlits_double_value_warning(monkeypatch):
    """The server log said step_edit_layer "was created with a default value but also had its value set via
    the Session State API" after every edit: the box is drawn from its key alone."""
    from streamlit.elements.lib import policies
    warned = []
    monkeypatch.setattr(policies.runtime, "exists", lambda: True)  # AppTest runs bare; the check needs a runtime
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies._LOGGER, "warning", lambda msg, key, **kw: warned.append(key))
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    seed_edit(at, "step_edit_W2", {"k = 0": 0.45})
    button(at, "step_edit_apply").click().run()  # the edit keeps the open table's layer (its key set)
    button(at, "step_edit_undo").click().run()
    assert not at.exception and at.selectbox(key="step_edit_layer").value == 2
    assert "step_edit_layer" not in warned, warned
