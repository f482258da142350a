"""Session state: the network, its step machine and the selection live under plain keys.

Widget keys vanish when their page is not drawn; these keys do not, so switching pages loses
nothing. Every value here belongs to one browser session; nothing is kept at module level.
"""
import copy

import streamlit as st

from engine import EngineError, Stepper, presets, scenario
from ui import config, links
from ui.text import LANG, choose_lang, lang, t

SCENARIO = "scenario"  # the scenario dict the current network was built from
STEPPER = "stepper"  # engine.Stepper: parameters, step records, cursor
SELECTION = "selection"  # id of the selected neuron ("n1_0") or edge ("e1_0_1"), or None
TRAIN_LOG = "train_log"  # list of dicts: step, train/test cost and accuracy, logged while training
NOTICE = "notice"  # (kind, text) shown once on the next page drawn, e.g. after an import
ERRORS = "errors"  # field or uploader key -> message of its last refused value, shown next to its widget
DATA_MODE = "data_mode"  # the Build page's chosen data source: "sample", "dataset" or "csv"
CSV = "csv"  # {"file", "data" (bytes), "names", "targets"} of the CSV upload the network trains on
VIEW = "view"  # Step page display choices: node and edge quantity, sample column
NOTATION = "notation"  # textbook notation of names: engine, ng, ufldl, nielsen
DIGITS = "digits"  # significant digits of the numbers shown (exact values on hover)
PRESET = "preset"  # name of the textbook preset the network was loaded from (kept through Build changes), or None
LINK = "link"  # {"src", "preset", "query", "gaps"}: the network's link and what it cannot carry, worked out once
WIDGET_PREFIX = "build_"  # Build page widgets; their values are written from the scenario (ui.form)
BUDGET = 8 * 2**20  # bytes of full step records per session: a classroom shares one server


def bootstrap():
    """Create this session's network on its first run: from the link's query, else the default."""
    choose_lang()
    if STEPPER in st.session_state:
        return
    st.session_state[VIEW] = {"node": "a", "edge": "W", "column": 0}
    st.session_state[NOTATION] = "engine"
    st.session_state[DIGITS] = 4
    found = None
    try:
        found = links.from_query(dict(st.query_params), lang())
    except EngineError as exc:
        st.session_state[NOTICE] = ("warning", t("app.bad_link", error=exc.text(lang())))
    # the default is copied: the session's own, nothing shared between sessions is edited
    src, preset = found or (copy.deepcopy(config.DEFAULT), None)
    install(src, preset=preset)
    if preset:  # as the Presets page's Load does: the names its source writes
        st.session_state[NOTATION] = presets.get(preset).notation


def install(src: dict, stepper: Stepper | None = None, from_outside: bool = True, preset: str | None = None):
    """Make src the current network (raises EngineError, changing nothing, when it is invalid).

    from_outside: a whole new scenario (a file, a preset, a link), not one Build page edit; the old
    refusals, the chosen data mode and the CSV table belonged to the network it replaces. preset: the
    name of the textbook preset src is (a link then names it; a file holding exactly a preset is
    recognised); Build page edits keep the one in force.
    """
    stepper = stepper or Stepper(scenario.parse(src), budget=BUDGET)
    st.session_state[SCENARIO] = src
    st.session_state[STEPPER] = stepper
    st.session_state[SELECTION] = None
    st.session_state[TRAIN_LOG] = []
    st.session_state.pop("changes", None)  # an edit's list of moved values belongs to the old network
    if from_outside:
        st.session_state[ERRORS] = {}
        st.session_state[DATA_MODE] = config.data_mode(src)
        st.session_state.pop(CSV, None)
        st.session_state[PRESET] = preset or links.recognise(src)
    share()


def share():
    """Keep the configuration and language in the URL so a teacher can hand out the link.

    Called on every run: the browser drops the query when the page changes. Written only when it
    differs, since each write sends the browser a message.
    """
    query = dict(link()[0])
    if lang() != "en":
        query[LANG] = lang()
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def link() -> tuple[dict, list[str]]:
    """The network's link query (without the language) and what opening it would not bring back
    (links.gaps); worked out once per network, since finding the gaps builds the network the link opens."""
    src, preset = source(), st.session_state.get(PRESET)
    memo = st.session_state.get(LINK)
    if not memo or memo["src"] is not src or memo["preset"] != preset:
        query = links.to_query(src, preset)
        memo = {"src": src, "preset": preset, "query": query, "gaps": links.gaps(src, query)}
        st.session_state[LINK] = memo
    return memo["query"], memo["gaps"]


def stepper() -> Stepper:
    return st.session_state[STEPPER]


def source() -> dict:
    return st.session_state[SCENARIO]


def data_mode() -> str:
    """The chosen data mode, unless the scenario changed under it (then the mode it implies); CSV may
    wait for an upload over any data."""
    chosen, implied = st.session_state.get(DATA_MODE), config.data_mode(source())
    return chosen if chosen in (implied, "csv") else implied


def view_choice() -> dict:
    return st.session_state[VIEW]


def refusals(*fields):
    """The message of each refused value or upload among fields (Build fields, uploader keys), next
    to its widget: call it right under the widget. A message stays until that widget is used again."""
    found = st.session_state[ERRORS]
    for field in fields:
        if field in found:
            st.error(found[field], icon="⚠️")


def notice():
    """Show (once) a message left by an action on a previous run."""
    kind, text = st.session_state.pop(NOTICE, (None, None))
    if kind:
        getattr(st, kind)(text)


def tell(kind: str, text: str):
    st.session_state[NOTICE] = (kind, text)
