"""The presenter view: the network filling a projector's screen, projector-size type, the phase line
and the selected neuron's or weight's formulas beside it, stepped by keys or a clicker (ui.stage.keyboard).

On (?present=1 or the sidebar's switch) it hides the sidebar, the header and the Step page's secondary
controls; its CSS is injected only while it is on, so the normal pages never carry it."""
import streamlit as st

from ui.common import style, viewport
from ui.common.presenter import switch
from ui.stage import keyboard
from ui.session.keys import BLANK
from ui.session.text import t

FACTOR = 1.8  # the figure's sizes at 1920x1080: its 14 px text becomes 25 px (the element scales to its column)
SCREEN = (1080, 640, 2400)  # px of window height: the one FACTOR is for, the range it is scaled within
ABOVE = 9.5  # rem above the stage: the exit button, the container's padding and the gaps (--bp-above below)
LEGEND_LINES = 4 * 1.4  # the element's legend under its SVG (three lines where it wraps), in --bp-legend-font
PADDING, GAP = 2.4, 2.0  # rem: the block container's side padding (CSS below), st.columns' "medium" gap
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stExpandSidebarButton"] {display: none !important;}
.block-container {padding: 0.6rem 1.2rem 0 1.2rem !important; max-width: 100% !important;}
.stApp, .stApp [data-testid="stMain"] {background: var(--bp-paper); color: var(--bp-ink);}
/* The stage (figure, side column) takes the rest of the screen. Above it: the exit button, the
   container's padding and the gaps (8.5rem, measured), then the phase line, 1.25 lines of its font;
   1rem stays free below. */
.stApp {--bp-phase-font: max(1.5rem, 3vh); --bp-above: 9.5rem;
  --bp-stage: calc(100vh - var(--bp-above) - 1.25 * var(--bp-phase-font));}
.st-key-phase [data-testid="stAlertContainer"] {background: var(--bp-phase) !important;
  border: 3px solid var(--bp-ink);}
.st-key-phase [data-testid="stAlert"] * {color: var(--bp-ink) !important;}
.st-key-phase [data-testid="stAlert"] p {font-size: var(--bp-phase-font); line-height: 1.25;}
/* The network element scales its SVG to the column's width (laid out for design(): FACTOR larger at
   1080 px), and no taller than the stage less its legend (LEGEND_LINES of the legend's font). */
.st-key-present_fig {--bp-legend-font: max(1.1rem, 2vh);}
.st-key-present_fig [data-bp-figure] {--bp-ink: inherit !important;}  /* the presenter's black or white */
.st-key-present_fig .bp-svg {max-width: none !important;
  max-height: max(240px, calc(var(--bp-stage) - 4 * 1.4 * var(--bp-legend-font)));}
/* --bp-room: what the window leaves under the lines above, as the element measured it (they may wrap) */
@media screen {.st-key-present_fig .bp-svg {max-height: min(max(240px, calc(var(--bp-stage) - 4 * 1.4 *
  var(--bp-legend-font))), var(--bp-room, 100vh));}}
.st-key-present_fig .bp-legend, .st-key-present_fig .bp-note, .st-key-present_fig .bp-tip
  {font-size: var(--bp-legend-font);}
.st-key-present_side, .st-key-present_side p, .st-key-present_side td, .st-key-present_side th
  {font-size: max(1.3rem, 2.5vh); color: var(--bp-ink);}
/* no scroll region of its own: one the keyboard could not reach (the arrows step the network); a long
   note runs on below the stage, the page scrolling (Space, the wheel) */
