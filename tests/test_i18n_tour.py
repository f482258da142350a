"""A tour of every page in Chinese shows no English: whatever a page draws (texts, labels, options,
help, messages, refusals, formulas' words, figures, the network element's words) comes from the catalogue
of the chosen language.

The tour steps, selects, edits, trains, checks gradients, takes the quiz, loads presets and feeds
the app bad values and files, so that phase lines, panels, notices and error messages are drawn too.
Latin words are allowed only where the Chinese catalogue itself uses them (sigmoid, CSV, Mazur, ...),
as registry names users pick (activations, losses, data sets) and as the file fields errors name.
The same tour in English must find many words, so the check can see them.
"""
import json
import re

import pytest

from engine.core.maths.activations import ACTIVATIONS
from engine.core.maths.initialisation import SCHEMES
from engine.core.maths.losses import LOSSES
from engine.core.scenarios.data import DATASETS
from engine.files.schemas import __path__ as SCHEMA_DIR
from engine.teach.classroom import lesson as engine_lessons
from engine.teach.textbook.notation import NOTATIONS
from engine.text import i18n
from tests.apptest import button, fresh
from tests.helpers import big_view
from ui import figure
from ui.session import keys
from viz.element import payload

VISIBLE = {"label", "body", "help", "options", "placeholder", "text", "caption", "value"}  # proto fields users read
FIGURE_TEXT = {"text", "name", "hovertext", "hovertemplate", "ticktext", "texttemplate"}  # plotly's drawn words
LATIN = re.compile(r"[A-Za-z]{2,}")


def schema_words() -> set:
    """Field names of the JSON files: refusals name them as they are written in a file."""
    words = set()
    for path in __import__("pathlib").Path(SCHEMA_DIR[0]).glob("*.json"):
        words |= set(LATIN.findall(path.read_text(encoding="utf-8")))
    return words


def allowed() -> set:
    zh = " ".join(re.sub(r"\{[^{}]*\}", " ", v) for v in i18n.catalogue("zh").values())
    names = [*ACTIVATIONS, *LOSSES, *SCHEMES, *DATASETS, *NOTATIONS]
    # "English" is the language picker's own name for English, as 中文 is for Chinese
    # a lesson's Chinese notes, like the catalogue, name sources and functions in Latin letters
    notes = " ".join(text.get("zh", "") for n in engine_lessons.names() for text in lesson_texts(engine_lessons.get(n)))
    return set(LATIN.findall(zh)) | {w for n in names for w in LATIN.findall(n)} | schema_words() | {"English"} \
        | set(LATIN.findall(notes))


def lesson_texts(lesson) -> list:
    """The {lang: text} objects a lesson shows: its title, notes and questions."""
    return [lesson.title, *(s.note for s in lesson.stops), *(s.question["text"] for s in lesson.stops if s.question)]


def words(text: str) -> list:
    """The Latin words a reader sees in text: styles, HTML tags and attributes, icon names and
    plotly's %{...} fields are markup, not words."""
    text = re.sub(r"<style>.*?</style>|<[^>]*>|%\{[^}]*\}|:material/\w+:", " ", text, flags=re.S)
    # in a formula only \text{...} and the like are words; the rest is symbols and indices (w_{jk})
    text = re.sub(r"\$\$?(.+?)\$\$?", lambda m: " ".join(TEXT_IN_MATH.findall(m.group(1))), text, flags=re.S)
    return LATIN.findall(text)


TEXT_IN_MATH = re.compile(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}")


def proto_texts(msg, out):
    for field, value in msg.ListFields():
        if field.name == "spec":  # a plotly figure as JSON
            figure_texts(json.loads(value), out)
        elif field.name == "bytes" and getattr(msg, "component_name", None) == figure.NAME:
            out.extend(element_texts(figure.decode(value)))
        elif field.message_type is not None:
            for item in (value if field.is_repeated else [value]):
                proto_texts(item, out)
        elif field.name in VISIBLE:
            out.extend(v for v in (value if field.is_repeated else [value]) if isinstance(v, str))


def figure_texts(node, out, key=None):
    if isinstance(node, dict):
        unnamed = node.get("showlegend") is False  # a trace's name is drawn only in a legend
        for k, v in node.items():
            if k != "template" and not (unnamed and k == "name"):
                figure_texts(v, out, k)
    elif isinstance(node, list):
        for v in node:
            figure_texts(v, out, key)
    elif isinstance(node, str) and key in FIGURE_TEXT:
        out.append(node)


def element_texts(p: dict) -> list:
    """The words the network element writes (viz.element's payload): its own words (whose {fields} the
    element fills with numbers and names), the layers' headers, the note on what is not drawn, the
    legend's symbols, the folded layers' counts and every neuron's and edge's name."""
    own = [re.sub(r"\{\w+\}", " ", v) for v in p["t"].values()]
    heads = [line for h in p["heads"] for line in h[1] + h[2:]]  # a shortened header's whole title too
    legend = [p["legend"][part][0] for part in ("edge", "node")]
    names = [n[6] for n in p["nodes"]] + [e[4] for e in p["edges"]] + p["nsym"] + p["esym"]
    return own + heads + [p["note"]] + legend + [m[2] for m in p["more"]] + names


