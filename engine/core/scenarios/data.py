"""Datasets as numbers: the playground's toy sets, standardising, a seeded split, and CSV upload.

Arrays here hold one sample per row (X is (m, n_in), Y is (m, n_out)); the network takes samples
as columns, so callers transpose. Every generator draws from np.random.default_rng(seed), so the
same spec gives the same numbers bit for bit.
"""
import gzip
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np

from engine.core.maths.network import check_number, check_whole
from engine.text.errors import EngineError, choose, shown

MAX_SAMPLES = 100_000
SPEC_KEYS = ("name", "seed", "n", "noise")
SPEC_DEFAULTS = {"seed": 0, "n": 200, "noise": 0.0}  # what a dataset spec may leave out


@dataclass(frozen=True)
class Dataset:
    kind: str  # "classes" (labels 0..classes-1) or "regression" (one real target)
    dims: int  # input columns: 2 for the plane sets, 1 for regress1d
    classes: int  # number of classes, 0 for regression
    make: Callable  # (rng, n, noise) -> (X (n, dims) float, labels (n,) int or targets (n,) float)
    about: str  # one sentence for the UI


def _halves(n):
    # class 1 first, as the playground does; an odd n gives class 1 the extra sample
    return n - n // 2, n // 2


def _labels(n):
    pos, neg = _halves(n)
    return np.concatenate([np.ones(pos, dtype=np.int64), np.zeros(neg, dtype=np.int64)])


