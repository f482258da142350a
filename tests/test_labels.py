"""Labels a class reads at a glance: no button's label is the start of another's on the same page
("Back" beside "Backward"), and every accuracy says which set it was measured on."""
import pytest

from engine.text import i18n
from tests.apptest import CIRCLE, chart, fresh, train
from ui.session import keys

SETS = {"en": ("training", "test"), "zh": ("训练", "测试")}
ACCURACY = {"en": "accuracy", "zh": "准确率"}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_step_button_label_starts_another(lang):
    at = fresh("step", {"lang": lang})
    labels = [b.label.casefold() for b in at.button if b.key.startswith("step_")]
    assert len(labels) >= 6
    clashes = [(a, b) for a in labels for b in labels if a != b and b.startswith(a)]
    assert clashes == []
    assert i18n.text(lang, "step.back") in [b.label for b in at.button if b.key == "step_back"]


def _named(label: str, lang: str) -> bool:
    return any(s in label.casefold() for s in SETS[lang])


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("held_out", [True, False])
def test_every_accuracy_says_which_set(lang, held_out):
    query = {**CIRCLE, "lang": lang} if held_out else {k: v for k, v in {**CIRCLE, "lang": lang}.items() if k != "test"}
    at = fresh("train", query)
    train(at, 5)
    metrics = [m.label for m in at.metric if ACCURACY[lang] in m.label.casefold()]
    assert len(metrics) == 2 and all(_named(m, lang) for m in metrics)
    fig = chart(at, "train_loss")
    traces = [tr.name for tr in fig.data if ACCURACY[lang] in tr.name.casefold()]
    assert len(traces) == (2 if held_out else 1) and all(_named(n, lang) for n in traces)
    axis = fig.layout.yaxis2.title.text
    assert ACCURACY[lang] in axis.casefold() and _named(axis, lang)
    shown = {m.label: m.value for m in at.metric}
    log = at.session_state[keys.TRAIN_LOG][-1]
    assert shown[i18n.text(lang, "train.acc_train")] == f"{log['acc_train']:.1%}"
    assert shown[i18n.text(lang, "train.acc_test")] == ("—" if not held_out else f"{log['acc_test']:.1%}")
