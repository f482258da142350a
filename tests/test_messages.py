"""Engine messages come from the catalogues: English on the command line, the interface language in
the app, the schema's refusals in the engine's own words, every field path as it was."""
import copy
import re
from pathlib import Path

import pytest

from engine.core.scenarios import scenario

from engine.files import formats
from engine.text.errors import EngineError, NonFiniteError
from engine.text.i18n import catalogue
from tests.helpers import MAZUR, stepper

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "engine").rglob("*.py")}
EVERYWHERE = {str(p): p.read_text(encoding="utf-8") for d in ("engine", "ui", "viz", "pages") for p in (ROOT / d).rglob("*.py")}
HAN = re.compile(r"[\u4e00-\u9fff]")
# what jsonschema says in its own words; none of it may reach a user
JSONSCHEMA_WORDS = ("is not of type", "is a required property", "is less than the minimum", "is greater than the maximum",
                    "Additional properties", "is not valid under any of the given schemas", "False schema", "is too short",
                    "is too long", "should be non-empty", "was expected", "is not one of [")


def test_every_engine_error_is_raised_with_a_catalogue_key():
    plain = [(name, m.group(0)) for name, text in SOURCES.items()
             for m in re.finditer(r'(?:EngineError|EngineError\.at)\(\s*f?"(?!err\.)[^"]*"', text)]
    assert plain == []


def test_every_literal_key_and_kind_exists_in_both_catalogues():
    used = {k for text in SOURCES.values() for k in re.findall(r'(?:EngineError\(|phrase\()\s*"(err\.[\w.]+)"', text)}
    kinds = {k for text in EVERYWHERE.values() for k in re.findall(r'\bchoose\(\s*"([\w ]+)"', text)}
    used |= {f'err.kind.{k.replace(" ", "_")}' for k in kinds}
    assert len(used) > 60 and len(kinds) >= 10
    for lang in ("en", "zh"):
        assert used - set(catalogue(lang)) == set(), lang


def refusal(src):
    with pytest.raises(EngineError) as info:
        scenario.parse(src)
    return info.value


def test_the_chinese_text_of_a_layer_size_keeps_its_field_and_numbers():
    err = refusal({**MAZUR, "layers": [2, 0, 2]})
    assert str(err) == "layers[1]: a layer size must be a whole number from 1 to 1024, got 0"
    assert err.text("en") == str(err) and err.field == "layers[1]"
    assert err.text("zh") == "layers[1]: 层大小必须是 1 到 1024 之间的整数，收到 0"


@pytest.mark.parametrize("change, english, chinese", [
    ({"activations": ["sigmoid", "swish"]}, 'unknown activation "swish"', '未知的激活函数 "swish"'),
    ({"loss": "cross_entropy", "Y": [[0.5, 1.5]]}, "every target value in [0, 1]", "每个目标值都在 [0, 1] 之内"),
    ({"lambda": -1}, "must be from 0 to 1000000, got -1", "必须在 0 到 1000000 之间，收到 -1"),
    ({"init": {"scheme": "normal"}, "W": None}, "the normal scheme needs sigma", "normal 方案需要 sigma"),
    ({"X": [[0.1]]}, "needs 2 columns, got 1", "需要 2 列，收到 1 列"),
])
def test_a_fault_reads_in_both_languages(change, english, chinese):
    src = {k: v for k, v in {**MAZUR, **change}.items() if v is not None}
    err = refusal(src)
    assert english in str(err) and chinese in err.text("zh") and HAN.search(err.text("zh"))
    assert err.text("zh").startswith(f"{err.field}: ")


def test_a_non_finite_step_reads_in_both_languages_counted_from_one():
    st = stepper({**MAZUR, "W": [[[1e308, 1e308], [0.25, 0.3]], MAZUR["W"][1]], "X": [[10.0, 10.0]]})
    with pytest.raises(NonFiniteError) as info:
        st.step()
    err = info.value
    assert (err.step, err.layer, err.quantity) == (0, 1, "z")
    assert str(err).startswith("step 1: z in layer 1 became NaN or infinite")
    assert err.text("zh").startswith("第 1 步：第 1 层的 z 变成了 NaN 或无穷大")


BAD_FILES = [  # (change to MAZUR, field the schema names)
    (lambda s: s.update(layers="three"), "layers"),
    (lambda s: s.pop("loss"), None),
    (lambda s: s.update(lr=-1), "lr"),
    (lambda s: s.update(lr=2e6), "lr"),
    (lambda s: s.update(colour="red"), None),
    (lambda s: s.update(activations=["sigmoid", "swish"]), "activations[1]"),
    (lambda s: s.update(layers=[2]), "layers"),
    (lambda s: s.update(init={"scheme": "xavier"}), None),
    (lambda s: s.pop("X"), None),
    (lambda s: s.update(batch="half"), "batch"),
    (lambda s: s.update(schema="backprop-scenario/2"), "schema"),
    (lambda s: s.update(title="t" * 300), "title"),
    (lambda s: s.update(init={"scheme": "xavier", "seed": 1, "depth": 3}, W=None), "init"),
]


@pytest.mark.parametrize("change, field", BAD_FILES)
def test_schema_refusals_are_worded_by_the_engine(change, field):
    src = copy.deepcopy(MAZUR)
    change(src)
    src = {k: v for k, v in src.items() if v is not None}
    with pytest.raises(EngineError) as info:
        formats.read_scenario(formats.dumps(src).encode())
    err = info.value
    assert err.field == field and err.key.startswith("err.schema."), err
    for lang in ("en", "zh"):
        assert not any(w in err.text(lang) for w in JSONSCHEMA_WORDS), err.text(lang)
    assert HAN.search(err.text("zh"))


def test_a_trace_summary_with_extra_values_is_refused_in_the_engines_words():
    st = stepper(MAZUR, budget=1)
    st.run(2)
    trace = formats.trace_dict(st)
    trace["steps"][0]["dW"] = [[[0.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]]
    with pytest.raises(EngineError) as info:
        formats.read_trace(formats.dumps(trace).encode())
    assert info.value.field == "steps[0]" and "summary step" in str(info.value)
    assert "摘要步" in info.value.text("zh")


def test_an_error_inside_a_traces_scenario_keeps_its_key_under_the_longer_field():
    st = stepper(MAZUR)
    st.run(1)
    trace = copy.deepcopy(formats.trace_dict(st))  # its scenario is MAZUR itself
    trace["scenario"]["Y"] = [[0.5, 2.0]]
    trace["scenario"]["loss"] = "cross_entropy"
    with pytest.raises(EngineError) as info:
        formats.read_trace(formats.dumps(trace).encode())
    assert info.value.field == "scenario.Y[0]" and info.value.key == "err.targets.rows"
    assert info.value.text("zh").startswith("scenario.Y[0]: cross_entropy 要求每个目标值")


def test_a_sentence_from_outside_the_engine_is_kept_as_it_is():
    err = EngineError("the link is malformed", "link")
    assert str(err) == err.text("zh") == "link: the link is malformed"


def test_a_kind_without_a_catalogue_text_is_named_as_given():
    from engine.text.errors import choose
    with pytest.raises(EngineError) as info:
        choose("colour scale", "rainbow", {"viridis": 1})
    assert str(info.value) == 'colour scale: unknown colour scale "rainbow"; valid: viridis'
    assert info.value.text("zh") == 'colour scale: 未知的colour scale "rainbow"；可选：viridis'
