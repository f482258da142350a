"""The memory budget holds for real memory (tracemalloc), and summaries stay small whatever the batch."""
import gc
import json
import tracemalloc

import numpy as np
import pytest

from engine.files import formats
from tests.helpers import random_scenario, stepper

pytestmark = pytest.mark.slow  # thousands of steps under tracemalloc: the slowest file of the suite


def traced_growth(st, steps) -> int:
    """Bytes still allocated after `steps` steps, beyond what the stepper held before them."""
    st.step()  # the epoch order and first-call caches exist before the count starts
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        st.run(steps)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_many_steps_under_a_small_budget_hold_no_more_than_the_budget():
    # the app's default shape; counting only array payloads let 20,000 steps under 8 MB hold ~90 MB
    budget = 200_000
    st = stepper(random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid", m=200), budget=budget)
    grown = traced_growth(st, 2000)
    assert st.records.n_summarised > 1900 and st.records.n_full > 20
    assert st.used <= budget
    assert grown <= budget * 1.05, grown


@pytest.mark.parametrize("optimizer", [None, {"name": "adam"}, {"name": "momentum"}])
def test_the_count_matches_tracemalloc_within_a_few_percent(optimizer):
    extra = {"optimizer": optimizer, "freeze_biases": True} if optimizer else {}  # frozen: b's state is shared
    st = stepper(random_scenario([3, 5, 4, 2], "tanh", "softmax_cross_entropy", "softmax", m=40, batch=4, **extra),
                 budget=10**9)
    grown = traced_growth(st, 300)
    assert st.records.n_summarised == 0
    assert abs(grown - st.used) <= 0.05 * st.used, (grown, st.used)


def test_a_record_does_not_keep_the_epoch_order_alive():
    st = stepper(random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=50, batch=3))
    st.run(2)
    order = st.stream.order(0)
    assert not any(np.shares_memory(r.samples, order) for r in st.records)
    assert not np.shares_memory(st.next_samples(st.pos)[0], order)


def test_full_batch_summaries_keep_no_index_list_in_memory_or_in_the_trace():
    m = 10_000
    src = random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=m, batch="full")
    st = stepper(src, budget=1)
    st.run(3)
    grown = traced_growth(st, 100)
    assert st.records.n_summarised == 103  # all but the newest
    # the newest record holds every value of 10,000 samples; an index list would be 80 kB a summary
    assert grown < 1.2 * st.records[-1].nbytes + 100 * 100, grown
    assert st.records[5].samples.tolist() == list(range(m))  # recomputed, not stored
    trace = formats.trace_dict(st)
    summary = trace["steps"][5]
    assert summary == {"index": 5, "full": False, "J": st.records[5].J, "grad_norms": list(st.records[5].grad_norms),
                       "stream_pos": 5 * m, "n_samples": m}
    assert len(json.dumps(summary)) < 200
    assert formats.dumps(formats.trace_dict(formats.read_trace(formats.dumps(trace).encode(), budget=1))) == formats.dumps(trace)


def test_summarised_mini_batches_give_back_their_samples_exactly():
    src = random_scenario([2, 2, 1], "tanh", "squared_error", "linear", m=7, batch=3, shuffle_seed=5)
    small, big = stepper(src, budget=1), stepper(src)
    small.run(12), big.run(12)
    assert small.records.n_summarised == 11
    assert [r.samples.tolist() for r in small.records] == [r.samples.tolist() for r in big.records]
    assert [len(r.samples) for r in small.records][:3] == [3, 3, 1]  # a batch never spans two epochs
