"""Layout CSS: less empty space above the page (but none of it under Streamlit's 60 px header, which
holds the sidebar's button on a phone), calmer titles, the Step page's buttons in one row on a phone,
the Build page's layer rows at widths their words fit; larger text on a projector."""
import html

import streamlit as st

from ui.common.viewport import SHORT_LABELS
from ui.session.text import t
from ui.session.uploads import UPLOAD_LIMIT

# below SHORT_LABELS px the step buttons' short labels stand under their icons, in one row
STEP_BUTTONS = f"""<style>@media (max-width: {SHORT_LABELS - 1}px) {{
  .st-key-step_buttons {{gap: 0.3rem !important; flex-wrap: nowrap !important;}}
  .st-key-step_buttons button {{padding: 0.25rem 0.1rem; min-height: 3.2rem;}}
  .st-key-step_buttons button span[data-has-shortcut] {{flex-direction: column; gap: 0;}}
  .st-key-step_buttons button p {{font-size: 0.75rem; white-space: nowrap;}}
}}</style>"""

CSS = """
<style>
.block-container {padding-top: 4rem; padding-bottom: 1rem; max-width: 100%;}
h1 {font-size: 1.9rem !important; padding-top: 0 !important; padding-bottom: 0.4rem !important;}
[data-testid="stMetricValue"] {font-size: 1.5rem;}
/* a hover label wider than the room on either side of its point (exact values on a phone) passes the
   figure's edge instead of being cut off there */
.js-plotly-plot, .js-plotly-plot .plotly .main-svg {overflow: visible !important;}
[data-testid="stElementContainer"]:has(.js-plotly-plot) {overflow: visible !important;}
.st-key-step_buttons > div {flex: 1 1 0; min-width: 0;}
/* A formula wider than its column wraps: KaTeX cuts a formula into boxes (.base) after each relation and
   operator on its outer level (=, +, ·), and only display mode's nowrap keeps them on one line. A
   formula that fits stays centred; one that wraps takes the column, left-aligned, its later lines
   indented. A single box wider than the column (no operator to break at) still scrolls, never cut. */
[data-testid="stMain"] .katex-display {overflow-x: auto; overflow-y: hidden; padding-bottom: 0.2rem;}
[data-testid="stMain"] .katex-display > .katex {white-space: normal;}
[data-testid="stMain"] .katex-display > .katex > .katex-html {display: inline-block; max-width: 100%;
  text-align: left; padding-left: 2em; text-indent: -2em; box-sizing: border-box;}
[data-testid="stMain"] .katex-display > .katex .base {text-indent: 0; margin-bottom: 0.25em;}
.st-key-step_buttons button {padding-left: 0.4rem; padding-right: 0.4rem;}  /* every label fits at 1280 px (tests/e2e/test_fit.py) */
.st-key-build_layers .stHorizontalBlock {column-gap: 0.5rem;}
.st-key-build_layers .stHorizontalBlock > div {flex: 1 1 5.5rem; min-width: 5.5rem;}
.st-key-build_layers .stHorizontalBlock > div:first-child {flex: 0 0 7rem;}
.st-key-build_layers .stHorizontalBlock p {white-space: nowrap; margin: 0;}
.st-key-build_layers .stHorizontalBlock [data-testid="stMarkdown"],
.st-key-build_layers .stHorizontalBlock [data-testid="stMarkdown"] > div {margin-bottom: 0 !important;}
@media (min-width: 1600px) {html {font-size: 18px;}}
</style>
"""


