"""Lessons (backprop-lesson/1): the file format, its refusals, playing the stops, and the command line."""
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.core.stepping.stepper import Stepper
from engine.teach.classroom import lesson
from engine.teach.screen import ids
from engine.teach.screen.view import current
from engine.teach.textbook.variants import GRADIENTS
from engine.text.errors import EngineError
from tests.helpers import MAZUR, random_scenario
from viz.shown import EDGE_QTY, NODE_QTY

ROOT = Path(__file__).resolve().parent.parent
FOUR = ["mazur", "ng_regularisation", "symmetry", "vanishing"]


def minimal(**stop):
    return {"schema": lesson.SCHEMA, "title": {"en": "t"}, "scenario": copy.deepcopy(MAZUR),
            "stops": [{"step": 0, "at": "loss", "note": {"en": "n"}, **stop}]}


def test_four_built_in_lessons_each_with_notes_in_both_languages():
    assert lesson.names() == FOUR
    for name in FOUR:
        les = lesson.get(name)
        assert set(les.title) == {"en", "zh"} and len(les.stops) >= 4
        assert all(set(s.note) == {"en", "zh"} for s in les.stops)


@pytest.mark.parametrize("name", FOUR)
def test_the_file_round_trips_exactly(name):
    path = lesson.BUILTIN_DIR / f"{name}.json"
    obj = json.loads(path.read_text(encoding="utf-8"))
    les = lesson.parse(obj)
    assert lesson.dump(les) == obj
    assert lesson.dumps(les) == path.read_text(encoding="utf-8").strip()
    again = lesson.read(lesson.dumps(les).encode())
    assert again.stops == les.stops and again.title == les.title and again.scene == les.scene


@pytest.mark.parametrize("name", FOUR)
def test_every_stop_is_played_at_its_phase(name):
    les = lesson.get(name)
    assert lesson.play(les) == [s.phase for s in les.stops]
    for i in reversed(range(len(les.stops))):  # each stop also reached alone, from a fresh stepper
        st = lesson.stepper_at(les, i)
        assert st.phase() == les.stops[i].phase and st.sc is les.scenario(i)


def test_point_maps_each_sub_step_to_the_steppers_cursor():
    les = lesson.parse(minimal())
    stop = les.stops[0]
    for at, layer, want in (("forward", 1, (3, 1)), ("forward", 2, (3, 2)), ("loss", None, (3, 3)),
                            ("backward", 2, (3, 4)), ("backward", 1, (3, 5)), ("update", None, (4, 0))):
        moved = lesson.Stop(3, at, layer, stop.note)
        assert lesson.point(moved, 2) == want
        st = lesson.goto(Stepper(les.scenario(0)), moved)
        assert st.phase() == (at, layer) and len(st.records) == want[0]


def test_nearest_stop_is_where_the_student_left():
    les = lesson.get("mazur")
    st = lesson.stepper_at(les, 3)  # the loss
    assert lesson.nearest(les, st) == 3
    st.sub_step()  # backward layer 2 by hand: stop 4
    assert lesson.nearest(les, st) == 4
    st.step()
    st.run(3)  # wandered past the lesson's end
    assert lesson.nearest(les, st) == len(les.stops) - 1
    assert lesson.nearest(les, Stepper(lesson.get("symmetry").scenario(0))) == 0  # another network


def test_answers_within_their_tolerance():
    q = lesson.get("mazur").stops[1].question
    assert lesson.answered(q, 0.5968844) and not lesson.answered(q, 0.59)
    assert lesson.answered({"text": {"en": "?"}, "answer": 200.0}, 201.0)  # 1 % without a tolerance
    assert lesson.answered({"text": {"en": "?"}, "answer": 700.0, "tolerance": 35.0}, 665.0)  # a wider one kept
    assert lesson.answered({"text": {"en": "?"}}, 1.0) is None


def test_a_person_answering_at_three_or_four_digits_is_right():
    """Mazur's stop 2 refused 0.5969 and stop 6 the 0.0004386 a student reads off (tolerances 1e-6, 1e-9):
    no question asks for more than a person writes, whatever its file says."""
    mazur = lesson.get("mazur")
    for typed in (0.5969, 0.59688, 0.597):
        assert lesson.answered(mazur.stops[1].question, typed), typed
    assert lesson.answered(mazur.stops[5].question, 0.0004386)
    tight = {"text": {"en": "?"}, "answer": 0.596884378, "tolerance": 1e-6}
    assert lesson.answered(tight, 0.597) and lesson.allowance(tight) == pytest.approx(0.005 * 0.596884378)
    assert lesson.relative(tight) == pytest.approx(0.005) and lesson.relative({"text": {}, "answer": 0}) is None
    assert not lesson.answered(mazur.stops[1].question, 0.5933)  # out_h1, within 1 % of out_h2
    for name in FOUR:  # every built-in number, rounded to 3 significant digits, counts
        for stop in lesson.get(name).stops:
            if stop.question and "answer" in stop.question:
                answer = stop.question["answer"]
                assert lesson.answered(stop.question, float(f"{answer:.3g}")), (name, answer)


