"""The document's language: <html lang> follows the interface's (WCAG 3.1.1), so a screen reader reads
?lang=zh in Chinese and the browser picks Chinese fonts and hyphenation. Streamlit writes lang="en" once;
a components-v2 element (inline JS in the page, no iframe) sets it on every run that changes it."""
import streamlit as st

JS = """
export default function (component) {
  document.documentElement.lang = component.data.lang;
}
"""
_lang = st.components.v2.component("backprop_lang", js=JS)


def mark(lang: str):
    _lang(key="document_lang", data={"lang": {"zh": "zh-Hans"}.get(lang, lang)}, height=0)
