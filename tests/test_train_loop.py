"""The Train page's loop without a browser: Streamlit is replaced by a plain session dict and a
progress bar that raises StopException once a stop is requested, which is what Streamlit does at a
script's next st.* call after a click. The loop's clock is a Clock the steps and evaluations advance,
so what the loop does in a given time is counted, not raced: a stop lands within one progress
update's steps, keeps what was reached and says where, logging keeps to its share of the run, and a
second loop on the same session waits."""
import math
import threading
import time

import numpy as np
import pytest
import streamlit
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from tests.helpers import Clock
from ui.session import keys, train_lock
from ui.train import loop

CIRCLE = {"schema": scenario.SCHEMA, "layers": [2, 4, 1], "activations": ["tanh", "sigmoid"],
          "loss": "cross_entropy", "lr": 0.3, "init": {"scheme": "xavier", "seed": 3},
          "dataset": {"name": "circle", "seed": 0, "n": 60}}
SLOW = 0.02  # s every step takes: a large network's step, so a step-count chunk would be slow
PER_UPDATE = math.ceil(loop.YIELD_S / SLOW) + 1  # most steps between two progress updates


class Bar:
    """st.progress's element: records the share done at each update; raises once `stop` is set."""

    def __init__(self, stop):
        self.stop, self.shares = stop, []

    def progress(self, value, text=None):
        self.shares.append(value)
        if self.stop.is_set():
            raise StopException()


class Session:
    """One browser session's state and the bars its runs draw (one stop event per run)."""

    def __init__(self, monkeypatch):
        self.state = {}
        self.bars = {}  # thread name -> its Bar
        self.stops = {}  # thread name -> the Event that stops its run
        monkeypatch.setattr(streamlit, "session_state", self.state)
        monkeypatch.setattr(streamlit, "progress", self._progress)
        monkeypatch.setattr(streamlit, "error", lambda text: self.state.setdefault("shown_errors", []).append(text))

    def _progress(self, value, text=None):
        name = threading.current_thread().name
        self.bars[name] = Bar(self.stops.setdefault(name, threading.Event()))
        return self.bars[name]

    def install(self, stepper):
        self.state.update({keys.STEPPER: stepper, keys.TRAIN_LOG: []})
        train_lock.busy()  # made on the session's first run, as boot.ensure does


class Watched:
    """Stepper.step wrapped to record which thread stepped, and whether two stepped at once. Each step
    takes `delay` seconds: on the Clock when one is given, else really (to keep a loop running while
    another thread waits); with `stop`, the stop is requested once `stop_after` steps were taken."""

    def __init__(self, stepper, delay=SLOW, clock=None, stop=None, stop_after=None):
        self.calls, self.inside, self.overlap = [], 0, False
        self.step, self.delay, self.clock = stepper.step, delay, clock
        self.stop, self.stop_after = stop, stop_after
        stepper.step = self

    def __call__(self):
        self.inside += 1
        self.overlap |= self.inside > 1
        self.clock.advance(self.delay) if self.clock else time.sleep(self.delay)
        if self.stop is not None and len(self.calls) == self.stop_after:
            self.stop.set()
        try:
            self.step()
            self.calls.append(threading.current_thread().name)
        finally:
            self.inside -= 1


def start(target, name):
    outcome = {}

    def body():
        try:
            target()
            outcome["ended"] = "finished"
        except StopException:
            outcome["ended"] = "stopped"
    thread = threading.Thread(target=body, name=name)
    thread.start()
    return thread, outcome


def test_stop_lands_within_one_progress_update_and_keeps_the_steps(monkeypatch):
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    asked = 30  # steps taken when the stop is requested
    session.stops["A"] = threading.Event()
    Watched(stepper, clock=Clock(monkeypatch, loop), stop=session.stops["A"], stop_after=asked)
    thread, outcome = start(lambda: loop.run(stepper, 100_000), "A")
    thread.join(60)
    n = len(stepper.records)
    assert outcome["ended"] == "stopped" and asked < n <= asked + PER_UPDATE  # gave way at its next update
    per_update = np.diff([round(share * 100_000) for share in session.bars["A"].shares])
    assert per_update.size >= 3 and per_update.max() <= PER_UPDATE  # updates by time, not by step count
    assert stepper.pending is None
    alone = Stepper(scenario.parse(CIRCLE))
    alone.run(n)  # the same n steps taken without interruption
    assert all(np.array_equal(a, b) for a, b in zip(stepper.W + stepper.b, alone.W + alone.b))
    log = session.state[keys.TRAIN_LOG]
    assert log[-1]["step"] == n and log[-1]["train"] == pytest.approx(alone.evaluate(alone.sc.X, alone.sc.Y)[0])
    train_lock.settle()
    [(kind, text)] = session.state[keys.NOTICE]
    assert kind == "info" and f"step {n} ({n} of the 100000 steps" in text
    assert train_lock.busy().acquire(blocking=False)  # the loop let go of the session


