"""Every session key of the app, declared once with how long it lives.

- session: the user's own choices and work, whatever network is on screen: language, notation,
  digits, view and page settings, named training runs and their replays.
- network: what was computed from, or chosen in, the network on screen: its step machine, results,
  selections, edits and their undo, the quiz, the training log. ui.session.state.install drops all of them,
  so nothing worked out on one network is ever shown beside another.
- source: the Build page's inputs behind the scenario (chosen data mode, CSV table, refused values):
  dropped when a whole new scenario comes from outside (a preset, a file, a link), kept through the
  Build page's own edits, which they feed.
- mirror: widgets that show a plain key's value and are written from it before they are drawn
  (ui.build.form.sync on every Build run); nothing to drop. File uploaders are mirrors too: dropping one
  in its own callback would make the browser send its file again as a new upload.

A name ending in "*" stands for every widget key with that prefix; an exact name wins over a prefix.
No Streamlit here: tests read the declaration without a session.
"""
from dataclasses import dataclass
from typing import Callable

SESSION, NETWORK, SOURCE, MIRROR = "session", "network", "source", "mirror"


@dataclass(frozen=True)
class Key:
    name: str
    scope: str
    fresh: Callable | None = None  # the value install leaves (None: the key is dropped)
    widget: bool = False  # a widget's key (or prefix): never set by install, only dropped


KEYS: dict[str, Key] = {}


def _declare(name: str, scope: str, fresh: Callable | None = None, widget: bool = False) -> str:
    KEYS[name] = Key(name, scope, fresh, widget)
    return name


# plain keys: the app's own state
LANG = _declare("lang", SESSION)  # "en" or "zh"
NOTATION = _declare("notation", SESSION)  # textbook notation of names: engine, ng, ufldl, nielsen
DIGITS = _declare("digits", SESSION)  # significant digits of the numbers shown (exact values on hover)
MOTION = _declare("motion", SESSION)  # the network figure may animate a sub-step (the sidebar's switch)
VIEW = _declare("view", SESSION)  # Step page display choices: node and edge quantity, sample column
SETTINGS = _declare("settings", SESSION)  # page settings by widget key (Train's "How many"...), see state.setting
RUNS = _declare("runs", SESSION)  # named training runs, kept when their network was replaced or made (ui.session.saved_runs)
REPLAYS = _declare("replays", SESSION)  # {run number: (start, Stepper)}: the Compare page's replays (ui.compare.overlay)
NOTICE = _declare("notice", SESSION)  # [(kind, text)] shown once on the next page drawn
PRESENT = _declare("present", SESSION)  # True while the presenter view is on (?present=1, the sidebar's switch)
BLANK = _declare("blank", SESSION)  # True while the presenter's B key has blanked the screen
LIVE = _declare("live", SESSION)  # this session's part in a live class, teacher's or student's (ui.live.session)
LIVE_TRIES = _declare("live_tries", SESSION)  # wrong join codes typed: {"n", "at"}, to slow the next tries
LESSON = _declare("lesson", SESSION)  # the open lesson and where it is (ui.lessons.player); it notices a replaced network
SHOWN = _declare("sidebar_shown", SESSION)  # what the sidebar drew in the last whole-app run (ui.common.sidebar.shown)
OPENED = _declare("opened_with", SESSION)  # the query of the link a session opened, until its network is built (app.py)
LETTERS = _declare("letter_keys", SESSION)  # False once the single-letter keys are turned off (ui.stage.keyboard)
LOCK = _declare("busy_lock", SESSION)  # threading.Lock held while a loop changes this session's stepper

SCENARIO = _declare("scenario", NETWORK)  # the scenario dict the current network was built from (install sets it)
STEPPER = _declare("stepper", NETWORK)  # engine.Stepper: parameters, step records, cursor (install sets it)
SELECTION = _declare("selection", NETWORK, lambda: None)  # selected neuron ("n1_0") or edge ("e1_0_1"), or None
TRAIN_LOG = _declare("train_log", NETWORK, list)  # dicts: step, train/test cost and accuracy, logged while training
RUNNING = _declare("training", NETWORK)  # {"start", "total"} while a training loop runs
GRADCHECK = _declare("gradcheck", NETWORK)  # the last gradient check of these parameters
QUIZ = _declare("quiz", NETWORK)  # the quiz's question, verdict, score and choice of value
CHANGES = _declare("changes", NETWORK)  # the last edit's Change list, while its step is on screen
UNDO = _declare("edit_undo", NETWORK)  # {"edited": the edited step machine, "state": network keys before it}
EDIT_ERROR = _declare("edit_error", NETWORK)  # why the last edit was refused, shown next to its button
PINNED = _declare("trace_pinned", NETWORK)  # (weak ref to the stepper, step) the Trace page keeps showing

