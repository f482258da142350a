"""The step machine: sub-steps, batches, stepping back, sample order, memory budget, NaN guard."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as hs

from engine.core.maths.backprop import backward, cost, forward, gradients, update
from engine.core.scenarios import scenario
from engine.core.stepping import stepper as stepper_module
from engine.core.stepping.stepper import Stepper, compute_step
from engine.text.errors import NonFiniteError
from tests.helpers import HIDDEN, PAIRS, random_scenario, stepper


def state(st):
    return [w.copy() for w in st.W] + [v.copy() for v in st.b]


def same(x, y):
    return len(x) == len(y) and all(np.array_equal(p, q) for p, q in zip(x, y))


def test_sub_steps_reveal_forward_loss_backward_update_in_order():
    st = stepper(random_scenario([2, 3, 3, 2], "tanh", "squared_error", "sigmoid"))
    seen = []
    for _ in range(st.n_sub):
        st.sub_step()
        seen.append(st.phase())
    assert seen == [("forward", 1), ("forward", 2), ("forward", 3), ("loss", None),
                    ("backward", 3), ("backward", 2), ("backward", 1), ("update", None)]
    assert len(st.records) == 1 and st.pending is None


@pytest.mark.parametrize("k", [2, 5])
def test_a_batch_step_equals_its_samples_stepped_one_by_one(k):
    src = random_scenario([3, 4, 2], "sigmoid", "softmax_cross_entropy", "softmax", lam=0.3, m=5, seed=7)
    sc = scenario.parse(src)
    st = Stepper(sc)
    st.set_batch(k)
    st.step()
    rec = st.records[0]
    dW_sum = [np.zeros_like(w) for w in sc.W]
    for col, i in enumerate(rec.samples):
        x, y = sc.X[:, [i]], sc.Y[:, [i]]
        z, a = forward(sc.net, sc.W, sc.b, x)
        delta, dW, _ = backward(sc.net, sc.W, z, a, y)
        for l in range(sc.net.L):
            np.testing.assert_allclose(rec.z[l][:, col], z[l][:, 0], rtol=0, atol=1e-12)
            np.testing.assert_allclose(rec.delta[l][:, col], delta[l][:, 0], rtol=0, atol=1e-12)
            dW_sum[l] += dW[l] - (sc.net.lam / 1) * sc.W[l]  # the per-sample data term only
    for l in range(sc.net.L):
        expect = dW_sum[l] / len(rec.samples) + (sc.net.lam / len(rec.samples)) * sc.W[l]
        np.testing.assert_allclose(rec.dW[l], expect, rtol=0, atol=1e-12)


def test_samples_are_visited_in_a_seeded_shuffle_each_epoch_once():
    src = random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=6, shuffle_seed=3)
    st = stepper(src)
    st.run(12)
    order = [int(r.samples[0]) for r in st.records]
    assert sorted(order[:6]) == list(range(6)) and sorted(order[6:]) == list(range(6))
    assert order[:6] != order[6:] and order[:6] != list(range(6))
    again = stepper(src)
    again.run(12)
    assert order == [int(r.samples[0]) for r in again.records]
    unshuffled = stepper({**src, "shuffle": False})
    unshuffled.run(6)
    assert [int(r.samples[0]) for r in unshuffled.records] == list(range(6))


def test_mini_batches_never_span_two_epochs():
    st = stepper(random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=5, batch=2))
    st.run(4)
    assert [len(r.samples) for r in st.records] == [2, 2, 1, 2]
    full = stepper(random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=5, batch="full"))
    full.run(2)
    assert [list(r.samples) for r in full.records] == [list(range(5))] * 2


def test_stepping_back_restores_every_earlier_state_exactly():
    st = stepper(random_scenario([2, 3, 2], "sigmoid", "cross_entropy", "sigmoid", m=4, lam=0.1))
    history = [state(st)]
    for _ in range(5):
        st.step()
        history.append(state(st))
    for sub in range(st.n_sub):
        st.sub_step()
    for s in range(6, 0, -1):
        for c in range(st.n_sub - 1, -1, -1):
            st.back()
            assert len(st.records) == s - 1 and st.cursor == c
            assert same(state(st), history[s - 1])
    assert not st.records and st.pending is None


def test_goto_then_forward_again_gives_the_same_bits():
    src = random_scenario([2, 4, 3], "relu", "softmax_cross_entropy", "softmax", m=5, batch=2)
    a = stepper(src)
    a.run(7)
    b = stepper(src)
    b.run(7)
    b.goto(2, 3)
    assert b.phase() == ("loss", None) and len(b.records) == 2
    b.run(5)
    assert same(state(a), state(b))


def test_memory_budget_summarises_the_oldest_and_replays_them_exactly():
    src = random_scenario([3, 8, 8, 2], "tanh", "squared_error", "linear", m=10)
    small = stepper(src, budget=30_000)
    big = stepper(src)
    for s in range(40):
        small.step(), big.step()
        assert small.used <= 30_000  # a full record of this network holds about 6.5 kB
    assert not small.records[0].full and small.records[-1].full and small.records.n_full > 1
    assert all(r.full for r in big.records)
    assert [r.J for r in small.records] == [r.J for r in big.records]
    assert [r.grad_norms for r in small.records] == [r.grad_norms for r in big.records]
    assert [r.samples.tolist() for r in small.records] == [r.samples.tolist() for r in big.records]
    small.goto(10, 0)
    big.goto(10, 0)
    assert same(state(small), state(big))


@pytest.mark.slow  # ten thousand steps
def test_ten_thousand_steps_hold_a_bounded_number_of_full_records():
    # the budget counts the summaries too: 10,000 of them take 16,384 rows of 40 bytes
    st = stepper(random_scenario([4, 16, 3], "tanh", "squared_error", "linear", m=50), budget=1_000_000)
    st.run(10_000)
    full = sum(r.full for r in st.records)
    assert 10 < full < 200 and st.used <= 1_000_000


def test_constant_initialisation_keeps_hidden_units_identical_forever():
    src = random_scenario([2, 4, 4, 2], "sigmoid", "squared_error", "sigmoid", m=6, lr=0.8)
    src.pop("b")
    src["init"] = {"scheme": "constant", "value": 0.3}
    st = stepper(src)
    st.run(200)
    for l in range(2):  # the two hidden layers: every unit has the same incoming weights
        assert np.all(st.W[l] == st.W[l][0]), st.W[l]
    assert not np.allclose(st.W[0], 0.3)  # they did move, together


def test_a_step_that_goes_non_finite_is_refused_and_the_last_good_state_kept():
    src = random_scenario([2, 3, 1], "relu", "squared_error", "linear", m=4, lr=1e6)
    st = stepper(src)
    with pytest.raises(NonFiniteError) as err:
        for _ in range(50):
            st.step()
    good = len(st.records)
    assert err.value.step == good and st.pending is None
    assert str(err.value).startswith(f"step {good + 1}: ")  # counted from 1, as the pages and exports do
    assert all(np.all(np.isfinite(w)) for w in st.W)
    assert "NaN or infinite" in str(err.value) and err.value.quantity in ("z", "a", "loss", "delta", "dW", "db", "W", "b")


def test_a_cost_that_overflows_through_the_l2_term_is_refused_as_j():
    # x = 0: z = b and the loss are finite, but lambda/(2m) ||W||^2 = 0.25 * 2e400 is not
    src = random_scenario([2, 2], "tanh", "squared_error", "linear", m=1, lam=0.5)
    src.update(W=[[[1e200, 1e200], [0.0, 0.0]]], X=[[0.0, 0.0]])
    del src["init"]
    st = stepper(src)
    with pytest.raises(NonFiniteError) as err:
        st.step()
    assert (err.value.quantity, err.value.layer, err.value.step) == ("J", None, 0)
    assert not st.records and st.pending is None


def test_stepping_back_through_summaries_is_exact_and_does_not_replay_from_the_start_each_time(monkeypatch):
    src = random_scenario([2, 3, 2], "tanh", "squared_error", "linear", m=30)
    ref = stepper(src)
    history = [state(ref)]
    for _ in range(400):
        ref.step()
        history.append(state(ref))
    st = stepper(src, budget=60_000)  # about nine full records
    st.run(400)
    calls = []
    monkeypatch.setattr(stepper_module, "compute_step", lambda *a, **k: calls.append(1) or compute_step(*a, **k))
    for s in range(399, 199, -1):
        st.goto(s)
        assert same(state(st), history[s]) and st.used <= 60_000
    # replaying from step 0 on every way back past the kept records took 6,080 steps here
    assert len(calls) < 1500, len(calls)


def test_any_walk_back_and_forth_lands_on_the_exact_states():
    src = random_scenario([2, 3, 2], "sigmoid", "cross_entropy", "sigmoid", m=7, batch=3, lam=0.2)
    ref = stepper(src)
    history = [state(ref)]
    for _ in range(120):
        ref.step()
        history.append(state(ref))
    st = stepper(src, budget=20_000)
    rng = np.random.default_rng(0)
    for _ in range(40):
        if rng.random() < 0.5:
            st.goto(int(rng.integers(0, len(st.records) + 1)))
        else:
            st.run(int(rng.integers(0, min(30, 120 - len(st.records)) + 1)))
        assert same(state(st), history[len(st.records)]) and st.used <= 20_000


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "linear"])
def test_a_recorded_step_holds_the_bits_of_forward_cost_backward_and_update(hidden):
    src = random_scenario([3, 5, 4, 2], hidden, "squared_error", "sigmoid", m=6, lam=0.2, batch=4)
    st = stepper(src)
    st.step()
    rec, sc = st.records[0], st.sc
    X, Y = sc.X[:, rec.samples], sc.Y[:, rec.samples]
    z, a = forward(sc.net, sc.W, sc.b, X)
    delta, dW, db = backward(sc.net, sc.W, z, a, Y)
    W_new, b_new, _ = update(sc.W, sc.b, dW, db, sc.lr)
    loss, J = cost(sc.net, sc.W, z, a, Y)
    assert same(rec.z + rec.a + rec.delta + rec.dW + rec.db + rec.W_after + rec.b_after + [rec.loss],
                z + a + delta + dW + db + W_new + b_new + [loss])
    assert rec.J == J and same([rec.X, rec.Y], [X, Y])
    # the gathered batch keeps the layout of fancy indexing: W @ X and d @ X.T round alike
    assert rec.X.flags.f_contiguous and rec.Y.flags.f_contiguous


def test_a_step_whose_squares_overflow_is_finite_and_taken():
    # z = 1e160 is finite, its square is not: the one-sum check says "maybe", the full look clears it
    src = random_scenario([1, 1, 1], "sigmoid", "squared_error", "sigmoid", m=1)
    src.update(W=[[[1.0]], [[1.0]]], b=[[0.0], [0.0]], X=[[1e160]], Y=[[0.5]])
    del src["init"]
    st = stepper(src)
    st.step()
    rec = st.records[0]
    assert rec.z[0][0, 0] == 1e160 and rec.a[1][0, 0] == 1.0
    assert all(np.all(np.isfinite(v)) for v in rec.z + rec.a + rec.delta + rec.dW + rec.W_after + rec.b_after)


QUANTITIES = ("z", "a", "delta", "dW", "db", "W_after", "b_after")


def _plain(sc, W, b, samples):
    """The quantities of one step by the plain pass (no checks), by the names errors use."""
    X, Y = sc.X[:, samples], sc.Y[:, samples]
    with np.errstate(all="ignore"):
        z, a, loss, J, delta, dW, db = gradients(sc.net, W, b, X, Y, sc.lr, sc.update_order)
        W_new, b_new, _ = update(W, b, dW, db, sc.lr, sc.freeze_biases)
        norms = [np.linalg.norm(g) for g in dW]
    return {"z": z, "a": a[1:], "loss": [loss], "J": [J], "delta": delta, "dW": dW, "db": db, "W": W_new,
            "b": b_new, "||dW||": norms}


@settings(max_examples=60, deadline=None)
@given(pair=hs.sampled_from(PAIRS), hidden=hs.sampled_from(HIDDEN), lr=hs.floats(1.0, 1e6),
       scale=hs.floats(0.0, 300.0), freeze=hs.booleans(), seed=hs.integers(0, 10))
def test_no_non_finite_value_is_ever_committed_and_a_refusal_names_a_real_one(pair, hidden, lr, scale, freeze, seed):
    loss, out = pair
    src = random_scenario([2, 4, 3], hidden, loss, out, m=5, seed=seed, lr=lr, batch=2, freeze_biases=freeze)
    src["b"] = [[scale] * 4, [scale] * 3]
    st = stepper(src)
    try:
        st.run(25)
    except NonFiniteError as err:
        samples, _ = st.next_samples(st.pos)
        named = _plain(st.sc, st.W, st.b, samples)[err.quantity][(err.layer or 1) - 1]
        assert not np.all(np.isfinite(named)), (err.quantity, err.layer)
    for rec in st.records:
        assert all(np.all(np.isfinite(v)) for q in QUANTITIES for v in getattr(rec, q))
        assert np.all(np.isfinite(rec.loss)) and np.isfinite(rec.J) and np.all(np.isfinite(rec.grad_norms))


def test_an_update_that_overflows_w_is_caught_and_named():
    # sigmoid + cross-entropy keeps |a - y| < 1, so dW = (a - y) x ~ 1e308 is finite, and lr dW is not
    src = random_scenario([1, 1], "sigmoid", "cross_entropy", "sigmoid", m=1, lr=1e6)
    src.update(W=[[[1e-310]]], b=[[0.0]], X=[[1e308]], Y=[[0.0]])
    del src["init"]
    st = stepper(src)
    with pytest.raises(NonFiniteError) as caught:
        st.step()
    assert (caught.value.quantity, caught.value.layer) == ("W", 1) and not st.records


def test_evaluating_parameters_that_overflow_on_other_samples_warns_nothing(recwarn):
    st = stepper(random_scenario([2, 2], "tanh", "squared_error", "linear", m=1, lr=0.0))
    st.W = [np.full((2, 2), 1e308)]
    loss, _ = st.evaluate(np.full((2, 1), 10.0), np.zeros((2, 1)))
    assert not np.isfinite(loss) and not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
