"""The presenter's keys: one listener (a Streamlit components v2 component, inline JS) that turns a key
press into the same callbacks the Step page's buttons use (ui.common.actions), so no step logic is written twice.

→ / PageDown: the next sub-step (forward layer, loss, backward layer or update, whatever comes next);
← / PageUp: one sub-step back; N: a whole step; Z / A / D: z, a or δ on the neurons; W / G / U: weight,
gradient or update on the edges; B: blank the screen (again: back). A clicker sends PageDown / PageUp.
A key typed into a text or number box, a select or an editable element is never taken, nor one held
with Ctrl, Alt or Meta (the browser's own shortcuts). The single-letter keys (WCAG 2.1.4) act only while the
focus is on the page itself or on the figure (the Lessons page's N took a whole step from its focused
Open button), and can be turned off; an arrow is left to a focused group of options or slider, whose own
key it is. The key list is a table in an expander beside the off switch, not a tooltip, so a screen
reader reaches it."""
import streamlit as st

from ui.common import actions
from ui.session import state
from ui.session.keys import BLANK, LETTERS
from ui.session.text import t

KEY = "present_keys"  # the component's widget key
MOVES = {"next": "sub_step", "prev": "back", "whole": "step"}  # key action -> Stepper move (ui.common.actions.move)
VIEWS = {"z": ("node", "z"), "a": ("node", "a"), "d": ("node", "delta"),
         "w": ("edge", "W"), "g": ("edge", "dW"), "u": ("edge", "update")}
PRESSES = {"ArrowRight": "next", "PageDown": "next", "ArrowLeft": "prev", "PageUp": "prev", "n": "whole",
           "b": "blank", **{k: k for k in VIEWS}}

FIGURE = ".st-key-step_fig, .st-key-present_fig, .st-key-lesson_fig"  # where a letter key still acts
OWN_ARROWS = '[role="radiogroup"], [role="slider"], [role="listbox"], [role="tablist"], [role="menu"], [role="grid"]'

# One document listener, reading what the newest mount gave it: a mount with new data (the letter keys
# turned off) may run before the last one is cleaned up, and a listener per mount kept the old data.
JS = """
export default function (component) {
  const keys = window.backpropKeys = window.backpropKeys || {};
  const token = {};
  Object.assign(keys, {token, data: component.data, trigger: component.setTriggerValue});
  const typing = (el) => el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
    || el.getAttribute('role') === 'combobox' || el.getAttribute('role') === 'textbox');
  const onPage = (el, data) => !el || el === document.body || el === document.documentElement
    || el.closest(data.figure);
  if (!keys.listening) {
    keys.listening = true;
    document.addEventListener('keydown', (e) => {
      const data = keys.data;
      if (!data || e.ctrlKey || e.altKey || e.metaKey || e.repeat || typing(e.target)) return;
      const letter = e.key.length === 1;
      if (letter ? !(data.letters && onPage(e.target, data)) : e.target.closest && e.target.closest(data.own)) return;
      const press = data.presses[e.key] || data.presses[e.key.toLowerCase()];
      if (!press) return;
      e.preventDefault();  // PageDown would scroll the page as well
      keys.trigger('press', press);
    });
  }
  return () => { if (keys.token === token) keys.data = null; };  // the page left: no keys until mounted again
}
"""
_listener = st.components.v2.component("backprop_keys", js=JS)


def listen():
    """Mount the listener (once per page run); a press reruns with its callback."""
    letters = st.session_state.get(LETTERS, True)
    _listener(key=KEY, data={"presses": PRESSES, "letters": letters, "figure": FIGURE, "own": OWN_ARROWS},
              on_press_change=pressed, height=0)


def key_list():
    """The keys as a table a screen reader reaches, and the switch that turns the letter keys off."""
    with st.expander(t("keys.title"), icon=":material/keyboard:", key="keys_list"):
        st.markdown(t("keys.table"))
        st.session_state["keys_letters"] = st.session_state.get(LETTERS, True)
        st.toggle(t("keys.letters"), key="keys_letters", on_change=_letters, help=t("keys.letters_help"))


def _letters():
    st.session_state[LETTERS] = st.session_state["keys_letters"]


def pressed():
    """The callback of a key press: the button's callback it stands for."""
    result = st.session_state.get(KEY)
    press(result.get("press") if result else None)


def press(what):
    """Do what a key stands for (a name of PRESSES' values); an unknown one does nothing."""
    if what in MOVES:
        actions.move(MOVES[what])
    elif what in VIEWS:
        state.view_choice()[VIEWS[what][0]] = VIEWS[what][1]
    elif what == "blank":
        st.session_state[BLANK] = not st.session_state.get(BLANK, False)
