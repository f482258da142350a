"""The phase line in every notation and language: plain text (it is Markdown: a <sub> tag shows as it is)
that claims only what the step did (frozen biases stay)."""
import re

import numpy as np
import pytest

from engine.core.scenarios.scenario import parse
from engine.core.stepping.stepper import Stepper
from engine.teach.textbook import notation as nota, presets
from engine.teach.worked import phases
from engine.text.i18n import catalogue, text

TAG = re.compile(r"</?[a-z]+>")
LINES = [(kind, layer) for kind in phases.KINDS for layer in ((1, 2) if kind in ("forward", "backward") else (None,))]


@pytest.mark.parametrize("notation", list(nota.NOTATIONS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_phase_line_holds_a_literal_tag(notation, lang):
    """Mazur's ∂E<sub>total</sub>/∂w showed on the Lessons page, the Step page and the projector."""
    for kind, layer in LINES:
        for frozen in (False, True):
            for optimizer in (None, "optimizer.adam"):
                words = phases.line(kind, layer, notation, lang, optimizer=optimizer, frozen=frozen, loss="0.27",
                                    J="0.3")
                assert not TAG.search(words) and "{" not in words, (kind, layer, frozen, optimizer, words)


def test_the_symbols_are_the_notations_own():
    assert phases.symbols("mazur") == {"W": "w", "dW": "∂E_total/∂w", "b": "b", "db": "∂E_total/∂b", "lr": "η"}
    assert phases.symbols("ng")["W"] == "Θ" and phases.symbols("engine")["lr"] == "α"
    assert phases.line("backward", 1, "ng", "en") == text("en", "phase.backward_theta", l=2, dW="∂J/∂Θ")
    assert phases.line("forward", 2, "engine", "zh") == text("zh", "phase.forward", l=2)


def test_with_frozen_biases_the_update_line_says_b_stayed():
    """The Mazur preset freezes its biases: b ← b − η ∂E_total/∂b claimed an update that did not happen."""
    st = Stepper(parse(presets.get("mazur").scenario()))
    assert st.sc.freeze_biases
    b_before = [b.copy() for b in st.b]
    st.step()
    assert all(np.array_equal(x, y) for x, y in zip(b_before, st.b))
    for lang in ("en", "zh"):
        stayed = {"en": "frozen and stayed", "zh": "冻结，保持不变"}[lang]
        for notation in ("mazur", "engine", "ng"):
            words = phases.line("update", None, notation, lang, frozen=True)
            assert "b ←" not in words and stayed in words, words
        assert "←" not in phases.line("update", None, "mazur", lang, optimizer="optimizer.adam", frozen=True)
    assert "b ← b − η ∂E_total/∂b" in phases.line("update", None, "mazur", "en")


def test_the_undo_button_names_a_sub_step():
    """"Undo step" took back one sub-step (a forward layer, say), not a step."""
    for lang in ("en", "zh"):
        words = catalogue(lang)
        sub = {"en": "sub-step", "zh": "子步骤"}[lang]
        assert sub in words["step.back"].lower() and sub in words["step.back_help"]
        assert words["step.back"] in words["train.cost_not_finite"]


def test_sgds_text_names_no_learning_rate_symbol_of_its_own():
    """Build's SGD text said η where its formula below, in the chosen notation, says α."""
    for lang in ("en", "zh"):
        for key, words in catalogue(lang).items():
            if key.startswith("optimizer.") and key.endswith(".help"):
                assert not {"η", "α"} & set(words), (lang, key, words)


def test_the_step_pages_phase_line_in_mazurs_notation_has_no_tags_and_says_the_biases_stayed():
    """On the page: the Mazur preset, his notation, in both languages, after the backward and the update."""
    from tests.apptest import button, fresh
    from ui.session import keys
    for lang in ("en", "zh"):
        at = fresh("step", {"preset": "mazur", "lang": lang})
        at.session_state[keys.NOTATION] = "mazur"
        at.run()
        assert at.session_state[keys.STEPPER].sc.freeze_biases
        for key in ("step_fwd", "step_fwd", "step_fwd", "step_bwd"):  # forward 1 and 2, the loss, backward 2
            button(at, key).click().run()
        assert "∂E_total/∂w" in at.info[0].value and not TAG.search(at.info[0].value)
        button(at, "step_bwd").click().run()
        button(at, "step_update").click().run()
        line = at.info[0].value
        assert not TAG.search(line) and "b ←" not in line, line
        assert {"en": "frozen and stayed", "zh": "冻结，保持不变"}[lang] in line
