"""The Train page's loop and figures: its whole steps are engine.core.stepping.training's one loop, paced here.

The loop hands control back to Streamlit (a progress update, an st.* call) after every YIELD_S of
work: a click on Stop, or on anything else, makes Streamlit end the script at that update, between
two whole steps, so everything reached is kept and logged (ui.session.train_lock says where it stopped).
"""
import math
import time

import streamlit as st

from engine import EngineError
from engine.core.stepping import training
from engine.files import runs as engine_runs
from engine.teach.screen.surface import grid, labels, line
from ui.session import keys, saved_runs, state, train_lock
from ui.common.numbers import fmt
from ui.session.text import lang, t
from viz import curves
from viz.matrices import PAGE, digit_images

YIELD_S = 0.1  # seconds of work between progress updates: how soon a click stops the loop
LOG_PER_RUN = 500  # logged points of one run, whatever its length
LOG_LIMIT = 2000  # logged points kept; past it the log is thinned to half, evenly over the steps
LOG_SHARE = 0.25  # share of a run's time its logging may take: evaluating a large data set costs many steps
LOG_FLOOR = 50  # points a run logs, spread evenly, even when that takes more than its share


def steps_for(stepper, count: int, unit: str) -> int:
    if unit == "steps":
        return count
    return count * stepper.steps_per_epoch()


def current_log(stepper) -> list:
    """The training log, agreeing with the committed steps: points of steps taken back are dropped."""
    log = st.session_state[keys.TRAIN_LOG]
    while log and log[-1]["step"] > len(stepper.records):
        log.pop()
    return log


