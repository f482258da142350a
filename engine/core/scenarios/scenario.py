"""A scenario: everything needed to start (CONVENTIONS: `backprop-scenario/1`), parsed and checked.

`parse` turns a plain dict (already schema-checked or built by the UI) into a Scenario whose fields
are numpy arrays and engine records; it checks meaning: names known, shapes agree, numbers finite.
"""
import dataclasses
from dataclasses import dataclass
from functools import partial

import numpy as np

from engine.core.maths.backprop import ORDERS, Order
from engine.core.maths.initialisation import initialise
from engine.core.maths.network import Net, check_number, check_params, check_whole, make_net
from engine.core.maths.optimizers import DEFAULT, OPTIMIZERS, Optimizer, state_lists, zero_state
from engine.core.maths.schedules import SCHEDULES, Schedule
from engine.core.maths.settings import choose_settings
from engine.core.scenarios import data
from engine.core.scenarios.batches import check_batch
from engine.core.scenarios.data import MAX_SAMPLES  # rows of X or dataset.n
from engine.text.errors import EngineError, choose, counted, shown

SCHEMA = "backprop-scenario/1"
# what a scenario that leaves a setting out gets: the engine's, the Build page's and a link's defaults
DEFAULTS = {"lambda": 0.0, "lr": 0.5, "batch": "sample", "shuffle": True, "shuffle_seed": 0,
            "update_order": "simultaneous", "freeze_biases": False, "test_fraction": 0.0, "standardize": False}


@dataclass(frozen=True)
class Scenario:
    source: dict  # the scenario as given, written back verbatim into traces
    net: Net  # structure, activations, loss, lambda
    lr: float  # learning rate
    W: tuple  # initial W[l], shape (n_l, n_{l-1})
    b: tuple  # initial b[l], shape (n_l,)
    X: np.ndarray  # training inputs, one sample per column (n0, m)
    Y: np.ndarray  # training targets, one sample per column (nL, m)
    X_test: np.ndarray  # held-out inputs (n0, m_test), m_test may be 0
    Y_test: np.ndarray  # held-out targets (nL, m_test)
    batch: object  # "sample", "full" or a mini-batch size k
    shuffle: bool  # visit samples in a seeded shuffled order (else in file order)
    shuffle_seed: int  # seed of each epoch's permutation
    update_order: str  # a name in backprop.ORDERS: "simultaneous" (textbook) or "output_first"
    freeze_biases: bool  # never update b (as several derivations do)
    classes: tuple = ()  # names of the classes the outputs stand for (from a CSV's labels); () if unnamed
    optimizer: Optimizer = OPTIMIZERS[DEFAULT]  # the update rule (engine/core/maths/optimizers.py)
    optimizer_settings: dict = dataclasses.field(default_factory=dict)  # its fields' values by name
    schedule: Schedule | None = None  # how lr changes from update to update; None keeps it
    schedule_settings: dict = dataclasses.field(default_factory=dict)
    resumed: int = 0  # updates taken before this scenario's start (a network saved or edited mid-run)
    resumed_state: dict | None = None  # the optimiser's state then; None: zeros

    @property
    def order(self) -> Order:
        """The update order's record (engine/core/maths/backprop.py)."""
        return ORDERS[self.update_order]

    @property
    def rule(self):
        """The optimiser's rule with its settings: (p, g, state, t, lr) -> (new p, new state)."""
        return partial(self.optimizer.rule, **self.optimizer_settings)

    def update_number(self, index: int) -> int:
        """t of the step with this 0-based index: the optimiser's and the schedule's update count."""
        return self.resumed + index + 1

    def lr_at(self, t: int) -> float:
        """The learning rate of update t (from 1): lr itself without a schedule."""
        return self.lr if self.schedule is None else self.schedule.lr(t, self.lr, **self.schedule_settings)

    def start_state(self) -> dict:
        """The optimiser's state before the first step: zeros, unless the scenario resumes a run."""
        return zero_state(self.optimizer, self.W, self.b) if self.resumed_state is None else self.resumed_state


