"""Edit and see: an edit applies to the step on screen, recomputes exactly what a fresh run from the
edited parameters gives, lists only what is on screen, replays, and refuses bad values."""
import numpy as np
import pytest

from engine import EngineError

from engine.files import formats

from engine.teach.screen import edit
from engine.teach.screen.view import current
from engine.teach.textbook import presets
from tests.helpers import MAZUR, random_scenario, stepper

# Mazur's published numbers for his first step (x = (0.05, 0.10), targets (0.01, 0.99))
MAZUR_E_TOTAL = 0.298371109  # E_total before the update
MAZUR_DELTA_H1 = 0.000438568 / 0.05  # his dE/dw1 = delta_h1 * i1, printed to 1e-9, so known to 2e-8


def by_key(found):
    return {(c.quantity, c.layer, c.index): c for c in found}


def test_after_a_whole_step_the_edit_starts_from_the_step_on_screen():
    st = stepper(presets.get("mazur").scenario())
    st.step()
    W = [w.copy() for w in st.records[-1].W_before]
    W[1][0, 0] = 0.45  # his w5, 0.40 when the step started
    done = edit.edit(st, W=W)
    moved = by_key(done.changes)
    assert moved[("delta", 1, (0,))].before == pytest.approx(MAZUR_DELTA_H1, abs=2e-8)  # not the updated weights'
    assert moved[("loss", None, ())].before == pytest.approx(MAZUR_E_TOTAL, abs=1e-9)
    new = done.stepper
    assert len(new.records) == 1 and new.pending is None  # shown at the same sub-step: after the update
    assert new.records[0].W_before[1][0, 0] == 0.45 and new.records[0].W_before[0][0, 0] == 0.15
    assert "title" not in done.source and "init" not in done.source  # no longer the preset
    assert len(st.records) == 1 and st.records[0].W_before[1][0, 0] == 0.40  # the old machine is untouched


def by_hand(W, b, x, y):
    """tanh hidden layer, linear output, squared error: one sample's values, independently of the engine."""
    z1 = W[0] @ x + b[0]
    a1 = np.tanh(z1)
    z2 = W[1] @ a1 + b[1]
    d2 = z2 - y
    d1 = (W[1].T @ d2) * (1 - a1 ** 2)
    return {"z1": z1, "a1": a1, "z2": z2, "d2": d2, "d1": d1, "dW1": np.outer(d1, x), "loss": 0.5 * d2 @ d2}


def test_an_edit_mid_step_recomputes_what_a_fresh_run_gives_and_replays():
    st = stepper(random_scenario([2, 3, 1], "tanh", "squared_error", "linear", m=5, seed=3))
    st.run(2)
    for _ in range(2 * st.L + 1):  # forward, loss and backward revealed; the update not yet
        st.sub_step()
    rec = st.pending
    W = [w.copy() for w in rec.W_before]
    W[0][1, 0] -= 0.3
    done = edit.edit(st, W=W)
    new, want = done.stepper, by_hand(W, rec.b_before, rec.X[:, 0], rec.Y[:, 0])
    got = new.pending
    assert new.cursor == st.cursor and not new.records
    assert np.array_equal(got.X, rec.X) and np.array_equal(got.Y, rec.Y)  # the same sample, renumbered first
    assert np.allclose(got.z[0][:, 0], want["z1"], rtol=1e-13) and np.allclose(got.a[2][:, 0], want["z2"], rtol=1e-13)
    assert np.allclose(got.delta[0][:, 0], want["d1"], rtol=1e-12) and np.allclose(got.dW[0], want["dW1"], rtol=1e-12)
    assert by_key(done.changes)[("loss", None, ())].after == pytest.approx(want["loss"], rel=1e-12)
    new.run(3)  # the edited network steps on and its trace replays bit for bit
    replayed = formats.read_trace(formats.dumps(formats.trace_dict(new)).encode())
    assert all(np.array_equal(a, b) for a, b in zip(replayed.W, new.W))