def test_a_question_without_a_number_offers_choices_and_a_reveal():
    """The symmetry and Ng lessons ask what cannot be typed as a computed number: choices, one right."""
    for name, i in (("symmetry", 3), ("ng_regularisation", 1)):
        q = lesson.get(name).stops[i].question
        assert len(q["choices"]) >= 2 and "answer" not in q and set(q["reveal"]) == {"en", "zh"}
        assert lesson.answered(q, q["right"]) and not lesson.answered(q, q["right"] + 1)
    every = [s.question for n in FOUR for s in lesson.get(n).stops if s.question]
    assert all("reveal" in q for q in every if "answer" in q or "choices" in q)


CHOICES = [{"en": "one"}, {"en": "two"}]


@pytest.mark.parametrize("question,field,words", [
    ({"choices": CHOICES}, "stops[0].question.right", "index from 0"),
    ({"choices": CHOICES, "right": 2}, "stops[0].question.right", "got 2"),
    ({"right": 0}, "stops[0].question.right", "needs them"),
    ({"choices": CHOICES, "right": 0, "answer": 1}, "stops[0].question.answer", "not both"),
    ({"choices": CHOICES[:1], "right": 0}, "stops[0].question.choices", ""),
], ids=["no right", "right past the end", "right alone", "choices and a number", "one choice"])
def test_a_bad_choice_question_is_refused(question, field, words):
    with pytest.raises(EngineError) as err:
        lesson.parse(minimal(question={"text": {"en": "?"}, **question}))
    assert err.value.field == field and words in err.value.message


@pytest.mark.parametrize("schema,page", [("backprop-runs/1", "Compare runs"), ("backprop-trace/1", "Trace"),
                                         ("backprop-scenario/1", "Build")])
def test_another_of_the_apps_files_is_named_not_read_as_a_lesson_without_a_title(schema, page):
    with pytest.raises(EngineError) as err:
        lesson.parse({"schema": schema, "runs": []})
    assert err.value.field == "schema" and schema in err.value.message and page in err.value.message
    assert "title" not in err.value.message and "课程" in err.value.text("zh")


def test_a_bad_selection_shows_its_ids_as_code_not_markdown():
    """`n<l>_<j>` bare is italics between the underscores on the Lessons page."""
    with pytest.raises(EngineError) as err:
        lesson.parse(minimal(select="n3_0"))
    for lang in ("en", "zh"):
        words = err.value.text(lang)
        assert "`n<l>_<j>`" in words and "`e<l>_<j>_<k>`" in words
        assert words.replace("`n<l>_<j>`", "").replace("`e<l>_<j>_<k>`", "").count("<") == 0


def test_a_question_stop_keeps_its_answer_off_the_selected_table():
    """Mazur's stop 6 selected w1 with its gradient shown: the answer sat in the Selected table."""
    for name in FOUR:
        les = lesson.get(name)
        for i, stop in enumerate(les.stops):
            if not (stop.question and "answer" in stop.question and stop.select):
                continue
            view = current(lesson.stepper_at(les, i))  # what the Selected table reads
            kind, l, *idx = ids.parse(stop.select)
            if kind == "n":
                arrays = [view.a[l]] + ([view.z[l - 1], view.delta[l - 1], view.b[l - 1], view.db[l - 1]] if l else [])
            else:
                arrays = [view.W[l - 1], view.dW[l - 1], view.update[l - 1]]
            shown = [a[tuple(idx)] for a in arrays if a is not None]
            assert shown and not any(lesson.answered(stop.question, float(v)) for v in shown), (name, i)


def test_the_schemas_choices_are_the_apps():
    defs = json.loads((ROOT / "engine/files/schemas/lesson.schema.json").read_text())["$defs"]
    view = defs["stop"]["properties"]["view"]["properties"]
    assert view["node"]["enum"] == list(NODE_QTY) and view["edge"]["enum"] == list(EDGE_QTY)
    assert defs["stop"]["properties"]["check"]["enum"] == list(GRADIENTS)
    assert {"step", "gradcheck"} <= set(defs["tab"]["enum"]) <= {p.stem for p in (ROOT / "pages").glob("*.py")}


BAD = [  # (what is wrong, the stop's keys or a change to the lesson, the field named, words of the message)
    ("layer past the output", dict(at="forward", layer=3), "stops[0].layer", "from 1 to 2"),
    ("backward without layer", dict(at="backward"), "stops[0].layer", "from 1 to 2"),
    ("loss with a layer", dict(layer=1), "stops[0].layer", "leave out"),
    ("start after step 0", dict(at="start", step=2), "stops[0].step", "must be 0"),
    ("negative step", dict(step=-1), "stops[0].step", ">= 0"),
    ("step past the limit", dict(step=10_001), "stops[0].step", "<= 10000"),
    ("unknown sub-step", dict(at="sideways"), "stops[0].at", "update"),
    ("no such neuron", dict(select="n3_0"), "stops[0].select", "n3_0"),
    ("no such edge", dict(select="e2_0_5"), "stops[0].select", "e2_0_5"),
    ("a figure id in another form", dict(select="W[1][0,0]"), "stops[0].select", ""),
    ("node view", dict(view={"node": "W"}), "stops[0].view.node", "delta"),
    ("note in French", dict(note={"fr": "x"}), "stops[0].note", "\"en\" and/or \"zh\""),
    ("empty note", dict(note={}), "stops[0].note", "\"en\" and/or \"zh\""),
    ("tolerance alone", dict(question={"text": {"en": "?"}, "tolerance": 0.1}), "stops[0].question.tolerance", "answer"),
    ("both scenes on a stop", dict(preset="mazur", scenario=copy.deepcopy(MAZUR)), "stops[0]", "not both"),
    ("unknown gradient", dict(check="mine"), "stops[0].check", "ng_printed"),
]