# ---- Print and night -------------------------------------------------------------------------------
# Printed, a page keeps what a student reads: the figures, the phase line, the numbers and tables; the
# sidebar, Streamlit's header and toolbars, every button and input go. Columns stack so the figure gets
# the full width of an A4 or Letter page (180 mm fits both with 12-15 mm margins).
PRINT = """
<style>
@media print {
  @page {margin: 12mm;}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"], .modebar-container,
  [data-testid="stButton"], [data-testid="stDownloadButton"], [data-testid="stFormSubmitButton"],
  [data-testid="stNumberInput"], [data-testid="stTextInput"], [data-testid="stTextArea"],
  [data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stSlider"], [data-testid="stRadio"],
  [data-testid="stCheckbox"], [data-testid="stToggle"], [data-testid="stButtonGroup"],
  [data-testid="stFileUploader"], [data-testid="stPageLink"], [data-testid="stTooltipIcon"],
  iframe, .stCustomComponentV1 {display: none !important;}
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    background: white !important; color: black !important;}
  [data-testid="stMain"] {margin-left: 0 !important;}
  [data-testid="stMain"] .block-container {max-width: 180mm !important; padding: 0 !important; margin: 0;}
  [data-testid="stHorizontalBlock"] {flex-wrap: wrap !important;}
  [data-testid="stColumn"] {flex: 1 1 100% !important; width: 100% !important; min-width: 100% !important;}
  [data-testid="stPlotlyChart"], [data-bp-figure] {break-inside: avoid; print-color-adjust: exact;
    -webkit-print-color-adjust: exact;}
}
</style>
"""
# ---- Seen by everyone ------------------------------------------------------------------------------
# WCAG 2.2 AA where Streamlit's own styles fall short (its [theme] in .streamlit/config.toml does the rest):
# a focus ring of 3 px in an ink 3:1 or more against the page (Streamlit's is its primary colour at half
# opacity, 2.2:1, and a sidebar link had none that showed, 1.11:1); on a dark page the selected option of
# a toggle group in a light ink (the primary colour on a tint of itself was 3.6:1). Headings under a page's
# h1 are h2 (an h3 skipped a level for a screen reader) at the size the h3s had. A page whose h1 would
# take the figure's room (the Step page, the presenter's) carries it for screen readers only.
ACCESS = """
<style>
:root {--bp-ring: #b0283c;}
#root :is(a, button, summary, input, textarea, [role="option"], [role="radio"], [role="checkbox"], [role="switch"],
  [role="tab"], [tabindex]):focus-visible {  /* #root: above Streamlit's own class rules that take the outline */
  outline: 3px solid var(--bp-ring) !important; outline-offset: 2px !important;}
[data-testid="stMain"] h2 {font-size: 1.5rem; padding-top: 0.75rem; padding-bottom: 0.25rem;}
.bp-sr-only {position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;}
[data-testid="stElementContainer"]:has(.bp-sr-only) {position: absolute; width: 1px; height: 1px; overflow: hidden;}
.st-key-document_lang {position: absolute !important;}  /* takes no row (and no gap) of the page */
</style>
"""
ACCESS_DARK = """
<style>
:root {--bp-ring: #ffb3bb;}
[data-testid="stButtonGroup"] button[aria-checked="true"], [data-testid="stButtonGroup"] button[aria-checked="true"] *
  {color: #ffb3bb !important;}
</style>
"""
# A figure drawn for a dark page has light text: printed, it keeps its dark page behind it.
PRINT_DARK_FIGURE = """
<style>
@media print {[data-testid="stPlotlyChart"], [data-bp-figure] {background: #0e1117 !important;}}
</style>
"""


def dark() -> bool:
    """Whether the browser shows the app dark (it follows the system's preference): figures pick their
    inks by it. Unknown (a test without a browser) counts as light."""
    return st.context.theme.type == "dark"


# Captions still paler than the text but at WCAG AA: Streamlit fades them to 60% opacity, 3.9:1 on white
# and 4.0:1 on its dark page, which axe-core flags
CAPTION = {False: "#64625f", True: "#a3a6ad"}


def apply():
    caption = f'<style>[data-testid="stCaptionContainer"] {{color: {CAPTION[dark()]}; opacity: 1;}}</style>'
    st.html(CSS + STEP_BUTTONS + caption + ACCESS + PRINT + (ACCESS_DARK + PRINT_DARK_FIGURE if dark() else "") + _upload_limit())


def _upload_limit() -> str:
    """The drop zones state the app's own limit: the server lets larger files through (.streamlit/config.toml)
    so that the app refuses them with its message, and Streamlit would print the server's."""
    words = t("io.limit", mb=UPLOAD_LIMIT // 2**20).replace('"', "")
    return (f'<style>[data-testid="stFileUploaderDropzoneInstructions"] span {{display: none;}}'
            f'[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{content: "{words}";'
            f' font-size: 0.875rem;}}</style>')


def heading(text: str):
    """The page's h1 for screen readers only, where a visible title would take the figure's room."""
    st.html(f'<h1 class="bp-sr-only">{html.escape(text)}</h1>')


def lazy_expander(label: str, key: str, expanded: bool = False, icon: str | None = None):
    """An expander whose content runs (and is sent) only while it is open; None while closed. A closed
    expander's heat maps and data editors otherwise cost every rerun a large share of its time."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun", icon=icon)
    return box if box.open else None