def _circle(rng, n, noise):
    # playground: radius 5; noise moves only the point used for labelling, so labels flip near r = 2.5
    pos, neg = _halves(n)
    r = np.concatenate([rng.uniform(0.0, 2.5, pos), rng.uniform(3.5, 5.0, neg)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    jitter = rng.uniform(-5.0, 5.0, (n, 2)) * noise
    return X, (np.hypot(*(X + jitter).T) < 2.5).astype(np.int64)


def _xor(rng, n, noise):
    # the 0.3 padding keeps points off the axes, where the label would be a coin toss
    X = rng.uniform(-5.0, 5.0, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    noisy = X + rng.uniform(-5.0, 5.0, (n, 2)) * noise
    return X, (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)


def _gaussian(rng, n, noise):
    # playground maps noise 0..0.5 linearly to variance 0.5..4; the same line carries on up to 1
    std = math.sqrt(0.5 + 7.0 * noise)
    pos, neg = _halves(n)
    X = np.concatenate([rng.normal(2.0, std, (pos, 2)), rng.normal(-2.0, std, (neg, 2))])
    return X, _labels(n)


def _spiral(rng, n, noise):
    arms = []
    for count, turn in zip(_halves(n), (0.0, np.pi)):
        s = np.arange(count) / count  # 0 .. <1 along the arm
        r, t = 5.0 * s, 1.75 * 2 * np.pi * s + turn
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    X = np.concatenate(arms) + rng.uniform(-1.0, 1.0, (n, 2)) * noise
    return X, _labels(n)


def _regress1d(rng, n, noise):
    x = rng.uniform(-6.0, 6.0, (n, 1))
    return x, np.sin(x[:, 0]) + noise * rng.normal(0.0, 1.0, n)


def _regress2d(rng, n, noise):
    # playground reg-plane: label (x + y) / 10, computed from a jittered copy of the point
    X = rng.uniform(-6.0, 6.0, (n, 2))
    noisy = X + rng.uniform(-6.0, 6.0, (n, 2)) * noise
    return X, noisy.sum(axis=1) / 10.0


DIGITS_FILE = Path(__file__).with_name("datasets") / "digits.csv.gz"  # UCI optdigits test set via scikit-learn


@cache
def _digit_table() -> np.ndarray:
    # read-only, so one copy is safely shared by every session
    with gzip.open(DIGITS_FILE, "rt") as fh:
        table = np.loadtxt(fh, delimiter=",")
    table.flags.writeable = False
    return table


def _digits(rng, n, noise):
    # the 1,797 8x8 images, pixels 0..16 scaled to 0..1 so sigmoid and tanh units start unsaturated
    table = _digit_table()
    if n > len(table):
        raise EngineError("err.data.digits_n", "dataset.n", size=len(table), got=n)
    rows = rng.permutation(len(table))[:n]
    X = table[rows, :64] / 16.0 + noise * rng.normal(0.0, 1.0, (n, 64))
    return X, table[rows, 64].astype(np.int64)


DATASETS = {
    "circle": Dataset("classes", 2, 2, _circle, "A disc of one class inside a ring of the other."),
    "xor": Dataset("classes", 2, 2, _xor, "Class 1 where x*y >= 0 (quadrants I and III), class 0 elsewhere."),
    "gaussian": Dataset("classes", 2, 2, _gaussian, "Two round Gaussian clusters around (2, 2) and (-2, -2)."),
    "spiral": Dataset("classes", 2, 2, _spiral, "Two spirals wound into each other, one per class."),
    "regress1d": Dataset("regression", 1, 0, _regress1d, "y = sin(x) on [-6, 6] plus Gaussian noise."),
    "regress2d": Dataset("regression", 2, 0, _regress2d, "A tilted plane: y = (x1 + x2) / 10."),
    "digits": Dataset("classes", 64, 10, _digits, "1,797 handwritten digits, 8x8 pixels scaled to 0..1."),
}


def _read_spec(spec):
    if not isinstance(spec, dict):
        raise EngineError("err.data.spec", "dataset", valid=", ".join(SPEC_KEYS), got=shown(spec))
    for key in spec:
        if key not in SPEC_KEYS:
            raise EngineError("err.data.unknown_key", f"dataset.{key}", got=shown(key), valid=", ".join(SPEC_KEYS))
    name = spec.get("name")
    choose("dataset", name, DATASETS, "dataset.name")
    given = SPEC_DEFAULTS | spec
    seed = check_whole("dataset.seed", given["seed"], 0)
    n = check_whole("dataset.n", given["n"], 1, MAX_SAMPLES)
    return name, seed, n, check_number("dataset.noise", given["noise"], 0.0, 1.0)


def _check_sizes(name, ds, n_in, n_out):
    if n_in != ds.dims:
        raise EngineError("err.data.input_dims", "layers", name=shown(name), dims=ds.dims, got=n_in)
    if ds.kind == "regression" and n_out != 1:
        raise EngineError("err.data.regression_out", "layers", name=shown(name), got=n_out)
    if ds.kind == "classes" and n_out != ds.classes and not (ds.classes == 2 and n_out == 1):
        raise EngineError("err.data.two_classes" if ds.classes == 2 else "err.data.classes", "layers",
                          name=shown(name), classes=ds.classes, got=n_out)


def build(spec: dict, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """X (n, n_in) and Y (n, n_out) for a named set; rows come shuffled so any batch mixes classes."""
    name, seed, n, noise = _read_spec(spec)
    ds = DATASETS[name]
    _check_sizes(name, ds, n_in, n_out)
    rng = np.random.default_rng(seed)
    X, t = ds.make(rng, n, noise)
    order = rng.permutation(n)
    X, t = X[order].astype(np.float64), t[order]
    if ds.kind == "regression" or n_out == 1:
        return X, t.astype(np.float64).reshape(n, 1)
    return X, one_hot(t, n_out)


def one_hot(labels, n_classes) -> np.ndarray:
    """Rows of length n_classes with a single 1.0 at each label."""
    n_classes = check_whole("n_classes", n_classes, 1)
    lab = np.asarray(labels)
    if lab.ndim != 1 or not np.isin(lab, np.arange(n_classes)).all():
        raise EngineError("err.data.labels", "labels", high=n_classes - 1)
    out = np.zeros((lab.size, n_classes))
    out[np.arange(lab.size), lab.astype(np.int64)] = 1.0
    return out


def standardize(X, ref=None) -> np.ndarray:
    """(x - mean) / std per column, with the mean and std of the rows of ref (default: X itself), so
    held-out rows are scaled by the training rows' statistics and tell the training nothing. A column
    constant over ref becomes zeros, never NaN: it carries no information to scale."""
    X = _finite_rows(X)
    ref = X if ref is None else _finite_rows(ref)
    if X.shape[0] == 0 or ref.shape[0] == 0:
        return np.zeros_like(X)
    # dividing by the column's largest |x| first keeps sums of values near 1e308 from overflowing
    scale = np.abs(ref).max(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    Rs = ref / scale
    std = Rs.std(axis=0)
    constant = ref.max(axis=0) == ref.min(axis=0)
    # std can still be 0 when tiny values underflow to equal after scaling
    with np.errstate(over="ignore", invalid="ignore"):
        Z = (X / scale - Rs.mean(axis=0)) / np.where(constant | (std == 0), 1.0, std)
    Z[:, constant] = 0.0  # the mean of equal values can be off by an ulp; don't report that as spread
    bad = np.flatnonzero(~np.isfinite(Z).all(axis=0))
    if bad.size:
        raise EngineError("err.data.far_outside", "standardize", j=int(bad[0]))
    return Z


SPREAD = 10.0  # input columns whose ranges differ more than this train badly unstandardised


def spread(X) -> float:
    """How many times wider the widest input column's range is than the narrowest's (rows are samples;
    constant columns left out, 1.0 when fewer than two vary): past SPREAD, standardising is worth
    suggesting (a 3-class table with one column in the thousands trained to chance, to 100 % scaled)."""
    X = _finite_rows(X)
    ranges = X.max(axis=0) - X.min(axis=0) if X.shape[0] else np.zeros(0)
    ranges = ranges[ranges > 0]
    return float(ranges.max() / ranges.min()) if ranges.size > 1 else 1.0


def _finite_rows(X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or not np.isfinite(X).all():
        raise EngineError("err.data.array", "X")
    return X


def split(X, Y, fraction: float, seed: int):
    """The round(fraction * m) rows a seeded shuffle puts last are the test set; both parts keep the
    rows' own order, so with fraction 0 the training set is X, Y as given (sample #0 is row 0)."""
    X, Y = np.asarray(X), np.asarray(Y)
    if X.shape[0] != Y.shape[0]:
        raise EngineError("err.data.split_rows", "split", x=X.shape[0], y=Y.shape[0])
    fraction = check_number("split.fraction", fraction, 0.0, 0.9)
    rng = np.random.default_rng(check_whole("split.seed", seed, 0))
    m = X.shape[0]
    n_test = round(fraction * m)
    if m - n_test < 1:
        raise EngineError("err.data.no_training", "split.fraction", fraction=fraction, m=m)
    order = rng.permutation(m)
    train, test = np.sort(order[:m - n_test]), np.sort(order[m - n_test:])
    return X[train], Y[train], X[test], Y[test]
