"""Same start, one change: a new run from another's exact start weights with one setting changed, and
the one-click comparison of the "optimisers" preset.

An optimiser is just another scenario setting ("optimizer": {"name": ...}); the choices are read from
the engine's registries, so a new activation, init scheme or optimiser is offered without an edit here.
"""
import copy

import streamlit as st

from engine import EngineError, Stepper
from engine.core.maths import activations, initialisation
from engine.core.maths.optimizers import DEFAULT as DEFAULT_OPTIMIZER
from engine.core.maths.optimizers import OPTIMIZERS
from engine.core.scenarios import scenario
from engine.core.stepping import training
from engine.files import runs as engine_runs
from engine.teach.textbook import presets
from ui.session import keys, saved_runs, state
from ui.session.text import lang, t

COMPARED = ("sgd", "momentum", "adam")  # the optimisers of the one-click comparison
PRESET = "optimisers"  # the preset the one-click comparison starts from
STEPS = 400  # steps each run of the one-click comparison takes (a second or so on [2,8,8,1])


def settings(src: dict) -> list[str]:
    """The settings that can be changed on this scenario: activation needs a hidden layer."""
    names = ["lr", "init"] + (["activation"] if len(src["layers"]) > 2 else [])
    return names + ["optimizer"]


def choices(setting: str) -> list:
    """The values a setting can take, from the engine's registries (None: a number is typed)."""
    return {"lr": None, "activation": activations.hidden(),
            "init": [name for name, s in initialisation.SCHEMES.items() if not s.needs],  # the others need a number of their own
            "optimizer": list(OPTIMIZERS)}[setting]


def shown(setting: str, value) -> str:
    """A setting's value in words: an optimiser by its catalogue name, a number as written."""
    if setting == "optimizer":
        return t(OPTIMIZERS[value].label)
    return f"{value:g}" if isinstance(value, float) else str(value)


def now(run: dict, setting: str):
    """The run's value of a setting."""
    src = run["source"]
    if setting == "lr":
        return src.get("lr", scenario.DEFAULTS["lr"])
    if setting == "activation":
        return src["activations"][0]
    if setting == "init":
        return (run["init"] or {}).get("scheme")
    return (src.get("optimizer") or {}).get("name", DEFAULT_OPTIMIZER)


def apply(run: dict, setting: str, value) -> dict:
    """The run's scenario from its exact start weights with one setting changed; a new init scheme
    makes new weights (from the run's init seed)."""
    src = copy.deepcopy(engine_runs.start_source(run))
    if setting == "lr":
        src["lr"] = float(value)
    elif setting == "activation":  # every hidden layer: the output's activation pairs with the loss
        src["activations"] = [value] * (len(src["activations"]) - 1) + src["activations"][-1:]
    elif setting == "init":
        src = {k: v for k, v in src.items() if k not in ("W", "b")}
        src["init"] = {"scheme": value, "seed": (run["init"] or {}).get("seed", initialisation.SEED)}
    else:
        src["optimizer"] = {"name": value}
    return src


def start(number: int, setting: str, value) -> bool:
    """Install run number's start with one change as the current network; False (and a message) when
    the engine refuses the change."""
    run = saved_runs.find(number)
    try:
        src = apply(run, setting, value)
        state.install(src)
    except EngineError as exc:
        state.tell("error", t("runs.change_refused", error=exc.text(lang())))
        return False
    said = [t("runs.started", name=saved_runs.name(run), setting=t(f"runs.setting.{setting}"), value=shown(setting, value))]
    if setting == "init":
        said.append(t("runs.new_weights"))
    state.tell("success", " ".join(said))
    return True


def variants() -> list[tuple[str, object]]:
    """(setting, value) of each run of the one-click comparison."""
    return [("optimizer", name) for name in COMPARED]


def compare_preset():
    """Make one run per variant from the preset's one start, trained STEPS steps each, and choose them
    for the Compare page."""
    base = Stepper(scenario.parse(presets.get(PRESET).scenario()))
    origin = engine_runs.make(base, [training.point(base)], 0)
    made = []
    for setting, value in variants():
        st_ = Stepper(scenario.parse(apply(origin, setting, value)))
        log = engine_runs.train(st_, STEPS)
        made.append(engine_runs.make(st_, log, 0, name=t("runs.variant_name", setting=t(f"runs.setting.{setting}"),
                                                          value=shown(setting, value))))
    saved_runs.add(made)
    chosen = [r["number"] for r in made if r in saved_runs.kept()]
    st.session_state[keys.SETTINGS]["compare_runs"] = st.session_state["compare_runs"] = chosen
