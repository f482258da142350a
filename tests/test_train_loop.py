"""The Train page's loop without a browser: Streamlit is replaced by a plain session dict and a
progress bar that raises StopException once a stop is requested, which is what Streamlit does at a
script's next st.* call after a click. Shows that a stop lands within a fraction of a second,
keeps what was reached and says where, and that a second loop on the same session waits."""
import threading
import time

import numpy as np
import pytest
import streamlit
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from engine import scenario
from engine.stepper import Stepper
from ui import keys, running, training

CIRCLE = {"schema": scenario.SCHEMA, "layers": [2, 4, 1], "activations": ["tanh", "sigmoid"],
          "loss": "cross_entropy", "lr": 0.3, "init": {"scheme": "xavier", "seed": 3},
          "dataset": {"name": "circle", "seed": 0, "n": 60}}
SLOW = 0.02  # s added to every step: a large network's step, so a step-count chunk would be slow


class Bar:
    """st.progress's element: records when it was updated; raises once `stop` is set."""

    def __init__(self, stop):
        self.stop, self.times = stop, []

    def progress(self, value, text=None):
        self.times.append(time.monotonic())
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
        running.busy()  # made on the session's first run, as boot.ensure does


class Watched:
    """Stepper.step wrapped to record which thread stepped, and whether two stepped at once."""

    def __init__(self, stepper, delay=SLOW):
        self.calls, self.inside, self.overlap = [], 0, False
        self.step, self.delay = stepper.step, delay
        stepper.step = self

    def __call__(self):
        self.inside += 1
        self.overlap |= self.inside > 1
        time.sleep(self.delay)
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
            outcome["at"] = time.monotonic()
    thread = threading.Thread(target=body, name=name)
    thread.start()
    return thread, outcome


def test_stop_lands_within_a_fraction_of_a_second_and_keeps_the_steps(monkeypatch):
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    Watched(stepper)
    session.stops["A"] = threading.Event()
    thread, outcome = start(lambda: training.run(stepper, 100_000), "A")
    time.sleep(0.6)
    asked = time.monotonic()
    session.stops["A"].set()
    thread.join(5)
    assert outcome["ended"] == "stopped" and outcome["at"] - asked < training.YIELD_S + 3 * SLOW + 0.1
    gaps = np.diff(session.bars["A"].times)
    assert gaps.size >= 3 and gaps.max() < training.YIELD_S + 2 * SLOW + 0.05  # updates by time, not by count
    n = len(stepper.records)
    assert 0 < n < 100_000 and stepper.pending is None
    alone = Stepper(scenario.parse(CIRCLE))
    alone.run(n)  # the same n steps taken without interruption
    assert all(np.array_equal(a, b) for a, b in zip(stepper.W + stepper.b, alone.W + alone.b))
    log = session.state[keys.TRAIN_LOG]
    assert log[-1]["step"] == n and log[-1]["train"] == pytest.approx(alone.evaluate(alone.sc.X, alone.sc.Y)[0])
    running.settle()
    [(kind, text)] = session.state[keys.NOTICE]
    assert kind == "info" and f"step {n} ({n} of the 100000 steps" in text
    assert running.busy().acquire(blocking=False)  # the loop let go of the session


def test_a_second_loop_waits_for_the_first_to_stop(monkeypatch):
    """fastReruns on: a second click starts a new run in another thread while the first still steps."""
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    watched = Watched(stepper)
    session.stops["A"] = threading.Event()
    first, outcome_a = start(lambda: training.run(stepper, 100_000), "A")
    time.sleep(0.3)

    def second_run():  # what the page does: settle (boot.ensure), then train
        running.settle()
        training.run(stepper, 40)
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
        training.log_point(fake, log)
        assert len(log) <= training.LOG_LIMIT
    steps = [p["step"] for p in log]
    assert steps[0] == 1 and steps[-1] == n and steps == sorted(set(steps))
    assert all(p["train"] == p["step"] for p in log)  # each point still carries its own step's values
    assert max(np.diff(steps)) <= 4 * n / training.LOG_LIMIT  # no stretch of the run left without points


class SlowToEvaluate(Watched):
    """A step that costs little beside a costly evaluation of the data set (digits: ~1 ms vs ~15 ms)."""

    def __init__(self, stepper, step_s, evaluate_s):
        super().__init__(stepper, step_s)
        self.evaluate, self.evaluate_s, self.evaluated = stepper.evaluate, evaluate_s, 0
        stepper.evaluate = self.slow_evaluate

    def slow_evaluate(self, X, Y):
        self.evaluated += 1
        time.sleep(self.evaluate_s)
        return self.evaluate(X, Y)


# a point evaluates the train and test sets, ~0.1-0.3 ms on this machine: the cheap case's 4 ms steps
# keep that well inside the share however slow the machine is at the time (1 ms steps made it flaky)
@pytest.mark.parametrize("step_s, evaluate_s, all_logged", [(0.004, 0.0, True), (0.001, 0.015, False)])
def test_logging_keeps_its_share_of_a_run_and_an_even_floor_of_points(monkeypatch, step_s, evaluate_s, all_logged):
    session, stepper = Session(monkeypatch), Stepper(scenario.parse(CIRCLE))
    session.install(stepper)
    SlowToEvaluate(stepper, step_s, evaluate_s)  # patches the stepper it is given
    start_ = time.monotonic()
    training.run(stepper, 200)
    took = time.monotonic() - start_
    steps = [p["step"] for p in session.state[keys.TRAIN_LOG]]
    assert steps[0] == 0 and steps[-1] == 200 and steps == sorted(set(steps))
    if all_logged:  # cheap to evaluate: (nearly) every step of a short run is a point, whatever the timer's jitter
        assert len(steps) >= 0.9 * 201
    else:  # two evaluations (train, test) a point: the floor is kept, evenly, and the rest is rationed
        assert training.LOG_FLOOR <= len(steps) < 200 / 2 and max(np.diff(steps)) <= 2 * 200 / training.LOG_FLOOR
        assert took < 0.2 + 2 * evaluate_s * (training.LOG_FLOOR + 10) / (1 - training.LOG_SHARE)
