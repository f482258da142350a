"""The sidebar's "Copy link" button, and the warning beside it when the link cannot carry the network.

The button is a components-v2 element (inline HTML and JavaScript in the page, no iframe): it copies
the address bar, which state.share keeps equal to the network's link on every run.
"""
import html

import streamlit as st

from engine.text import i18n

from ui.session import state
from ui.session.text import count, lang, t

# The label is in the HTML itself (one element per language), so the button has its name before its script
# runs: axe-core, and a screen reader arriving early, found a button with no name
HTML = """<button type="button" class="copy"><span class="icon" aria-hidden="true">link</span><span class="label">{label}</span></button>
<div class="status" role="status"></div><input class="url" readonly hidden>"""

CSS = """
.copy { display: inline-flex; align-items: center; gap: 0.5rem; width: 100%; justify-content: center;
  min-height: 2.5rem; padding: 0.25rem 0.75rem; cursor: pointer; font: inherit;
  font-size: var(--st-base-font-size, 1rem); color: var(--st-text-color, inherit);
  background: var(--st-background-color, transparent); border: 1px solid var(--st-border-color, #d5dae5);
  border-radius: var(--st-button-radius, 0.5rem); }
.copy:hover, .copy:focus-visible { border-color: var(--st-primary-color, #ff4b4b);
  color: var(--st-primary-color, #ff4b4b); }
.copy:focus-visible { outline: 3px solid var(--st-primary-color, #b0283c); outline-offset: 2px; }
.icon { font-family: "Material Symbols Rounded"; font-size: 1.25rem; line-height: 1; }
.status { font-size: 0.875rem; min-height: 0; padding-top: 0.25rem; color: var(--st-text-color, inherit); }
.status:empty { display: none; }
.url { width: 100%; box-sizing: border-box; font-size: 0.875rem; margin-top: 0.25rem; }
"""

# The address is read at the click, so it holds the page and the query as they are then. The
# Clipboard API exists only in secure contexts (https, localhost); a classroom server on plain http
# falls back to the older copy command, and failing that shows the address to copy by hand.
JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector(".copy");
  const status = parentElement.querySelector(".status");
  const url = parentElement.querySelector(".url");
  parentElement.querySelector(".label").textContent = data.label;
  button.title = data.help;
  function fallback(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  button.onclick = async () => {
    const text = window.location.href;
    let ok = false;
    try { await navigator.clipboard.writeText(text); ok = true; } catch (e) { ok = fallback(text); }
    button.dataset.copied = ok ? text : "";
    status.textContent = ok ? data.copied : data.failed;
    url.hidden = ok;
    if (!ok) { url.value = text; url.select(); }
  };
}
"""

_copy_buttons = {lang: st.components.v2.component(f"backprop_copy_link_{lang}", css=CSS, js=JS,
                                                   html=HTML.format(label=html.escape(i18n.text(lang, "link.copy"))))
                 for lang in i18n.LANGS}


def draw():
    """The Copy link button (in the sidebar) and, under it, what the link will not carry."""
    _copy_buttons[lang()](key="side_copy_link", data={"label": t("link.copy"), "help": t("link.copy_help"),
                                             "copied": t("link.copied"), "failed": t("link.copy_failed")})
    warn()


def warn():
    """Name what a copied link would not carry, before it is shared, instead of a link that opens
    another network without a word."""
    _, gaps = state.link()
    if not gaps:
        return
    m = count("training_sample", len(state.source().get("X", [])))
    listed = "\n".join(f"- {t(f'link.gap_{gap}', m=m)}" for gap in gaps)
    st.warning(f"{t('link.not_carried')}\n\n{listed}\n\n{t('link.keep')}", icon=":material/link_off:")