def log_point(stepper, log: list):
    """Log the current costs unless this step is logged. The log is the caller's: reading session
    state is a point where Streamlit may end the script, so a step must not come between it and
    this append."""
    training.log_point(stepper, log)
    if len(log) > LOG_LIMIT:
        log[:] = [log[i] for i in curves.spread([p["step"] for p in log], LOG_LIMIT // 2)]


def timed(fn, *args) -> float:
    t = time.monotonic()
    fn(*args)
    return time.monotonic() - t


def run(stepper, total: int):
    """Take total steps with a progress bar; a non-finite step stops the loop with its message."""
    with train_lock.busy():  # a loop of this session still finishing in another thread ends first
        log = current_log(stepper)
        if stepper.pending is not None:
            stepper.step()  # finish the step being revealed on the Step page first
        train_lock.begin(len(stepper.records), total)
        log_point(stepper, log)
        bar = st.progress(0.0, text=t("train.progress", done=0, total=total))
        every, due, loop = max(1, total // LOG_PER_RUN), time.monotonic() + YIELD_S, training.Training(stepper, total)
        started, logging, logged = time.monotonic(), 0.0, 0  # when the loop began, seconds and points of logging
        for done in loop:
            behind = logged < LOG_FLOOR * done / total
            if done % every == 0 and (behind or logging <= LOG_SHARE * (time.monotonic() - started)):
                logging, logged = logging + timed(log_point, stepper, log), logged + 1
            if time.monotonic() >= due:  # where a click ends the loop: the state reached is logged first
                logging += timed(log_point, stepper, log)
                bar.progress(done / total, text=t("train.progress", done=done, total=total))
                due = time.monotonic() + YIELD_S
        log_point(stepper, log)
        bar.progress(loop.done / total, text=t("train.progress", done=loop.done, total=total))
        train_lock.end()
    if loop.failed is not None:
        failed = loop.failed
        st.error(t("step.nonfinite", step=failed.step + 1, quantity=failed.quantity,
                   layer=failed.layer if failed.layer is not None else "-"))


def summary(stepper):
    log = current_log(stepper)
    if not log:
        st.info(t("train.empty"))
        return
    last = log[-1]
    diverged = [c for c in (last["train"], last["test"]) if c is not None and not math.isfinite(c)]
    if diverged:  # said in words, so an infinite cost is never shown silently
        st.warning(t("train.cost_not_finite", step=last["step"], value=diverged[0]))
    cols = st.columns(5)
    cols[0].metric(t("train.steps_done"), last["step"])
    # each cost and accuracy names its set: a training accuracy is not what the network generalises to
    cols[1].metric(t("train.train_cost"), fmt(last["train"]))
    cols[2].metric(t("train.test_cost"), fmt(last["test"]))
    for col, key in ((cols[3], "train"), (cols[4], "test")):
        acc = last[f"acc_{key}"]
        col.metric(t(f"train.acc_{key}"), "—" if acc is None else f"{acc:.1%}")


def earlier_run():
    """Pick an earlier run to show beside this one (the newest by default) and offer its download;
    returns it, or None when there is none or none is wanted."""
    kept = {r["number"]: r for r in st.session_state[keys.RUNS]}
    if not kept:
        return None
    options = [0, *sorted(kept, reverse=True)]
    chosen = state.setting("train_run", options[1])
    names = {0: t("train.earlier_none"), **{n: saved_runs.label(r) for n, r in kept.items()}}
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    number = a.selectbox(t("train.earlier"), options, options.index(chosen) if chosen in options else 1, key="train_run",
                         format_func=names.get, on_change=state.keep, args=("train_run",), help=t("train.earlier_help"))
    if not number:
        return None
    b.download_button(t("train.earlier_download"), data=engine_runs.dumps([kept[number]], [saved_runs.name(kept[number])]),
                      file_name=f"run-{number}.json",
                      mime="application/json", key="train_run_download", on_click="ignore",
                      icon=":material/download:", width="stretch")
    return kept[number]


def figures(stepper, earlier=None):
    """Loss curve (with an earlier run's, when given) beside the decision surface (or the gradient
    norms when the data is not 2-D); a figure not there yet leaves no hole: the others move up."""
    log = current_log(stepper)
    old = (t("train.earlier_name", name=saved_runs.name(earlier)), earlier["log"]) if earlier else None  # as Compare names it
    pair = [(curves.loss_curve(log, lang(), old), "train_loss")] if log or old else []
    surface = _surface(stepper)
    if surface is not None:
        pair.append((surface[1], surface[0]))
    norms = None
    if stepper.records:
        # an evenly spread subset of the steps, picked before the norms are gathered: the figure and
        # the work stay small after any number of steps
        picked = curves.spread(range(1, len(stepper.records) + 1))
        norms = (curves.grad_norms([i + 1 for i in picked], [stepper.records[i].grad_norms for i in picked],
                                   lang()), "train_norms")
        if surface is None:
            pair.append(norms)
    for col, (fig, key) in zip(st.columns(2), pair):
        col.plotly_chart(fig, key=key)
    digit_weights(stepper)
    if norms is not None and surface is not None:
        st.plotly_chart(norms[0], key=norms[1])


def digit_weights(stepper):
    """On the digits, every first-layer neuron's weights as an 8x8 image, PAGE neurons at a time."""
    if stepper.sc.source.get("dataset", {}).get("name") != "digits":
        return
    W1 = stepper.W[0]
    st.markdown(f"**{t('train.digits_title')}**")
    st.caption(t("train.digits_caption", n=W1.shape[0]))
    start = 0
    if W1.shape[0] > PAGE:
        start = st.selectbox(t("train.digits_page"), range(0, W1.shape[0], PAGE), key="train_digits_page",
                             format_func=lambda s: f"j = {s} … {min(s + PAGE, W1.shape[0]) - 1}")
    st.plotly_chart(digit_images(W1, start=start, lang=lang()), key="train_digits", config={"displayModeBar": False})


def _surface(stepper):
    """(key, figure) of the decision surface for 2-D inputs or of the fitted curve for a 1-D
    regression; None for other input sizes."""
    n_in = stepper.sc.net.layers[0]
    X, Y = stepper.sc.X, stepper.sc.Y
    try:
        if n_in == 2:
            return "train_boundary", curves.boundary(grid(stepper), X.T, labels(Y), lang(), stepper.sc.classes)
        if n_in == 1 and Y.shape[0] == 1:
            return "train_fit", curves.regression_fit(line(stepper), X[0], Y[0], lang())
    except EngineError:
        pass
    return None