def resume_source(sc: Scenario, index: int, state: dict) -> dict | None:
    """The "resume" a scenario starting before step `index` (0-based) of sc needs so that its steps
    are sc's: the update count and the optimiser's state then; None when nothing depends on them."""
    if not (sc.optimizer.state or sc.schedule) or sc.update_number(index) == 1:
        return None
    return {"updates": sc.update_number(index) - 1, **({"state": state_lists(state)} if sc.optimizer.state else {})}


def matrix(value, field, rows=None, cols=None) -> np.ndarray:
    """A list of lists of finite numbers as a 2-D float array, with its shape checked."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise EngineError("err.matrix.numbers", field) from None
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise EngineError("err.matrix.empty", field)
    if not np.all(np.isfinite(arr)):
        raise EngineError("err.matrix.nonfinite", field)
    for axis, want, what in ((0, rows, "rows"), (1, cols, "columns")):
        if want is not None and arr.shape[axis] != want:
            raise EngineError(f"err.matrix.{what}", field, want=want, got=arr.shape[axis])
    return arr


def vector(value, field, size) -> np.ndarray:
    return matrix([value], field, 1, size)[0]


def _params(src, net):
    L, layers = net.L, net.layers
    if "W" in src:
        W = [matrix(w, f"W[{l}]", layers[l + 1], layers[l]) for l, w in enumerate(_list(src["W"], "W", L))]
        b = [np.zeros(n) for n in layers[1:]]
    elif "init" in src:
        if not isinstance(src["init"], dict):
            raise EngineError("err.scenario.init_object", "init")
        W, b = initialise(layers, src["init"])
    else:
        raise EngineError("err.scenario.no_params", "W")
    if "b" in src:
        b = [vector(v, f"b[{l}]", layers[l + 1]) for l, v in enumerate(_list(src["b"], "b", L))]
    check_params(net, W, b)
    return tuple(W), tuple(b)


def _list(value, field, n):
    if not isinstance(value, list) or len(value) != n:
        raise EngineError("err.scenario.list_count", field, n=counted("entry", n))
    return value


def _data(src, net):
    n_in, n_out = net.layers[0], net.layers[-1]
    if "X" in src:
        X = matrix(src["X"], "X", cols=n_in)
        Y = matrix(src.get("Y"), "Y", rows=X.shape[0], cols=n_out)
    elif "dataset" in src:
        if not isinstance(src["dataset"], dict):
            raise EngineError("err.scenario.dataset_object", "dataset")
        X, Y = data.build(src["dataset"], n_in, n_out)
    else:
        raise EngineError("err.scenario.no_data", "X")
    if X.shape[0] > MAX_SAMPLES:
        raise EngineError("err.scenario.too_many", "X", high=MAX_SAMPLES, got=X.shape[0])
    _check_targets(Y, net.loss, src)
    frac = check_number("test_fraction", src["test_fraction"], 0.0, 0.9)
    seed = _int(src, "shuffle_seed")
    try:
        Xtr, Ytr, Xte, Yte = data.split(X, Y, frac, seed)
    except EngineError as exc:  # name the file's key, not the data module's argument
        raise exc.at("test_fraction") from None
    if _flag(src, "standardize"):  # by the training rows' statistics: the test rows stay unseen
        Xtr, Xte = data.standardize(Xtr), data.standardize(Xte, ref=Xtr)
    # one sample per column, stored sample by sample (Fortran order): a batch's columns are copied
    # out of contiguous memory, eight times faster than from rows of the whole set
    return tuple(np.ascontiguousarray(part).T for part in (Xtr, Ytr, Xte, Yte))


def _check_targets(Y, loss, src):
    """Refuse targets the loss is not defined for, naming the first bad row (one sample per row)."""
    if loss.fits is None:
        return
    bad = np.flatnonzero(~loss.fits(Y))
    if bad.size:
        i = int(bad[0])
        row = "[" + ", ".join(repr(float(v)) for v in Y[i, :8]) + (", ...]" if Y.shape[1] > 8 else "]")
        if "X" in src:
            raise EngineError("err.targets.rows", f"Y[{i}]", loss=loss.name, allowed=loss.allowed, row=row)
        raise EngineError("err.targets.dataset", "dataset", loss=loss.name, allowed=loss.allowed, i=i,
                          name=shown(src["dataset"].get("name")), row=row)


def _classes(src, net) -> tuple:
    """The class names: distinct texts, one per output unit, or two for a single 0/1 output."""
    names = src.get("classes", [])
    want = 2 if net.layers[-1] == 1 else net.layers[-1]
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names) \
            or len(set(names)) != len(names) or names and len(names) != want:
        raise EngineError("err.scenario.classes", "classes", n=want, got=shown(names))
    return tuple(names)


def _int(given, key, low=0, high=2**63 - 1):
    return check_whole(key, given[key], low, high)


def _flag(given, key):
    value = given[key]
    if not isinstance(value, bool):
        raise EngineError("err.flag", key, got=shown(value))
    return value


def _optimizer(src, order: Order):
    """The optimiser and schedule with their settings; an order whose deltas pass through updated
    weights only with gradient descent, whose update of the output weights is the one the hidden deltas
    then pass through (engine/core/maths/backprop.py)."""
    opt, opt_settings = choose_settings("optimizer", OPTIMIZERS, src.get("optimizer"), "optimizer", DEFAULT)
    if order.updated and not opt.output_first:
        raise EngineError("err.optimizer.output_first", "update_order", name=shown(opt.name),
                          valid=", ".join(k for k, o in OPTIMIZERS.items() if o.output_first))
    sched, sched_settings = choose_settings("schedule", SCHEDULES, src["schedule"], "schedule") \
        if "schedule" in src else (None, {})
    return dict(optimizer=opt, optimizer_settings=opt_settings, schedule=sched, schedule_settings=sched_settings)


def _resume(src, opt, W, b) -> dict:
    """How many updates came before, and the optimiser's state after them (checked like W and b)."""
    spec = src.get("resume", {"updates": 0})
    if not isinstance(spec, dict):
        raise EngineError("err.scenario.resume", "resume")
    updates = check_whole("resume.updates", spec.get("updates", 0), 0, 2**53)
    if "state" not in spec:
        return dict(resumed=updates)
    state, given = zero_state(opt, W, b), spec["state"]
    for side, params in (("W", W), ("b", b)):
        kept = _list(given.get(side) if isinstance(given, dict) else None, f"resume.state.{side}", len(params))
        for l, (arrays, p) in enumerate(zip(kept, params)):
            where = f"resume.state.{side}[{l}]"
            if not isinstance(arrays, dict) or set(arrays) != set(opt.state):
                raise EngineError("err.scenario.state", where, name=shown(opt.name),
                                  valid=", ".join(opt.state) or "—")
            read = (lambda v, at: matrix(v, at, *p.shape)) if side == "W" else (lambda v, at: vector(v, at, p.size))
            state[side][l] = {k: read(v, f"{where}.{k}") for k, v in arrays.items()}
    return dict(resumed=updates, resumed_state=state)


def parse(src: dict) -> Scenario:
    """Check a scenario dict for meaning and build everything the step machine needs."""
    if not isinstance(src, dict):
        raise EngineError("err.scenario.not_object")
    given = {**DEFAULTS, **src}
    net = make_net(src.get("layers"), src.get("activations"), src.get("loss"), given["lambda"])
    order = choose("update order", given["update_order"], ORDERS, "update_order")
    W, b = _params(src, net)
    X, Y, Xte, Yte = _data(given, net)
    chosen = _optimizer(src, order)
    return Scenario(
        source=src, net=net, lr=check_number("lr", given["lr"], 0.0, 1e6), W=W, b=b,
        X=X, Y=Y, X_test=Xte, Y_test=Yte, batch=check_batch(given["batch"]),
        shuffle=_flag(given, "shuffle"),
        shuffle_seed=_int(given, "shuffle_seed"), update_order=order.name,
        freeze_biases=_flag(given, "freeze_biases"), classes=_classes(src, net),
        **chosen, **_resume(src, chosen["optimizer"], W, b))

