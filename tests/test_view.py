"""What the Step page may show: before a step starts, the sample it will use is already shown."""
import numpy as np

from engine.teach.screen.view import current
from engine.text.numformat import rounded
from tests.helpers import random_scenario, stepper
from viz.element import payload


def shuffled(m, batch):
    return stepper(random_scenario([2, 3, 2], "tanh", "squared_error", "linear", m=m, seed=2, batch=batch,
                                   shuffle_seed=5))


def test_before_the_first_sub_step_the_upcoming_sample_is_shown():
    st = shuffled(6, "sample")
    before = current(st)
    st.sub_step()
    rec = st.pending
    assert before.phase == ("start", None) and before.m == 1
    assert before.sample == int(rec.samples[0]) and before.sample != 0  # shuffled: not simply row 0
    assert np.array_equal(before.x, rec.X[:, 0]) and np.array_equal(before.y, rec.Y[:, 0])
    assert np.array_equal(before.a[0], rec.X[:, 0]) and before.z == [None, None]


def test_a_mini_batch_shows_the_chosen_sample_of_the_batch_it_will_use():
    st = shuffled(7, 3)
    before = current(st, column=2)
    st.sub_step()
    assert before.m == 3 and before.sample == int(st.pending.samples[2])
    assert np.array_equal(before.x, st.pending.X[:, 2])


def test_input_neurons_show_their_values_from_the_start():
    st = shuffled(6, "sample")
    text = {n[0]: n[5] for n in payload(current(st))["nodes"]}  # what each circle shows
    st.sub_step()
    x = st.pending.X[:, 0]
    assert [text["n0_0"], text["n0_1"]] == [rounded(x[0], 3), rounded(x[1], 3)]  # the figure's default digits
    assert text["n1_0"] is None  # nothing of layer 1 is computed yet


def test_the_reveal_order_names_each_sub_step_once_and_finds_it_again():
    from engine.core.stepping import reveal
    for L in (1, 2, 4):
        phases = [reveal.phase(c, L) for c in range(2 * L + 3)]
        assert phases[0] == reveal.START and phases[-1] == ("update", None) and len(set(phases)) == len(phases)
        assert [reveal.cursor_of(p, L) for p in phases] == list(range(2 * L + 3))
        assert [p for p in phases if p[0] == "backward"] == [("backward", l) for l in range(L, 0, -1)]
