"""The Compare page's overlay: two to four chosen runs' curves, and their weights side by side at a step.

The weights at step k are never stored: each run's scenario is replayed from its exact start weights
with the Stepper (engine.files.runs.replay_to), which gives the same bits as the training did. A replay is
kept per run between reruns (REPLAYS), so moving the step slider forward costs only the steps added.
"""
import numpy as np
import streamlit as st

from engine import EngineError
from engine.files import runs as engine_runs
from ui.session import keys, saved_runs, state
from ui.session.text import lang, t
from viz import run_curves as viz_runs
from viz.matrices import heatmap
from viz.palette import sym_max

MAX_COMPARED = 4
REPLAYS = keys.REPLAYS  # {run number: (its start weights object, its replaying Stepper)}


def chooser() -> list:
    """The runs chosen for comparison (kept as a page setting), at most MAX_COMPARED."""
    every = {r["number"]: r for r in saved_runs.every()}
    if not every:  # nothing to choose: no greyed-out empty box (its label was 2.6:1), the page says what to do
        return []
    chosen = [n for n in st.session_state.get("compare_runs", state.setting("compare_runs", [])) if n in every]
    # the newest runs by default: what was just trained; a deleted run leaves the choice
    _prime("compare_runs", chosen or list(every)[-2:])
    picked = st.multiselect(t("compare.runs"), list(every), key="compare_runs", max_selections=MAX_COMPARED,
                            format_func=lambda n: saved_runs.label(every[n]), on_change=state.keep, args=("compare_runs",),
                            help=t("compare.runs_help"))
    return [every[n] for n in picked]


def _prime(key: str, value):
    """Give a widget its value before it is drawn (runs and steps come and go under it), kept as a setting."""
    st.session_state[key] = value
    st.session_state[keys.SETTINGS][key] = value


def figures(chosen: list):
    """Cost, accuracy and gradient norms of the chosen runs, overlaid."""
    data = [(saved_runs.name(r), r["log"], r["norms"]) for r in chosen]
    ready = [r for r in chosen if engine_runs.replayable(r)]
    at = _step(ready) if ready else None  # the step of the weights below, marked on the curves
    a, b = st.columns(2)
    a.plotly_chart(viz_runs.costs(data, lang(), at), key="compare_costs")
    acc = viz_runs.accuracy(data, lang(), at)
    if acc is not None:
        b.plotly_chart(acc, key="compare_accuracy")
    if any(r["norms"]["steps"] for r in chosen):
        (st if acc is not None else b).plotly_chart(viz_runs.norms(data, lang()), key="compare_norms")


def _step(ready: list) -> int:
    """The step the weights are shown at: the one chosen (kept as a page setting), at most the longest run's."""
    top = max(r["steps"] for r in ready)
    return min(st.session_state.get("compare_step", state.setting("compare_step", top)), top)


def weights_at(run: dict, step: int):
    """(W, b) of the run after step steps, by replay (kept between reruns in REPLAYS)."""
    memo = st.session_state.setdefault(REPLAYS, {})
    # the start weights' own tuple names the run: a deleted run's number may come back on another
    start = run["start"][0] if run["start"] else run["source"]
    if run["number"] not in memo or memo[run["number"]][0] is not start:
        memo[run["number"]] = (start, engine_runs.start_stepper(run))
    stepper = engine_runs.replay_to(memo[run["number"]][1], step)
    return stepper.W, stepper.b


def weights(chosen: list):
    """The chosen runs' W[l] side by side at one step (each run at its last step if it has fewer)."""
    st.header(t("compare.weights_title"))
    ready = [r for r in chosen if engine_runs.replayable(r)]
    for r in chosen:
        if r not in ready:
            st.info(t("compare.not_replayable", name=saved_runs.name(r)))
    memo = st.session_state.setdefault(REPLAYS, {})
    for gone in set(memo) - {r["number"] for r in ready}:  # a replay nobody compares is let go
        del memo[gone]
    if not ready:
        return
    a, b = st.columns([3, 1])
    top = max(r["steps"] for r in ready)
    _prime("compare_step", _step(ready))
    step = a.slider(t("compare.step"), 0, max(top, 1), key="compare_step", on_change=state.keep,
                    args=("compare_step",), disabled=top == 0, help=t("compare.step_help"))
    sizes = ready[0]["source"]["layers"]
    depth = min(len(r["source"]["layers"]) for r in ready) - 1
    largest = max(range(1, depth + 1), key=lambda l: sizes[l] * sizes[l - 1])  # the most to look at
    _prime("compare_layer", min(st.session_state.get("compare_layer", state.setting("compare_layer", largest)), depth))
    layer = b.selectbox(t("compare.layer"), range(1, depth + 1), key="compare_layer",
                        on_change=state.keep, args=("compare_layer",))
    _heatmaps(ready, step, layer)


def _heatmaps(ready: list, step: int, layer: int):
    """W[layer] of each run at step, on one colour range: the same colour is the same weight in each."""
    shown = []
    for run in ready:
        at = min(step, run["steps"])
        try:
            shown.append((run, at, weights_at(run, at)[0][layer - 1], None))
        except EngineError as exc:
            shown.append((run, at, None, exc.text(lang())))
    limit = sym_max(np.concatenate([W.ravel() for _, _, W, _ in shown if W is not None] or [np.zeros(1)]))
    for col, (run, at, W, error) in zip(st.columns(len(shown)), shown):
        if error is not None:
            col.error(error)
            continue
        col.plotly_chart(heatmap(W, t("compare.weights_of", name=saved_runs.name(run), l=layer, step=at), height=360,
                                 limit=limit), key=f"compare_weights_{run['number']}")
        if at < step:
            col.caption(t("compare.shorter", name=saved_runs.name(run), steps=run["steps"]))
