"""Engine timing and memory, no browser.

For [2,3,2] and [784,128,64,10] (the latter with gradient descent and with Adam): microseconds per
instrumented step of one sample and of a mini-batch of 64; the instrumented mini-batch step against
a bare numpy forward/backward/update (Adam's too) of the same network on the same samples (target
<= 1.5x on [784,128,64,10], where arithmetic sets the time; the 2-3-2 figures are for information:
a step of a few dozen numpy calls on arrays of a few hundred numbers is numpy's fixed cost per call,
and a 200 us step inside a 300 ms click is not something a user can feel, so that target was
retired); and the peak memory of 10,000 single-sample steps of [784,128,64,10] under the default
budget (target: below the budget plus 150 MB).

    python bench/engine.py [--quick]

Every ratio is measured in alternating rounds of one run, so the load of a shared machine hits both
sides. The memory run comes first, in a process that has done nothing else, so its peak resident
size is the steps' own. Prints tables and exits 0: it is a report, not a test.
"""
import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np


HERE = Path(__file__).resolve().parent
if Path(sys.path[0]).resolve() == HERE:  # this file is named like the package it measures:
    sys.path[0] = str(HERE.parent)  # import the package, not this file

from engine.core.maths.activations import sigmoid  # noqa: E402
from engine.core.stepping.memory import DEFAULT_BUDGET  # noqa: E402
from engine.core.stepping.stepper import Stepper  # noqa: E402
from tests.helpers import random_scenario, stepper  # noqa: E402

NETWORKS = [[2, 3, 2], [784, 128, 64, 10]]
TARGETED = [[784, 128, 64, 10]]  # the networks the 1.5x target is set on
# PyTorch's defaults (beta1 0.9, beta2 0.999, eps 1e-8), and its default lr: at gradient descent's 0.5
# every weight moves by about 0.5 a step and by step 20 nearly 90% of the z are beyond |z| = 30, a
# saturated run nobody would time
ADAM = {"name": "adam"}
LR = {None: 0.5, "adam": 1e-3}
ROWS = [(NETWORKS[0], None), (NETWORKS[1], None), (NETWORKS[1], ADAM)]  # (layers, optimizer) timed
BATCH = 64  # samples of the mini-batch step
SAMPLES = 16 * BATCH  # training set: an epoch is 16 mini-batches, as in a real run (one shuffle per epoch)
MB = 2**20


def make(layers, batch, budget=DEFAULT_BUDGET, optimizer=None) -> Stepper:
    extra = {"optimizer": optimizer} if optimizer else {}
    lr = LR[optimizer and optimizer["name"]]
    src = random_scenario(layers, "sigmoid", "squared_error", "sigmoid", m=SAMPLES, lr=lr, batch=batch, **extra)
    return stepper(src, budget=budget)


class BareAdam:
    """Adam with PyTorch's defaults on plain arrays, its m and v kept per array: the least numpy can do."""

    def __init__(self, lr):
        self.lr, self.t, self.m, self.v = lr, 0, {}, {}

    def __call__(self, key, p, g):
        m = self.m[key] = 0.9 * self.m.get(key, 0.0) + 0.1 * g
        v = self.v[key] = 0.999 * self.v.get(key, 0.0) + 0.001 * (g * g)
        return p - self.lr * (m / (1 - 0.9 ** self.t)) / (np.sqrt(v / (1 - 0.999 ** self.t)) + 1e-8)


def numpy_step(W, b, X, Y, lr, adam=None):
    """One step of the benchmarked network (sigmoid, squared error) in plain numpy: the least numpy
    can do, no records, no checks; gradient descent, or the given BareAdam."""
    z, a = [], [X]
    for Wl, bl in zip(W, b):
        z.append(Wl @ a[-1] + bl[:, None])
        a.append(sigmoid(z[-1]))
    m = X.shape[1]
    diff = a[-1] - Y
    d = diff * a[-1] * (1 - a[-1])
    for l in range(len(W) - 1, -1, -1):
        dW, db = d @ a[l].T / m, d.sum(axis=1) / m
        if l:
            d = (W[l].T @ d) * a[l] * (1 - a[l])
        if adam is None:
            W[l], b[l] = W[l] - lr * dW, b[l] - lr * db
        else:
            W[l], b[l] = adam(("W", l), W[l], dW), adam(("b", l), b[l], db)


def timed_us(fn, n) -> float:
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) * 1e6 / n


def step_us(st: Stepper, n) -> float:
    st.reset()  # records would otherwise pile up to the budget and time its summarising
    return timed_us(st.step, n)


def numpy_us(st: Stepper, n, optimizer) -> float:
    """numpy_step on a view of the first 64 columns of the instrumented step's data."""
    sc = st.sc
    W, b = list(sc.W), list(sc.b)
    X, Y = sc.X[:, :BATCH], sc.Y[:, :BATCH]
    adam = BareAdam(sc.lr) if optimizer else None

    def step():
        if adam:
            adam.t += 1
        numpy_step(W, b, X, Y, sc.lr, adam)
    return timed_us(step, n)


def timing(rounds, n):
    print(f"Steps (median of {rounds} alternating rounds of {n} steps each)\n")
    head = f"{'network':<21} {'1 sample us':>12} {'batch-64 us':>12} {'bare-64 us':>11} {'ratio':>6}  target <= 1.5"
    print(head + "\n" + "-" * len(head))
    for layers, optimizer in ROWS:
        single, batch = make(layers, "sample", optimizer=optimizer), make(layers, BATCH, optimizer=optimizer)
        t = {"single": [], "batch": [], "bare": []}
        for _ in range(rounds):
            t["single"].append(step_us(single, n))
            t["batch"].append(step_us(batch, n))
            t["bare"].append(numpy_us(batch, n, optimizer))
        s, bt, bare = (statistics.median(t[k]) for k in ("single", "batch", "bare"))
        verdict = ("PASS" if bt / bare <= 1.5 else "FAIL") if layers in TARGETED else "(no target)"
        name = "-".join(map(str, layers)) + (f" {optimizer['name']}" if optimizer else "")
        print(f"{name:<21} {s:12.1f} {bt:12.1f} {bare:11.1f} {bt / bare:6.2f}  {verdict}")
    print("\n(ratio = instrumented batch-64 step / bare numpy step of the same network and samples)")


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
