"""Session state: the network, its step machine and the selection live under plain keys.

Widget keys vanish when their page is not drawn; these keys do not, so switching pages loses
nothing. Every value here belongs to one browser session; nothing is kept at module level.
"""
import streamlit as st

from engine import EngineError, Stepper, scenario
from ui import config
from ui.text import LANG, choose_lang, lang, t

SCENARIO = "scenario"  # the scenario dict the current network was built from
STEPPER = "stepper"  # engine.Stepper: parameters, step records, cursor
SELECTION = "selection"  # id of the selected neuron ("n1_0") or edge ("e1_0_1"), or None
TRAIN_LOG = "train_log"  # list of dicts: step, train/test cost and accuracy, logged while training
NOTICE = "notice"  # (kind, text) shown once on the next page drawn, e.g. after an import
ERRORS = "errors"  # field -> message of the Build page's last refused values
VIEW = "view"  # Step page display choices: node and edge quantity, sample column
NOTATION = "notation"  # textbook notation of names: engine, ng, ufldl, nielsen
DIGITS = "digits"  # significant digits of the numbers shown (exact values on hover)
WIDGET_PREFIX = "build_"  # Build page widgets; dropped when the scenario is replaced from outside
BUDGET = 8 * 2**20  # bytes of full step records per session: a classroom shares one server


def bootstrap():
    """Create this session's network on its first run: from the link's query, else the default."""
    choose_lang()
    if STEPPER in st.session_state:
        return
    st.session_state[VIEW] = {"node": "a", "edge": "W", "column": 0}
    st.session_state[NOTATION] = "engine"
    st.session_state[DIGITS] = 4
    st.session_state[ERRORS] = {}
    src = config.DEFAULT
    try:
        src = config.from_query(dict(st.query_params)) or src
    except EngineError as exc:
        st.session_state[NOTICE] = ("warning", t("app.bad_link", error=str(exc)))
    install(src, from_outside=False)


def install(src: dict, stepper: Stepper | None = None, from_outside: bool = True):
    """Make src the current network (raises EngineError, changing nothing, when it is invalid)."""
    stepper = stepper or Stepper(scenario.parse(src), budget=BUDGET)
    st.session_state[SCENARIO] = src
    st.session_state[STEPPER] = stepper
    st.session_state[SELECTION] = None
    st.session_state[TRAIN_LOG] = []
    st.session_state[ERRORS] = {}
    st.session_state.pop("changes", None)  # an edit's list of moved values belongs to the old network
    if from_outside:
        for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIX)]:
            del st.session_state[key]
    share(src)


def share(src: dict | None = None):
    """Keep the configuration and language in the URL so a teacher can hand out the link."""
    query = config.to_query(src or source())
    if lang() != "en":
        query[LANG] = lang()
    st.query_params.from_dict(query)


def stepper() -> Stepper:
    return st.session_state[STEPPER]


def source() -> dict:
    return st.session_state[SCENARIO]


def view_choice() -> dict:
    return st.session_state[VIEW]


def notice():
    """Show (once) a message left by an action on a previous run."""
    kind, text = st.session_state.pop(NOTICE, (None, None))
    if kind:
        getattr(st, kind)(text)


def tell(kind: str, text: str):
    st.session_state[NOTICE] = (kind, text)
