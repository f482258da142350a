"""Earlier training runs: a training history is never erased without a word.

When the network is replaced (any Build change, a preset, a file, an edit) or reset, its training log
is kept here as a run with the scenario it was trained on, and the Train page can still show its cost
curve beside the new one and offer it for download. The list is per session, not per network: a run
outlives the network it was trained on, which is its whole point. Each run is a dict, so the named
runs of a later Compare page (start weights, settings, gradient norms) can grow from it.
"""
import math

import numpy as np
import streamlit as st

from engine.files import formats
from ui import keys
from ui.text import batch_words, count, t
from viz import curves

MAX_RUNS = 8  # earlier runs kept per session; the notice says when the oldest goes
# what a kept run may weigh: a classroom shares one server, and a session may keep MAX_RUNS of them
LOG_KEPT = 500  # logged points (the log thinned evenly over its steps)
NUMBERS_KEPT = 10_000  # numbers of explicit weights, or of a table; more are left out, and the run says so


def keep():
    """Keep the current network's training log as a run before install or a reset drops it, saying so."""
    log = st.session_state.get(keys.TRAIN_LOG) or []
    if len(log) < 2:  # nothing trained: no history to lose
        return
    runs = st.session_state[keys.RUNS]
    number = newest() + 1
    source, left_out = _light(st.session_state[keys.SCENARIO])
    runs.append({"number": number, "source": source, "left_out": left_out, "steps": log[-1]["step"],
                 "log": [log[i] for i in curves.spread([p["step"] for p in log], LOG_KEPT)]})
    said = [t("runs.kept", steps=count("step", log[-1]["step"]), number=number)]
    if len(runs) > MAX_RUNS:
        said.append(t("runs.dropped", number=runs.pop(0)["number"], kept=MAX_RUNS))
    st.session_state.setdefault(keys.NOTICE, []).append(("info", " ".join(said)))


def _light(src: dict) -> tuple[dict, list]:
    """The scenario without the explicit arrays (weights, a table) that would make a kept run heavy,
    and the names of what was left out."""
    heavy = {group: names for group, names in (("weights", ("W", "b")), ("data", ("X", "Y")))
             if sum(np.size(part) for n in names for part in src.get(n, [])) > NUMBERS_KEPT}
    gone = {n for names in heavy.values() for n in names}
    return {k: v for k, v in src.items() if k not in gone}, list(heavy)


def newest() -> int:
    """The number of the newest run kept (0 before any)."""
    runs = st.session_state[keys.RUNS]
    return runs[-1]["number"] if runs else 0


def forget_after(number: int):
    """Take back the runs kept after run number: an undo made their history the current one again."""
    runs = st.session_state[keys.RUNS]
    runs[:] = [r for r in runs if r["number"] <= number]


def label(run: dict) -> str:
    """A run in words: its number, network, learning rate, batch and length."""
    src = run["source"]
    return t("runs.label", number=run["number"], layers="→".join(map(str, src["layers"])),
             acts=", ".join(src["activations"]), lr=f"{src.get('lr', 0.5):g}", batch=batch_words(src.get("batch", "sample")),
             steps=count("step", run["steps"]))


def export(run: dict) -> str:
    """The run as JSON: its scenario (what was left out of it named), its logged costs (a cost that
    diverged written as null)."""
    log = [{k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in p.items()} for p in run["log"]]
    return formats.dumps({"run": run["number"], "scenario": run["source"], "left_out": run["left_out"], "log": log})