@pytest.mark.parametrize("what,stop,field,words", BAD, ids=[b[0] for b in BAD])
def test_a_bad_stop_is_refused_naming_its_field(what, stop, field, words):
    with pytest.raises(EngineError) as err:
        lesson.parse(minimal(**stop))
    assert err.value.field == field and words in err.value.message
    assert err.value.text("zh") != err.value.text("en")


def test_a_bad_lesson_is_refused_naming_its_field():
    cases = [({"preset": "nope"}, "preset", "mazur"), ({"notation": "mazur", "scenario": random_scenario(
        [2, 3, 2], "sigmoid", "squared_error", "sigmoid")}, "notation", "2-2-2"),
        ({"scenario": {**MAZUR, "activations": ["sigmoid"]}}, "scenario.activations", ""),
        ({"tab": "lecture"}, "tab", "gradcheck"), ({"stops": []}, "stops", "")]
    for change, field, words in cases:
        obj = {**minimal(), **change}
        if "preset" in change:
            del obj["scenario"]
        with pytest.raises(EngineError) as err:
            lesson.parse(obj)
        assert err.value.field == field and words in err.value.message, (change, err.value)
    both = {**minimal(), "preset": "mazur"}
    with pytest.raises(EngineError, match="not both"):
        lesson.parse(both)
    with pytest.raises(EngineError, match='unknown lesson "x"; valid: mazur, ng_regularisation'):
        lesson.get("x")


def test_a_stop_the_network_cannot_reach_is_refused():
    blown = {**MAZUR, "W": [[[1e308, 1e308], [0.25, 0.3]], [[1e308, 0.45], [0.5, 0.55]]], "X": [[10.0, 10.0]]}
    obj = {**minimal(), "scenario": blown}
    obj["stops"].insert(0, {"step": 0, "at": "start", "note": {"zh": "开始"}})
    les = lesson.parse(obj)  # the file itself is fine: only playing it finds the overflow
    with pytest.raises(EngineError) as err:
        lesson.play(les)
    assert err.value.field == "stops[1]" and "NaN or infinite" in err.value.message


def cli(*args):
    return subprocess.run([sys.executable, "-m", "engine", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_the_command_line_lists_prints_and_validates_lessons(tmp_path):
    listed = cli("lessons")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [f"{n}\t{t}\t{title}" for n, t, title in lesson.listing("en")]
    assert "mazur\tstep\tMazur's example, one step end to end" in listed.stdout
    printed = cli("lesson", "vanishing")
    assert printed.returncode == 0 and lesson.dump(lesson.read(printed.stdout.encode())) == lesson.dump(lesson.get("vanishing"))
    (tmp_path / "v.json").write_text(printed.stdout, encoding="utf-8")
    ok = cli("validate", tmp_path / "v.json")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: lesson 'Vanishing gradients") and "5 stops" in ok.stdout
    bad = minimal(at="backward", layer=7)
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    refused = cli("validate", tmp_path / "bad.json")
    assert refused.returncode == 2 and refused.stderr.startswith("error: stops[0].layer: ")
    unknown = cli("lesson", "nope")
    assert unknown.returncode == 2 and "valid: mazur" in unknown.stderr


def test_a_teacher_adds_a_stop_where_the_network_is():
    les = lesson.get("mazur")
    st = Stepper(les.scenario(0))
    st.run(2)
    for _ in range(4):
        st.sub_step()  # step 3, backward through layer 2
    stop = lesson.stop_here(st, {"zh": "第三步"}, select="e2_1_0", view={"edge": "dW"})
    assert (stop.step, stop.phase) == (2, ("backward", 2))
    edited = lesson.with_stops(les, [*les.stops, stop])
    assert edited.stops[-1] == stop and lesson.stepper_at(edited, len(les.stops)).phase() == ("backward", 2)
    st.step()
    done = lesson.stop_here(st, {"en": "after"})
    assert (done.step, done.phase) == (2, ("update", None))
    assert lesson.stop_here(Stepper(les.scenario(0)), {"en": "x"}).phase == ("start", None)
    with pytest.raises(EngineError) as err:  # edits are checked like a file
        lesson.with_stops(les, [lesson.Stop(0, "forward", 5, {"en": "x"})])
    assert err.value.field == "stops[0].layer"