def test_a_second_loop_waits_for_the_first_to_stop(monkeypatch):
    """fastReruns on: a second click starts a new run in another thread while the first still steps."""
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    watched = Watched(stepper)
    session.stops["A"] = threading.Event()
    first, outcome_a = start(lambda: loop.run(stepper, 100_000), "A")
    time.sleep(0.3)

    def second_run():  # what the page does: settle (boot.ensure), then train
        train_lock.settle()
        loop.run(stepper, 40)
    second, outcome_b = start(second_run, "B")
    time.sleep(0.4)
    assert "B" not in watched.calls and second.is_alive()  # B waits while A holds the session
    session.stops["A"].set()
    first.join(5)
    second.join(10)
    a_steps = watched.calls.count("A")
    assert outcome_a["ended"] == "stopped" and outcome_b["ended"] == "finished"
    assert watched.calls == ["A"] * a_steps + ["B"] * 40 and not watched.overlap
    assert len(stepper.records) == a_steps + 40
    assert f"step {a_steps} ({a_steps} of the 100000" in session.state[keys.NOTICE][-1][1]
    steps = [p["step"] for p in session.state[keys.TRAIN_LOG]]
    assert steps == sorted(set(steps)) and steps[-1] == a_steps + 40


class Counting:
    """Just what log_point reads: a step count and costs (the step number, so thinning is visible)."""

    def __init__(self):
        self.records, self.sc = [], type("Sc", (), {"X": None, "Y": None, "X_test": None, "Y_test": None})

    def evaluate(self, X, Y):
        return float(len(self.records)), None


def test_log_stays_bounded_and_spread_over_all_steps():
    fake, log, n = Counting(), [], 30_000
    for _ in range(n):
        fake.records.append(None)
        loop.log_point(fake, log)
        assert len(log) <= loop.LOG_LIMIT
    steps = [p["step"] for p in log]
    assert steps[0] == 1 and steps[-1] == n and steps == sorted(set(steps))
    assert all(p["train"] == p["step"] for p in log)  # each point still carries its own step's values
    assert max(np.diff(steps)) <= 4 * n / loop.LOG_LIMIT  # no stretch of the run left without points


class SlowToEvaluate(Watched):
    """A step that costs little beside a costly evaluation of the data set (digits: ~1 ms vs ~15 ms),
    both on the Clock; counts the evaluations."""

    def __init__(self, stepper, clock, step_s, evaluate_s):
        super().__init__(stepper, step_s, clock)
        self.evaluate, self.evaluate_s, self.evaluated = stepper.evaluate, evaluate_s, 0
        stepper.evaluate = self.slow_evaluate

    def slow_evaluate(self, X, Y):
        self.evaluated += 1
        self.clock.advance(self.evaluate_s)
        return self.evaluate(X, Y)


@pytest.mark.parametrize("step_s, evaluate_s, all_logged", [(0.001, 0.0, True), (0.001, 0.015, False)])
def test_logging_keeps_its_share_of_a_run_and_an_even_floor_of_points(monkeypatch, step_s, evaluate_s, all_logged):
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    slow = SlowToEvaluate(stepper, Clock(monkeypatch, loop), step_s, evaluate_s)  # patches the stepper it is given
    loop.run(stepper, 200)
    steps = [p["step"] for p in session.state[keys.TRAIN_LOG]]
    assert steps[0] == 0 and steps[-1] == 200 and steps == sorted(set(steps))
    assert slow.evaluated == 2 * len(steps)  # a point evaluates the train and the test set, once
    if all_logged:  # free to evaluate: every step of a short run is a point
        assert len(steps) == 201
    else:  # the floor is kept, evenly, and the rest is rationed to the share of the run's time
        assert loop.LOG_FLOOR <= len(steps) < 200 / 2 and max(np.diff(steps)) <= 2 * 200 / loop.LOG_FLOOR
        run_s = 200 * step_s + slow.evaluated * evaluate_s  # the run's time on the clock
        beyond_floor = slow.evaluated - 2 * (loop.LOG_FLOOR + 2)  # past the floor's points, the first, the last
        assert beyond_floor * evaluate_s <= loop.LOG_SHARE * run_s
        assert slow.evaluated <= 2 * (loop.LOG_FLOOR + 10) / (1 - loop.LOG_SHARE)


def test_a_step_that_goes_non_finite_ends_the_run_with_what_was_reached_logged_and_said(monkeypatch):
    session = Session(monkeypatch)
    stepper = Stepper(scenario.parse({**CIRCLE, "lr": 1e6, "activations": ["linear", "linear"],
                                      "loss": "squared_error"}))  # a linear net at lr 1e6 overflows in a few steps
    session.install(stepper)
    loop.run(stepper, 1000)
    reached = len(stepper.records)
    assert 0 < reached < 1000 and stepper.pending is None
    assert session.state[keys.TRAIN_LOG][-1]["step"] == reached  # the state reached is the log's last point
    (said,) = session.state["shown_errors"]
    assert f"{reached + 1}" in said  # the step that went non-finite, by its number
