"""The browser window's size, as a hint for sizing the network figure, and the narrow-screen sidebar.

The network element (viz.element) lays out its fonts and circles in pixels and Streamlit tells Python
nothing about the screen, so a small component reports the window's size (rounded to 40 px) whenever it differs from the size the
last run drew for: one extra run when a session opens on a phone or a projector, none on a laptop
at the default size. The same component closes the sidebar after a page is chosen on a narrow
screen: Streamlit does so itself only for a phone's user agent, not for a narrow window.
"""
import numpy as np
import streamlit as st
import streamlit.components.v2 as components

from viz.palette import FONT

KEY = "viewport"  # the component's key; its state holds the last reported [width, height]
DEFAULT = (1280, 800)  # what a session assumes before its browser has reported anything
NARROW = 640  # px: below this Streamlit stacks columns, and the sidebar covers the page
SHORT_LABELS = 1260  # px: below this the six step buttons have too little room for their whole labels (the
# main area beside the sidebar is 820 px at 1280); ui.common.style stacks their short labels under the icons

JS = """
export default function ({ data, setStateValue }) {
  const round = (v) => Math.round(v / 40) * 40;
  const report = () => {
    const w = round(window.innerWidth), h = round(window.innerHeight);
    // a phone's address bar moves the height by ~10% while scrolling: not worth a rerun
    if (w !== data.w || Math.abs(h - data.h) > 0.2 * data.h) setStateValue("size", [w, h]);
  };
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  report();
  window.addEventListener("resize", later);
  if (!window.__bpSidebarCloser) {  // once per tab: the component mounts again on every page
    window.__bpSidebarCloser = true;
    document.addEventListener("click", (e) => {
      if (window.innerWidth >= 768 || !e.target.closest('[data-testid="stSidebarNav"] a')) return;
      // after Streamlit's own handler, which already closes it for a phone's user agent
      setTimeout(() => {
        const bar = document.querySelector('[data-testid="stSidebar"]');
        if (bar && bar.getAttribute("data-collapsed") === "false")
          document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
      }, 400);
    }, true);
  }
  return () => { clearTimeout(timer); window.removeEventListener("resize", later); };
}
"""

_reporter = components.component("backprop_viewport", js=JS)


def size() -> tuple[int, int]:
    """The last reported (width, height) of the browser window in CSS px; DEFAULT before any report."""
    state = st.session_state.get(KEY) or {}
    got = state.get("size") if hasattr(state, "get") else None
    return (int(got[0]), int(got[1])) if got else DEFAULT


def watch():
    """Mount the reporter (every run, in the sidebar: it draws nothing)."""
    w, h = size()
    _reporter(key=KEY, data={"w": w, "h": h}, on_size_change=lambda: None)


def narrow() -> bool:
    return size()[0] < NARROW


def figure_box(share: float, above: int) -> dict:
    """width, height and font (px) for a network figure in a column taking `share` of the main
    area's width (the whole width on a narrow screen, where columns stack), with about `above` px
    of the page above it that should stay in view: keywords for viz.element.payload."""
    w, h = size()
    rem = rem_px()
    sidebar = 300 if w >= 768 else 0  # Streamlit's sidebar sits beside the page from 768 px
    main = w - sidebar - (10 * rem if w >= NARROW else 2 * rem)  # the main block's side padding
    width = main if w < NARROW else share * main - 1.5 * rem  # minus the gap between columns
    return {"width": max(width, 240), "height": max(h - above * rem / 16, 320), "font": font_for(w)}


def rem_px() -> int:
    """px of the page's rem: ui.common.style enlarges the page's text on a projector (from 1600 px wide)."""
    return 18 if size()[0] >= 1600 else 16


def font_for(width: int) -> int:
    """px of the figure's text in a window `width` px wide: FONT on a 1280 px laptop."""
    return int(np.clip(round(FONT * (width / DEFAULT[0]) ** 0.8), 12, 22))
