"""Engine timing and memory, no browser.

For [2,3,2] and [784,128,64,10]: microseconds per instrumented step of one sample and of a
mini-batch of 64; the instrumented mini-batch step against a bare numpy forward/backward/update of
the same network on the same samples (target <= 1.5x); and the peak memory of 10,000 single-sample
steps of [784,128,64,10] under the default budget (target: below the budget plus 150 MB).

The floor column is the least a step that records can cost against the bare one: the same plain
numpy step plus only the values the issue asks a step to keep (losses, J, norms) and one test that
they are finite. Where the floor itself is above 1.5x, numpy's fixed cost per call, not the
engine, decides the ratio: a 2-3-2 step is a few dozen calls on arrays of a few hundred numbers.

    python bench/engine.py [--quick]

Every ratio is measured in alternating rounds of one run, so the load of a shared machine hits both
sides. The memory run comes first, in a process that has done nothing else, so its peak resident
size is the steps' own. Prints tables and exits 0: it is a report, not a test.
"""
import argparse
import math
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if Path(sys.path[0]).resolve() == HERE:  # this file is named like the package it measures:
    sys.path[0] = str(HERE.parent)  # import the package, not this file

from engine.activations import sigmoid  # noqa: E402
from engine.stepper import DEFAULT_BUDGET, Stepper  # noqa: E402
from tests.helpers import random_scenario, stepper  # noqa: E402

NETWORKS = [[2, 3, 2], [784, 128, 64, 10]]
BATCH = 64  # samples of the mini-batch step
SAMPLES = 16 * BATCH  # training set: an epoch is 16 mini-batches, as in a real run (one shuffle per epoch)
MB = 2**20


def make(layers, batch, budget=DEFAULT_BUDGET) -> Stepper:
    src = random_scenario(layers, "sigmoid", "squared_error", "sigmoid", m=SAMPLES, lr=0.5, batch=batch)
    return stepper(src, budget=budget)


def numpy_step(W, b, X, Y, lr, record=False):
    """One step of the benchmarked network (sigmoid, squared error) in plain numpy. record=False is
    the bare step: the least numpy can do, no records, no checks. record=True adds only what the
    issue asks a step to keep, the cheapest way: the per-sample losses, J, the gradient norms and
    a single finiteness sum, with every z, a and delta kept. It has no registries, record objects,
    sample order or memory budget, so its ratio is a floor under the instrumented step's."""
    z, a, delta, norms = [], [X], [], []
    for Wl, bl in zip(W, b):
        z.append(Wl @ a[-1] + bl[:, None])
        a.append(sigmoid(z[-1]))
    m = X.shape[1]
    diff = a[-1] - Y
    d = diff * a[-1] * (1 - a[-1])
    for l in range(len(W) - 1, -1, -1):
        dW, db = d @ a[l].T / m, d.sum(axis=1) / m
        if record:
            delta.append(d)
            norms.append(math.sqrt(np.vdot(dW, dW)))
        if l:
            d = (W[l].T @ d) * a[l] * (1 - a[l])
        W[l], b[l] = W[l] - lr * dW, b[l] - lr * db
    if record:
        loss = 0.5 * np.add.reduce(diff * diff, axis=0)
        J = float(np.add.reduce(loss)) / m
        if not math.isfinite(J + sum(norms) + sum(np.vdot(v, v) for v in z + b)):
            raise FloatingPointError("the benchmark's step went non-finite")


def timed_us(fn, n) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) * 1e6 / n


def step_us(st: Stepper, n) -> float:
    st.reset()  # records would otherwise pile up to the budget and time its summarising
    return timed_us(st.step, n)


def numpy_us(st: Stepper, n, record=False) -> float:
    """numpy_step on the batch of the instrumented step: bare, a view of the first 64 columns;
    recording, the step's own samples, gathered (from the shuffled order) and checked as it does."""
    sc = st.sc
    W, b = list(sc.W), list(sc.b)
    if not record:
        X, Y = sc.X[:, :BATCH], sc.Y[:, :BATCH]
        return timed_us(lambda: numpy_step(W, b, X, Y, sc.lr), n)
    samples = st.samples_at(0, BATCH, BATCH)

    def least():
        with np.errstate(over="ignore", invalid="ignore"):
            numpy_step(W, b, sc.X.T.take(samples, axis=0).T, sc.Y.T.take(samples, axis=0).T, sc.lr, record=True)
    return timed_us(least, n)


def timing(rounds, n):
    print(f"Steps (median of {rounds} alternating rounds of {n} steps each)\n")
    head = (f"{'network':<16} {'1 sample us':>12} {'batch-64 us':>12} {'bare-64 us':>11} {'ratio':>6}  target <= 1.5"
            f"  {'floor':>6}")
    print(head + "\n" + "-" * len(head))
    for layers in NETWORKS:
        single, batch = make(layers, "sample"), make(layers, BATCH)
        t = {"single": [], "batch": [], "bare": [], "least": []}
        for _ in range(rounds):
            t["single"].append(step_us(single, n))
            t["batch"].append(step_us(batch, n))
            t["bare"].append(numpy_us(batch, n))
            t["least"].append(numpy_us(batch, n, record=True))
        s, bt, bare, least = (statistics.median(t[k]) for k in ("single", "batch", "bare", "least"))
        print(f"{'-'.join(map(str, layers)):<16} {s:12.1f} {bt:12.1f} {bare:11.1f} {bt / bare:6.2f}  "
              f"{'PASS' if bt / bare <= 1.5 else 'FAIL':<13}  {least / bare:6.2f}")
    print("\n(ratio = instrumented batch-64 step / bare numpy step of the same network and samples;\n"
          " floor = the least recording step / the bare step: numpy_step(record=True), the per-sample losses,\n"
          " J, the norms and one finiteness sum added to the bare step, with no engine around them)")


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def memory(steps):
    layers = NETWORKS[-1]
    st = make(layers, "sample")
    before = rss_peak_mb()
    t = time.perf_counter()
    st.run(steps)
    seconds = time.perf_counter() - t
    peak = rss_peak_mb()
    full = sum(r.full for r in st.records)
    limit = DEFAULT_BUDGET / MB + 150
    print(f"Memory of {steps:,} single-sample steps of {'-'.join(map(str, layers))} under the default budget "
          f"({DEFAULT_BUDGET / MB:.0f} MB), {seconds:.1f} s\n")
    print(f"process peak RSS {peak:.0f} MB (before stepping {before:.0f} MB); records held {st.used / MB:.0f} MB; "
          f"{full} of {len(st.records)} steps kept in full")
    print(f"peak below budget + 150 MB = {limit:.0f} MB: {'PASS' if peak < limit else 'FAIL'}\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds and 2,000 steps for the memory run")
    args = parser.parse_args()
    memory(2_000 if args.quick else 10_000)
    timing(rounds=5 if args.quick else 15, n=20 if args.quick else 50)
