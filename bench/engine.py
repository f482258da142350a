"""Engine timing and memory, no browser: one step per network, a vectorised mini-batch against the
same samples one at a time, and the memory of 10,000 steps under the default and a small budget.

    python bench/engine.py [--quick]

Everything compared is measured in alternating rounds of the same run, so the load of a shared
machine hits both sides of a ratio. Prints tables and exits 0: it is a report, not a test.
"""
import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
if Path(sys.path[0]).resolve() == HERE:  # this file is named like the package it measures:
    sys.path[0] = str(HERE.parent)  # import the package, not this file

from engine.stepper import DEFAULT_BUDGET, Stepper  # noqa: E402
from tests.helpers import random_scenario, stepper  # noqa: E402
from ui.config import DEFAULT  # noqa: E402

NETWORKS = [  # (shown name, layer sizes); the default is the Build page's own scenario
    ("default 2-3-2", None), ("64-128-64-10", [64, 128, 64, 10]), ("784-128-64-10", [784, 128, 64, 10])]
SMALL_BUDGET = 8 * 2**20  # bytes: the per-session budget the app uses (ui/state.py BUDGET)
MB = 2**20


def make(layers, m=1, batch="sample", budget=DEFAULT_BUDGET) -> Stepper:
    if layers is None:
        return stepper(DEFAULT, budget=budget)
    src = random_scenario(layers, "sigmoid", "squared_error", "sigmoid", m=m, lr=0.5, batch=batch)
    return stepper(src, budget=budget)


def per_step_ms(st: Stepper, steps: int) -> float:
    t = time.perf_counter()
    st.run(steps)
    return (time.perf_counter() - t) * 1000 / steps


def step_times(rounds, steps):
    """Median ms of one single-sample step per network, the networks taking turns each round."""
    steppers = {name: make(layers) for name, layers in NETWORKS}
    times = {name: [] for name in steppers}
    for _ in range(rounds):
        for name, st in steppers.items():
            st.reset()  # records would otherwise pile up to the budget and time its summarising
            times[name].append(per_step_ms(st, steps))
    print(f"One whole step, one sample (median of {rounds} rounds of {steps} steps)\n")
    base = statistics.median(times[NETWORKS[0][0]])
    print(f"{'network':<16} {'ms/step':>8} {'x default':>10}")
    for name, ts in times.items():
        print(f"{name:<16} {statistics.median(ts):8.3f} {statistics.median(ts) / base:10.1f}")


def batch_vs_single(rounds, m=32):
    """A mini-batch of m samples in one vectorised step against the same m samples as m steps."""
    print(f"\nA mini-batch of {m}: one vectorised step against {m} single-sample steps "
          f"(median of {rounds} alternating rounds)\n")
    print(f"{'network':<16} {'batch ms':>9} {f'{m} singles ms':>14} {'ratio':>7}")
    for name, layers in NETWORKS[1:]:
        together, alone = make(layers, m, batch=m), make(layers, m)
        t_batch, t_single = [], []
        for _ in range(rounds):
            together.reset()
            alone.reset()
            t_batch.append(per_step_ms(together, 1))
            t_single.append(per_step_ms(alone, m) * m)
        b, s = statistics.median(t_batch), statistics.median(t_single)
        print(f"{name:<16} {b:9.2f} {s:14.2f} {s / b:6.1f}x")


def memory_run(layers, budget, steps, every):
    """Traced bytes while stepping: (steps, MB) checkpoints, the peak MB, and the stepper at the end."""
    st = make(layers, budget=budget)
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    marks = []
    for done in range(every, steps + 1, every):
        st.run(every)
        marks.append((done, (tracemalloc.get_traced_memory()[0] - start) / MB))
    peak = (tracemalloc.get_traced_memory()[1] - start) / MB
    tracemalloc.stop()
    return marks, peak, st


def memory(steps):
    layers = NETWORKS[1][1]
    every = steps // 10
    print(f"\nMemory of {steps} single-sample steps on {'-'.join(map(str, layers))} (tracemalloc, records only "
          f"beyond the scenario)\n")
    print(f"{'budget MB':>9} {'peak MB':>8} {'end MB':>7} {'full records':>12} {'summary B/step':>15}  verdict")
    for budget in (DEFAULT_BUDGET, SMALL_BUDGET):
        marks, peak, st = memory_run(layers, budget, steps, every)
        half = marks[len(marks) // 2 - 1]
        per_step = (marks[-1][1] - half[1]) * MB / (marks[-1][0] - half[0])  # after the budget is reached
        full = sum(r.full for r in st.records)
        record = max(r.nbytes for r in st.records if r.full) / MB
        bounded = peak <= budget / MB + 3 * record + 2 + 2e-3 * steps  # budget, records in flight, summaries
        print(f"{budget / MB:9.0f} {peak:8.1f} {marks[-1][1]:7.1f} {full:12d} {per_step:15.0f}  "
              f"{'PASS' if bounded else 'FAIL'}")
    print(f"\n(one full record holds {record:.2f} MB here; a summary keeps J, the gradient norms and the sample "
          f"indices; PASS = peak <= budget + 3 records + 2 MB + 2 kB per step)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and 2,000 steps for the memory run")
    args = parser.parse_args()
    step_times(rounds=5 if args.quick else 15, steps=20)
    batch_vs_single(rounds=5 if args.quick else 15)
    memory(2_000 if args.quick else 10_000)
