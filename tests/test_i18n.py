"""Both catalogues hold the same keys, code uses only keys that exist, and pages take every label
from the catalogue of the chosen language."""
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine.text.i18n import LANGS, catalogue
from tests.apptest import from_catalogue, labels

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["build", "step", "train", "compare", "trace", "gradcheck", "quiz", "presets"]
CALL = re.compile(r"""\b(?:t|text)\((?:lang\(\)|lang|"(?:en|zh)"|self\.lang|q\.lang)?,?\s*"([a-z_]+\.[A-Za-z0-9_.]+)"\s*[,)]""")


def test_both_languages_have_the_same_keys():
    en, zh = set(catalogue("en")), set(catalogue("zh"))
    assert en - zh == set() and zh - en == set()


def test_fields_agree_between_languages():
    names = string.Formatter()
    for key, en in catalogue("en").items():
        fields = {f for _, f, _, _ in names.parse(en) if f}
        assert fields == {f for _, f, _, _ in names.parse(catalogue("zh")[key]) if f}, key


def test_chinese_texts_are_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    words = {k: re.sub(r"\{[^{}]*\}", "", v) for k, v in catalogue("zh").items()}  # field names are not prose
    letters_only = [k for k, v in words.items() if not han.search(v) and re.search(r"[a-z]{4,}", v)]
    assert letters_only == [], letters_only


def test_every_literal_key_in_the_code_exists():
    keys = set(catalogue("en"))
    used = set()
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("engine/**/*.py"), ROOT / "app.py"]:
        used |= set(CALL.findall(path.read_text(encoding="utf-8")))
    assert used and used - keys == set()


# count(lang, "unit", n), counted("unit", n), and the (key, "unit", ...) of explain's "not shown" lines
UNIT = re.compile(r"""\bcount(?:ed)?\((?:lang\(\)|c\.lang|['"]en['"]|lang)?,?\s*['"]([a-z_]+)['"]\s*,"""
                  r"""|\("explain\.more_[a-z]+", "([a-z_]+)",""")


def test_every_counted_noun_in_the_code_has_both_forms():
    used = set()
    for path in [*ROOT.glob("ui/**/*.py"), *ROOT.glob("engine/**/*.py")]:
        used |= {a or b for a, b in UNIT.findall(path.read_text(encoding="utf-8"))}
    assert {"step", "sample", "neuron", "weight", "array"} <= used  # the pattern finds the calls
    for lang in LANGS:
        assert {u for u in used if {f"count.{u}.one", f"count.{u}.other"} <= set(catalogue(lang))} == used


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_label_comes_from_the_catalogue(page, lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception
    stray = [s for s in labels(at) if not from_catalogue(s, lang) and not re.fullmatch(r"[\W\dxyzaWbJδ∂αλ_]*", s)]
    assert stray == []