def texts(at) -> list:
    """Every string the current run drew, in the main area and the sidebar."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            proto_texts(proto, out)
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return out


def tour(lang):
    """Yield (where, at) after each action of a visit to every page."""
    at = fresh("build", {"lang": lang})
    yield "build", at
    at.number_input(key="build_n1").set_value(0).run()
    yield "build refused size", at
    at.file_uploader(key="build_import_file").upload("1.json", b"{not json").run()
    yield "build refused import", at
    at.switch_page("pages/step.py").run()
    for key in ("step_fwd", "step_fwd", "step_fwd", "step_bwd", "step_bwd", "step_update"):
        button(at, key).click().run()
        yield f"step {key}", at
    at.session_state[keys.SELECTION] = "n1_0"
    at.run()
    yield "step neuron", at
    at.session_state[keys.SELECTION] = "e2_0_1"
    at.run()
    yield "step edge", at
    at.switch_page("pages/train.py").run()
    at.number_input(key="train_count").set_value(5).run()
    button(at, "train_go").click().run()
    yield "train", at
    at.switch_page("pages/trace.py").run()
    yield "trace", at
    at.file_uploader(key="trace_upload").upload("2.json", b"[1, 2]").run()
    yield "trace refused", at
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    yield "gradcheck", at
    yield from quiz_and_presets(at)


def quiz_and_presets(at):
    at.switch_page("pages/quiz.py").run()
    button(at, "quiz_new").click().run()
    yield "quiz asked", at
    at.text_input(key="quiz_answer").set_value("12345")
    at.button[-1].click().run()  # the form's Check button
    yield "quiz checked", at
    at.switch_page("pages/presets.py").run()
    for name in ("nielsen", "ng_4layer", "softmax_232", "mazur"):
        button(at, f"presets_load_{name}").click().run()
        yield f"presets {name}", at
        at.switch_page("pages/step.py").run()
        button(at, "step_whole").click().run()
        at.session_state[keys.SELECTION] = "e1_0_0"
        at.run()
        yield f"step after {name}", at
        at.switch_page("pages/presets.py").run()
    button(at, "presets_load_digits").click().run()
    at.switch_page("pages/train.py").run()
    at.number_input(key="train_count").set_value(2).run()
    button(at, "train_go").click().run()
    yield "train digits", at
    yield from lessons_tour(at)


def lessons_tour(at):
    """Every built-in lesson opened and stepped once, leaving and coming back, a refused upload, a
    note added, and the presenter view of a lesson and of the Step page."""
    at.switch_page("pages/lessons.py").run()
    yield "lessons", at
    for name in engine_lessons.names():
        at.selectbox(key="lesson_pick").set_value(name).run()
        button(at, "lesson_open").click().run()
        button(at, "lesson_next").click().run()
        yield f"lesson {name}", at
    button(at, "lesson_try").click().run()
    yield "lesson left", at
    at.file_uploader(key="lesson_upload").upload("3.json", b"{}").run()
    yield "lesson refused", at
    button(at, "lesson_back").click().run()
    at.text_area(key="lesson_new_note").input("注释").run()
    button(at, "lesson_add").click().run()
    yield "lesson note added", at
    at.session_state["present"] = True
    at.run()
    yield "lesson presented", at
    at.switch_page("pages/step.py").run()
    yield "step presented", at


def stray(lang) -> dict:
    ok, found = allowed(), {}
    for where, at in tour(lang):
        assert not at.exception, (where, at.exception)
        bad = sorted({w for s in texts(at) for w in words(s) if w not in ok})
        if bad:
            found[where] = bad
    return found


@pytest.mark.timeout(600)
def test_a_tour_in_chinese_shows_no_english():
    assert stray("zh") == {}


@pytest.mark.timeout(600)
def test_the_same_tour_in_english_shows_english_everywhere():
    found = stray("en")
    assert len(found) >= 20  # every stop of the tour draws English words the Chinese run must not
    seen = {w for ws in found.values() for w in ws}
    assert {"Forward", "Backward", "Selected", "Train", "Gradient"} <= seen, sorted(seen)[:80]
    assert {"enters", "dashed", "hidden", "drawn"} <= seen  # the network element's help, legend, headers, note


@pytest.mark.parametrize("lang, stray_words", [("zh", set()), ("en", {"enters", "dashed", "hidden", "drawn"})])
def test_element_texts_finds_every_word_of_the_elements_payload(lang, stray_words):
    """What the tour reads of the element: a large network's, so its note and folded layers are written."""
    found = {w for s in element_texts(payload(big_view(), lang=lang)) for w in words(s)} - allowed()
    assert stray_words <= found and (lang == "en" or found == set()), sorted(found)