def test_only_values_on_screen_are_listed():
    st = stepper(MAZUR)
    st.sub_step()  # forward through layer 1 only
    W = [w.copy() for w in st.W]
    W[0][0, 1] = 0.3  # w2 into h1
    W[1][1, 1] = 0.9  # w8 into o2: layer 2 is not computed yet
    found = by_key(edit.edit(st, W=W).changes)
    assert set(found) == {("W", 1, (0, 1)), ("W", 2, (1, 1)), ("z", 1, (0,)), ("a", 1, (0,))}
    assert found[("z", 1, (0,))].before == pytest.approx(0.3775, abs=1e-12)  # Mazur's net_h1
    assert found[("z", 1, (0,))].after == pytest.approx(0.15 * 0.05 + 0.3 * 0.10 + 0.35, abs=1e-12)


def test_before_any_step_an_edit_changes_the_parameters_and_the_sample_only():
    st = stepper(MAZUR)
    done = edit.edit(st, x=[0.5, 0.10])
    assert set(by_key(done.changes)) == {("x", 0, (0,))} and done.stepper.pending is None
    assert done.source["X"] == [[0.5, 0.10]] and current(done.stepper).x.tolist() == [0.5, 0.10]


def test_an_input_edit_changes_the_shown_row_of_explicit_data_and_nothing_else():
    src = random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid", m=8, seed=4, test_fraction=0.25,
                          standardize=True, batch=2)
    st = stepper(src)
    st.sub_step()
    rec = st.pending
    done = edit.edit(st, column=1, x=[3.0, -1.0], y=[0.2, 0.4])
    sc, new = st.sc, done.stepper.sc
    s = int(rec.samples[1])
    assert new.X[:, s].tolist() == [3.0, -1.0] and new.Y[:, s].tolist() == [0.2, 0.4]
    others = [i for i in range(sc.X.shape[1]) if i != s]
    assert np.array_equal(new.X[:, others], sc.X[:, others]) and np.array_equal(new.Y[:, others], sc.Y[:, others])
    assert np.array_equal(new.X_test, sc.X_test) and np.array_equal(new.Y_test, sc.Y_test)
    assert "standardize" not in done.source  # the rows written out are the standardised values
    assert np.array_equal(done.stepper.pending.X[:, 1], [3.0, -1.0])  # the step on screen uses the edit


def test_a_later_step_of_generated_data_is_written_out_so_the_edited_network_starts_with_it():
    src = {**random_scenario([2, 3, 2], "tanh", "squared_error", "linear"), "dataset": {"name": "circle", "seed": 0},
           "test_fraction": 0.2, "standardize": True}
    del src["X"], src["Y"]
    st = stepper(src)
    st.run(7)
    st.sub_step()
    rec, x = st.pending, [0.25, -0.5]
    done = edit.edit(st, x=x)
    assert "dataset" not in done.source and "standardize" not in done.source
    new = done.stepper.sc
    assert np.array_equal(new.X_test, st.sc.X_test)  # the held-out part is untouched
    assert sorted(map(tuple, new.X.T)) == sorted(map(tuple, np.column_stack(  # the same rows but the edited one
        [x if i == rec.samples[0] else st.sc.X[:, i] for i in range(st.sc.X.shape[1])]).T))
    assert done.stepper.pending.X[:, 0].tolist() == x and np.array_equal(done.stepper.pending.Y, rec.Y)
    done.stepper.step()
    replayed = formats.read_trace(formats.dumps(formats.trace_dict(done.stepper)).encode())
    assert all(np.array_equal(a, b) for a, b in zip(replayed.W, done.stepper.W))


def test_a_bad_edit_is_refused_and_changes_nothing():
    st = stepper(MAZUR)
    st.step()
    W = [w.copy() for w in st.W]
    W[0][0, 0] = np.nan
    with pytest.raises(EngineError):
        edit.edit(st, W=W)
    with pytest.raises(EngineError):
        edit.edit(st, x=[1.0, 2.0, 3.0])  # three inputs for two input neurons
    assert st.records[0].W_before[0][0, 0] == 0.15 and len(st.records) == 1
