"""Session state: the network, its step machine and the selection live under plain keys.

Widget keys vanish when their page is not drawn; these keys do not, so switching pages loses
nothing. Every key is declared in ui.session.keys with its lifetime; install() drops what belonged to the
network it replaces. Every value here belongs to one browser session; nothing is kept at module level.
"""
import copy

import streamlit as st

from engine import EngineError, Stepper

from engine.core.scenarios import scenario

from engine.teach.textbook import presets
from ui.query import codec, links
from ui.session import keys, saved_runs
from ui.session.keys import (CSV, DATA_MODE, DIGITS, MOTION, ERRORS, LESSON, LINK, LIVE, NOTATION, NOTICE, PRESENT, PRESET, RUNS, SCENARIO, SELECTION,
                     SETTINGS, STEPPER, TRAIN_LOG, VIEW)
from ui.session.text import LANG, choose_lang, lang, t

WIDGET_PREFIX = "build_"  # Build page widgets; their values are written from the scenario (ui.build.form)
BUDGET = 8 * 2**20  # bytes of full step records per session: a classroom shares one server


def bootstrap(query: dict):
    """Create this session's network on its first run: from the link's query, else the default."""
    choose_lang(query)
    if STEPPER in st.session_state:
        return
    st.session_state[VIEW] = {"node": "a", "edge": "W", "column": 0}
    st.session_state[NOTATION] = "engine"
    st.session_state[DIGITS] = 4
    st.session_state[MOTION] = True
    st.session_state[SETTINGS] = {}
    st.session_state[RUNS] = []
    found = None
    try:
        found = links.from_query(query, lang())
    except EngineError as exc:
        tell("warning", t("app.bad_link", error=exc.text(lang())))
    # the default is copied: the session's own, nothing shared between sessions is edited
    src, preset = found or (copy.deepcopy(codec.DEFAULT), None)
    install(src, preset=preset)
    if preset:  # as the Presets page's Load does: the names its source writes
        st.session_state[NOTATION] = presets.get(preset).notation


def install(src: dict, stepper: Stepper | None = None, from_outside: bool = True, preset: str | None = None):
    """Make src the current network (raises EngineError, changing nothing, when it is invalid).

    Every per-network key goes (ui.session.keys), its training history into the session's runs first.
    from_outside: a whole new scenario (a file, a preset, a link), not one Build page edit; the source's
    keys go too (the old refusals, the chosen data mode, the CSV table). A Build page edit that makes
    another network (other layers, activations, loss or data) drops the title, description and quirks
    of the example it came from (codec.another), saying so when a quirk goes. preset: the name of the
    textbook preset src is (a link then names it; a file holding exactly a preset is recognised);
    Build page edits keep the one in force.
    """
    lost = {}
    if stepper is None and not from_outside and SCENARIO in st.session_state:
        src, lost = codec.another(source(), src)
    stepper = stepper or Stepper(scenario.parse(src), budget=BUDGET)
    if STEPPER in st.session_state:
        saved_runs.keep()
    drop(keys.dropped_by_install(from_outside))
    st.session_state[SCENARIO] = src
    st.session_state[STEPPER] = stepper
    if from_outside:
        st.session_state[DATA_MODE] = codec.data_mode(src)
        st.session_state[PRESET] = preset or links.recognise(src)
    if set(lost) & set(codec.QUIRKS):  # the title alone goes without a word: it only names the example
        tell("info", " ".join([t("state.detached", title=lost["title"])] +
                              [t(f"state.detached_{field}") for field in codec.QUIRKS if field in lost]))
    share()


def drop(scopes):
    """Drop every session key of the scopes (widget keys by prefix) and set the plain keys that
    start afresh; iterates the declaration, so a newly declared key is never forgotten here."""
    for name in list(st.session_state):
        key = keys.of(str(name))
        if key is not None and key.scope in scopes:
            del st.session_state[name]
    for key in keys.KEYS.values():
        if key.scope in scopes and key.fresh is not None:
            st.session_state[key.name] = key.fresh()


def snapshot() -> dict:
    """The per-network plain keys as they are, and the newest run, for an undo to bring back (restore)."""
    kept = {name: st.session_state[name] for name in keys.plain_keys(keys.NETWORK) if name in st.session_state}
    return {"keys": kept, "runs": saved_runs.newest()}


def restore(saved: dict):
    """Bring back a snapshot: the network and everything that belonged to it, nothing of the one after."""
    drop((keys.NETWORK,))
    saved_runs.forget_after(saved["runs"])  # the history kept when the snapshot's network went is current again
    for name, value in saved["keys"].items():
        st.session_state[name] = value
    share()


def share():
    """Keep the configuration and language in the URL so a teacher can hand out the link.

    Called on every run: the browser drops the query when the page changes. Written only when it
    differs, since each write sends the browser a message.
    """
    query = dict(link()[0])
    if lang() != "en":
        query[LANG] = lang()
    if st.session_state.get(PRESENT):  # a reload stays in the presenter view
        query["present"] = "1"
    live = st.session_state.get(LIVE) or {}
    if live.get("role") == "student":  # a student's reload joins again (the teacher's secret never shows)
        query["join"] = live["code"]
    les = st.session_state.get(LESSON)  # a built-in lesson on its own network (ui.lessons.player.attached)
    if les and les["name"] and les["stepper"]() is stepper():  # stays in the address: a reload reopens it
        query["lesson"] = les["name"]
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
    chosen, implied = st.session_state.get(DATA_MODE), codec.data_mode(source())
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
    """Show (once) the messages left by actions on a previous run."""
    for kind, text in st.session_state.pop(NOTICE, []):
        getattr(st, kind)(text)


def tell(kind: str, text: str):
    st.session_state.setdefault(NOTICE, []).append((kind, text))


def setting(key: str, default):
    """A page setting's value for the widget under key: the last one chosen this session (the widget
    itself forgets it whenever its page is left). The widget keeps it with on_change=keep."""
    return st.session_state[SETTINGS].get(key, default)


def keep(key: str):
    st.session_state[SETTINGS][key] = st.session_state[key]
