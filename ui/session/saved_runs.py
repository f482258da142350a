"""The session's named runs: a training history is never erased without a word.

When the network is replaced (any Build change, a preset, a file, an edit) or reset, its training log
is kept here as a run (engine.files.runs: scenario, exact start weights, batch, thinned curves), so changing a
setting starts a new run instead of erasing the old one. Runs are per session, not per network: a run
outlives the network it was trained on, which is its whole point. The user renames and deletes them on
the Compare page; past MAX_RUNS the oldest run nobody renamed goes first, and the notice says which.
"""
import streamlit as st

from engine import EngineError
from engine.core.maths.optimizers import OPTIMIZERS
from engine.core.scenarios.scenario import DEFAULTS
from engine.files import runs as engine_runs
from ui.session import keys, uploads
from ui.session.text import batch_words, count, t

MAX_RUNS = 8  # runs kept per session: a classroom shares one server (each holds ~LOG_KEPT points twice)
NAME_LIMIT = 80  # characters of a run's name (the file format's limit too)


def kept() -> list:
    return st.session_state[keys.RUNS]


def keep():
    """Keep the current network's training log as a run before install or a reset drops it, saying so."""
    log = st.session_state.get(keys.TRAIN_LOG) or []
    if len(log) < 2:  # nothing trained: no history to lose
        return
    run = engine_runs.make(st.session_state[keys.STEPPER], log, newest() + 1)
    run["from_network"] = True  # an undo of the change that kept it takes it back (forget_after)
    said = [t("runs.kept", steps=count("step", run["steps"]), number=run["number"])]
    said += _add([run])
    st.session_state.setdefault(keys.NOTICE, []).append(("info", " ".join(said)))


def _add(new: list) -> list:
    """Append runs, letting the oldest unrenamed ones go past MAX_RUNS; the words that say which went."""
    runs = kept()
    runs.extend(new)
    said = []
    while len(runs) > MAX_RUNS:
        gone = next((r for r in runs if r["name"] is None), runs[0])
        runs.remove(gone)
        said.append(t("runs.dropped", number=gone["number"], kept=MAX_RUNS))
    return said


def add(new: list):
    """Add runs made on purpose (an import, a one-click comparison), numbered after the newest."""
    first = newest() + 1
    for i, run in enumerate(new):
        run["number"] = first + i
    for text in _add(new):
        st.session_state.setdefault(keys.NOTICE, []).append(("info", text))


def newest() -> int:
    """The largest number of a run kept (0 before any)."""
    return max((r["number"] for r in kept()), default=0)


def forget_after(number: int):
    """Take back the runs kept from a network after run number: an undo made that history current again.
    Runs made on purpose meanwhile (imported, compared) stay."""
    kept()[:] = [r for r in kept() if r["number"] <= number or not r.get("from_network")]


def current() -> dict | None:
    """The current network's training as a run not kept yet (None before it trained): what it will be."""
    log = st.session_state.get(keys.TRAIN_LOG) or []
    if len(log) < 2:
        return None
    run = engine_runs.make(st.session_state[keys.STEPPER], log, newest() + 1)
    run["current"] = True
    return run


def every() -> list:
    """The kept runs and, last, the current network's."""
    now = current()
    return kept() + ([now] if now else [])


def name(run: dict) -> str:
    return run["name"] or t("runs.default_name", number=run["number"])


def label(run: dict) -> str:
    """A run in words: its name, network, optimiser, learning rate, batch and length."""
    src = run["source"]
    text = t("runs.label", name=name(run), layers="→".join(map(str, src["layers"])),
             acts=", ".join(src["activations"]), lr=f"{src.get('lr', DEFAULTS['lr']):g}", batch=batch_words(run["batch"]),
             steps=count("step", run["steps"]))
    if "optimizer" in src:  # an optimiser is one more setting of the scenario: named when it names one,
        opt = src["optimizer"]["name"]  # unchecked in a runs file that left its data out: maybe unknown
        said = t(OPTIMIZERS[opt].label) if opt in OPTIMIZERS else str(opt)
        if said not in name(run):  # once: the one-click runs are named for their optimiser already
            text = t("runs.label_optimizer", label=text, name=said)
    return t("runs.label_current", label=text) if run.get("current") else text


def find(number: int) -> dict | None:
    return next((r for r in every() if r["number"] == number), None)


def rename(number: int, key: str):
    """A run's new name from the text input under key; an empty name gives back the default one."""
    run = find(number)
    if run is not None and not run.get("current"):
        run["name"] = st.session_state[key].strip()[:NAME_LIMIT] or None


def delete(number: int):
    kept()[:] = [r for r in kept() if r["number"] != number]
    st.session_state.setdefault(keys.NOTICE, []).append(("info", t("runs.deleted", number=number)))


def export() -> str:
    """Every run, the current network's included, as a backprop-runs/1 file."""
    runs = every()
    return engine_runs.dumps(runs, [name(r) for r in runs])


def import_file(key: str):
    """Runs from the uploader under key, added after the ones kept; a bad file, or one that would push
    runs out, adds nothing and says why (kept under ERRORS[key], shown next to the uploader)."""
    def read(data):
        new = engine_runs.read(data, max_bytes=uploads.UPLOAD_LIMIT)
        if len(kept()) + len(new) > MAX_RUNS:
            raise EngineError(t("runs.too_many", n=count("run", len(new)), kept=count("run", len(kept())),
                                limit=MAX_RUNS))
        return new
    got = uploads.read(key, read)
    if got is None:
        return
    name, new = got
    add(new)
    st.session_state.setdefault(keys.NOTICE, []).append(
        ("success", t("runs.imported", name=name, n=count("run", len(new)))))