.st-key-present_side .katex-display {overflow-x: auto; overflow-y: hidden;}
/* a formula at the side's own size: it wraps in its column (ui.common.style) rather than shrinking to fit it */
.st-key-present_side .katex-display > .katex {font-size: calc(1.1 * max(1.3rem, 2.5vh)) !important;}
/* the exit button's row keeps the button's height: the key list opens over the stage, not above it */
.st-key-present_top, .st-key-keys_list {max-height: 2.5rem; overflow: visible !important; z-index: 10;}
.st-key-present_top .st-key-keys_list {flex: 0 0 22rem !important; width: 22rem !important;}
.st-key-present_top [data-testid="stExpander"] {background: var(--bp-paper);}
.st-key-present_top [data-testid="stExpander"] summary {padding-top: 0.3rem; padding-bottom: 0.3rem;}
/* Printed as the Step page prints (ui.common.style.PRINT stacks the columns at A4's width): the figure at
   a height that leaves the page room for the phase line and the formulas under it, none of them cut by
   the screen's heights (the figure had spilled over two pages, its bottom row over the Selected panel) */
@media print {
  .stApp {--bp-stage: 95mm;}
  .st-key-present_top {display: none !important;}
  .st-key-present_fig {height: 95mm !important; min-height: 0 !important; break-inside: avoid;}
  .st-key-present_side {max-height: none !important; overflow: visible !important; break-inside: avoid;}
  .st-key-present_side, .st-key-present_side p, .st-key-present_side td, .st-key-present_side th {font-size: 9pt;}
  .st-key-present_side .katex-display {margin: 0.2em 0;}
  .st-key-present_side .katex-display > .katex {font-size: 9pt !important;}
  .st-key-present_side [data-testid="stVerticalBlock"] {display: block;}  /* no screen-size gaps */
  .st-key-present_side [data-testid="stElementContainer"] {break-inside: avoid; margin-bottom: 0.3rem;}
  .st-key-phase [data-testid="stAlert"] p {font-size: 12pt;}
}
.stApp:has(.bp-blank)::after {content: ""; position: fixed; inset: 0; background: #000000; z-index: 999999;}
</style>
"""
# high contrast: black on white, or white on black when the system asks for a dark page
INKS = {False: ":root {--bp-paper: #ffffff; --bp-ink: #000000; --bp-phase: #fff4c2;}",
        True: ":root {--bp-paper: #000000; --bp-ink: #ffffff; --bp-phase: #2b2500;}"}
# B's blank screen: a marker element that the CSS above blacks the page for. Not a style of its own: a
# style-only st.html goes to Streamlit's event container, which a fragment's run does not clear.
BLANK_MARK = '<div class="bp-blank"></div>'


def frame(extra_css: str = "", with_keys: bool = True):
    """The presenter's CSS, the keys (unless the caller draws them in a fragment), and the way out (a
    whole-app run: the sidebar comes back)."""
    st.html(f"<style>{INKS[style.dark()]}</style>" + CSS + extra_css)
    if with_keys:
        listen()
    with st.container(horizontal=True, vertical_alignment="top", key="present_top"):
        st.button(t("present.exit"), key="present_exit", icon=":material/close_fullscreen:", on_click=switch,
                  args=(False,), help=t("present.keys_help"))
        keyboard.key_list()


def listen():
    """The key listener, and the blank screen while B holds it."""
    if st.session_state.get(BLANK):
        st.html(BLANK_MARK)
    keyboard.listen()


def factor() -> float:
    """How much the figure grows: FACTOR at 1080 px of window height, in proportion elsewhere."""
    height = viewport.size()[1]
    return FACTOR * min(max(height, SCREEN[1]), SCREEN[2]) / SCREEN[0]


def design() -> dict:
    """The size (px) the big figure is laid out for: its column's width divided by factor(), so that
    once scaled up it fits the column (a phone or a narrow window stacks the columns and the figure
    takes the whole width), and the stage's height less the legend, divided likewise (as the CSS above
    works them out: a lesson's stage, lower on the screen, scales the figure down a little to fit)."""
    rem = viewport.rem_px()
    width, height = viewport.size()
    inner = width - PADDING * rem
    column = inner if viewport.narrow() else 0.6 * inner - GAP * rem / 2  # st.columns([3, 2], gap="medium")
    stage = height - ABOVE * rem - 1.25 * max(1.5 * rem, 0.03 * height)
    legend = LEGEND_LINES * max(1.1 * rem, 0.02 * height)
    return {"width": max(column / factor(), 240), "height": max((stage - legend) / factor(), 240)}
