"""Edit and see: an edit recomputes exactly what a fresh run from the edited parameters gives."""
import numpy as np
import pytest

from engine import EngineError, edit, scenario
from engine.stepper import Stepper
from tests.helpers import MAZUR, random_scenario, stepper


def fresh_step(src, samples):
    st = Stepper(scenario.parse(src))
    st._start(np.asarray(samples))
    st.step()
    return st.records[0]


def test_edited_weight_equals_a_fresh_run_and_lists_only_downstream_changes():
    st = stepper(MAZUR)
    st.run(2)
    W = [w.copy() for w in st.W]
    W[1][0, 1] += 0.25  # w6: from hidden h2 to output o1
    src, after, found = edit.edit(st, [0], W=W)
    ref = fresh_step(src, [0])
    for mine, theirs in zip(after.z + after.delta + after.dW, ref.z + ref.delta + ref.dW):
        assert np.array_equal(mine, theirs)
    moved = {(c.quantity, c.layer, c.index) for c in found}
    assert ("z", 2, (0,)) in moved and ("a", 2, (0,)) in moved and ("loss", 0, ()) in moved
    assert not any(q in ("z", "a") and l == 1 for q, l, _ in moved)  # upstream of the edit: untouched
    assert ("z", 2, (1,)) not in moved  # o2 does not read w6


def test_edited_input_moves_everything_forward():
    st = stepper(MAZUR)
    src, after, found = edit.edit(st, [0], x=[0.5, 0.10])
    assert src["X"] == [[0.5, 0.10]]
    assert {c.quantity for c in found} >= {"z", "a", "delta", "dW", "loss"}
    before = {(c.quantity, c.layer, c.index): c.before for c in found}
    assert before[("z", 1, (0,))] == pytest.approx(0.3775, abs=1e-12)  # Mazur's net_h1 before


def test_bad_edit_is_refused_and_changes_nothing():
    st = stepper(MAZUR)
    W = [w.copy() for w in st.W]
    W[0][0, 0] = np.nan
    with pytest.raises(EngineError):
        edit.edit(st, [0], W=W)
    batch = stepper(random_scenario([2, 3, 1], "tanh", "squared_error", "linear", m=4))
    with pytest.raises(EngineError):
        edit.edit(batch, [0], x=[1.0, 2.0])
    assert st.W[0][0, 0] == 0.15
