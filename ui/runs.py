"""Earlier training runs: a training history is never erased without a word.

When the network is replaced (any Build change, a preset, a file, an edit) or reset, its training log
is kept here as a run with the scenario it was trained on, and the Train page can still show its cost
curve beside the new one and offer it for download. The list is per session, not per network: a run
outlives the network it was trained on, which is its whole point. Each run is a dict, so the named
runs of a later Compare page (start weights, settings, gradient norms) can grow from it.
"""
import math

import streamlit as st

from engine import files
from ui import keys
from ui.text import batch_words, count, t

MAX_RUNS = 8  # earlier runs kept per session; the notice says when the oldest goes


def keep():
    """Keep the current network's training log as a run before install or a reset drops it, saying so."""
    log = st.session_state.get(keys.TRAIN_LOG) or []
    if len(log) < 2:  # nothing trained: no history to lose
        return
    runs = st.session_state[keys.RUNS]
    number = runs[-1]["number"] + 1 if runs else 1
    runs.append({"number": number, "source": st.session_state[keys.SCENARIO], "log": log, "steps": log[-1]["step"]})
    said = [t("runs.kept", steps=count("step", log[-1]["step"]), number=number)]
    if len(runs) > MAX_RUNS:
        said.append(t("runs.dropped", number=runs.pop(0)["number"], kept=MAX_RUNS))
    st.session_state.setdefault(keys.NOTICE, []).append(("info", " ".join(said)))


def forget(log):
    """Take back the run kept from log: an undo made it the current history again."""
    runs = st.session_state[keys.RUNS]
    runs[:] = [r for r in runs if r["log"] is not log]


def label(run: dict) -> str:
    """A run in words: its number, network, learning rate, batch and length."""
    src = run["source"]
    return t("runs.label", number=run["number"], layers="→".join(map(str, src["layers"])),
             acts=", ".join(src["activations"]), lr=f"{src.get('lr', 0.5):g}", batch=batch_words(src.get("batch", "sample")),
             steps=count("step", run["steps"]))


def export(run: dict) -> str:
    """The run as JSON: its scenario and its logged costs (a cost that diverged is written as null)."""
    log = [{k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in p.items()} for p in run["log"]]
    return files.dumps({"run": run["number"], "scenario": run["source"], "log": log})