ERRORS = _declare("errors", SOURCE, dict)  # field or uploader key -> message of its last refused value
DATA_MODE = _declare("data_mode", SOURCE)  # the Build page's data source: "sample", "dataset" or "csv"
CSV = _declare("csv", SOURCE)  # {"file", "data" (bytes), "names", "targets"} of the CSV the network trains on
PRESET = _declare("preset", SOURCE)  # name of the textbook preset the network came from, kept through Build edits
LINK = _declare("link", NETWORK)  # {"src", "preset", "query", "gaps"}: the network's link, worked out once

# widget keys, by page prefix
for _name, _scope in {
    "side_*": SESSION,  # language, notation, digits: drawn from the plain keys above
    "build_*": MIRROR,  # ui.build.form.sync writes each from the scenario before the Build page draws it
    "step_*": SESSION,  # buttons, view choices (mirrored in VIEW), expanders
    "step_fig": NETWORK,  # the network element's last pick (copied into SELECTION)
    "step_heat_layer": NETWORK,  # a layer of the network on screen
    "step_edit_*": NETWORK,  # the edit tables hold this network's values
    "step_edit_open": SESSION,  # whether the edit section is open
    "train_*": SESSION,  # "How many", unit (kept in SETTINGS), the earlier run shown, buttons
    "train_digits_page": NETWORK,  # a page of this network's first-layer neurons
    "trace_*": SESSION,  # downloads, expanders
    "trace_upload": MIRROR,  # the uploader (its refusal lives in ERRORS)
    "trace_step": NETWORK,  # a step of this network's history
    "check_*": SESSION,  # the variant (kept in SETTINGS), the button, the figure
    "check_subset": NETWORK,  # parameters to check: its default is this network's count
    "quiz_*": NETWORK,  # the choice of value and the typed answer belong to this network's question
    "presets_*": SESSION,  # the Load buttons
    "present_*": SESSION,  # the presenter's exit button and key listener
    "keys_*": SESSION,  # the key list's expander and the letter keys' switch (mirroring LETTERS)
    "present_fig": NETWORK,  # the presenter element's last pick (copied into SELECTION)
    "lesson_*": SESSION,  # the Lessons page's choices, buttons, note and answer boxes
    "lesson_fig": NETWORK,  # the lesson element's last pick (copied into SELECTION)
    "lesson_upload": MIRROR,  # the uploader (its refusal lives in ERRORS)
    "live_*": SESSION,  # the live class: the teacher's panel and the student's join, follow and answer controls
    "live_fig": NETWORK,  # the followed element's last pick (copied into SELECTION)
    "viewport": SESSION,  # the window size the browser last reported (ui.common.viewport)
    "document_lang": SESSION,  # the element that sets <html lang> (ui.common.document)
    "phase": SESSION,  # the phase line's container on every stage (ui.stage.stage), a hook for the browser tests
    "compare_*": SESSION,  # runs chosen, step and layer (kept in SETTINGS), names, buttons, the one change
    "compare_upload": MIRROR,  # the runs uploader (its refusal lives in ERRORS)
}.items():
    _declare(_name, _scope, widget=True)


def of(name: str) -> Key | None:
    """The declaration of a session key: its exact name, else the longest prefix; None if undeclared."""
    if name in KEYS:
        return KEYS[name]
    prefixes = [k for k in KEYS if k.endswith("*") and name.startswith(k[:-1])]
    return KEYS[max(prefixes, key=len)] if prefixes else None


def plain_keys(scope: str) -> list[str]:
    """The plain (non-widget) keys of a scope."""
    return [k.name for k in KEYS.values() if k.scope == scope and not k.widget]


def dropped_by_install(from_outside: bool) -> tuple[str, ...]:
    """The scopes install drops: the network's, and the source's too for a whole new scenario."""
    return (NETWORK, SOURCE) if from_outside else (NETWORK,)
