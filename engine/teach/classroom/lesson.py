"""Lessons (backprop-lesson/1): a network and the stops a teacher makes on it, each with a note.

The file (JSON Schema: engine/files/schemas/lesson.schema.json)::

    {"schema": "backprop-lesson/1", "title": {"en": ..., "zh": ...}, "tab": "step", "notation": "mazur",
     "preset": "mazur"  -- or "scenario": {a backprop-scenario/1 object},
     "stops": [{"step": 0, "at": "forward", "layer": 1, "note": {"en": "Markdown", "zh": "..."},
                "select": "n1_0", "view": {"node": "z", "edge": "W"}, "tab": "gradcheck", "check": "ng_printed",
                "question": {"text": {"en": ...}, "answer": 0.3775, "reveal": {"en": ...}}}, ...]}

A stop's point is `step` (whole steps taken before it, 0 = the first step) and `at`, the Stepper's
phase vocabulary (at most 10,000 steps in): "forward" and "backward" with a `layer` 1..L, "loss", "update" (the step `step`
just committed), and "start" (step 0 only: nothing computed yet). A stop holding a "preset" or a
"scenario" starts a new scene: it and the stops after it run that network (a lesson comparing an
all-equal start with a random one). Texts hold English and/or Chinese; `text(obj, lang)` falls back
to the other. `select` names a neuron n<l>_<j> (l = 0..L) or an edge e<l>_<j>_<k> (W[l][j,k]) as the
figure's ids do; `view` the figure's node (z, a, delta) and edge (W, dW, update) quantities; `tab`
the page the stop is shown on (default: the lesson's); `check` a gradient of engine.teach.textbook.variants to set
against finite differences on the gradient-check page. Every fault is an EngineError naming its field.

A question asks for a number ("answer", right within 1 % of it, or within its absolute "tolerance",
never tighter than 0.5 %: a person answers at 3-4 significant digits), or offers "choices" (texts) of which
"right" (0-based) is the answer, or neither (the class discusses it). "reveal" is the text shown when
the answer is revealed: on request, or after an answer.

API for the Lessons page and the presenter view:
- read(bytes) / parse(obj) -> Lesson; dump(lesson) -> the object again (dump(parse(obj)) == obj once
  it names its tab, "step" when missing); dumps(lesson) -> JSON text, what the built-ins' files hold.
  Built-ins: names(), get(name), listing(lang) -> [(name, tab, title)].
- Editing: stop_here(stepper, note, **optional) -> the Stop at the stepper's current point;
  with_stops(lesson, stops) -> the lesson with that list of stops, checked again like a file.
- lesson.scenario(i): the Scenario stop i plays on; point(stop, L) -> (step, cursor) for Stepper.goto.
- stepper_at(lesson, i, stepper=None): a Stepper at stop i, reusing `stepper` when it runs that scene;
  goto(stepper, stop) moves one already running it (stepping forward as far as needed).
- nearest(lesson, stepper): the stop nearest the stepper's point, for "back to where you left".
- answered(question, value): True/False against its number or the index of its right choice (None without
  one); allowance(question) the largest error counted right, relative(question) as a share of the answer.
- play(lesson): visits every stop, refusing one that cannot be reached (a step that went non-finite).
Built-in lessons and their Scenarios are parsed once and shared read-only (the engine never changes a
Scenario's arrays); stepper_at and nearest tell scenes apart by identity, so use one Lesson object.
"""
import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.core.scenarios import scenario
from engine.core.stepping import reveal
from engine.core.stepping.stepper import Stepper
from engine.files import formats
from engine.teach.screen import ids
from engine.teach.textbook import notation as nota, presets
from engine.text.errors import EngineError, NonFiniteError, choose, phrase, shown

SCHEMA = "backprop-lesson/1"
BUILTIN_DIR = Path(__file__).with_name("lessons")
LAYERED = {kind for kind, layer in reveal.order(1) if layer}  # the sub-steps that happen in one layer
RELATIVE = 0.01  # a number is right within 1 % of the answer (the Quiz's), unless the file says otherwise
FLOOR = 0.005  # no file asks for more: an answer rounded to 3 significant digits is within 0.5 % of it
ZERO = 1e-12  # the allowance of an answer 0 (a value zero up to rounding), as the Quiz's
OTHER_FILES = {"backprop-runs/1": "compare", "backprop-trace/1": "trace", "backprop-scenario/1": "build"}  # -> its page
SCENE = ("preset", "scenario")  # what starts a scene, on the lesson or on a stop
OPTIONAL = ("layer", "select", "view", "tab", "check", "question")  # a stop's keys written only when set


@dataclass(frozen=True)
class Stop:
    step: int  # whole steps taken before this stop's step
    at: str  # start, forward, loss, backward, update
    layer: int | None  # 1..L for forward and backward, else None
    note: dict  # lang -> Markdown
    select: str | None = None  # figure id: n<l>_<j> or e<l>_<j>_<k>
    view: dict | None = None  # {"node": z|a|delta, "edge": W|dW|update}, either may be missing
    tab: str | None = None  # the page this stop is shown on, when not the lesson's
    check: str | None = None  # an engine.teach.textbook.variants gradient to compare with finite differences
    question: dict | None = None  # {"text", "answer"?, "tolerance"?, "choices"?, "right"?, "reveal"?}
    scene: dict | None = None  # {"preset": name} or {"scenario": {...}}: the network from here on

    @property
    def phase(self) -> tuple:
        """The Stepper.phase() this stop shows."""
        return (self.at, self.layer)


@dataclass(frozen=True)
class Lesson:
    title: dict  # lang -> text
    tab: str  # the page the lesson plays on
    notation: str | None  # engine.teach.textbook.notation key the notes are written in, or None for the user's own
    scene: dict  # {"preset": name} or {"scenario": {...}}
    stops: tuple  # Stop, in the order they are played
    scenarios: tuple  # the Scenario each stop plays on (one object per scene)

    def scenario(self, i: int) -> scenario.Scenario:
        return self.scenarios[i]


def text(obj: dict, lang: str) -> str:
    """A note, title or question in lang, else in the language it has."""
    return obj.get(lang) or next(iter(obj.values()))


def _scene(src: dict, field: str) -> scenario.Scenario:
    """The Scenario of {"preset": name} or {"scenario": {...}}, a fault reported under field."""
    try:
        if "preset" in src:
            return scenario.parse(presets.get(src["preset"]).scenario())
        return scenario.parse(src["scenario"])
    except EngineError as exc:
        inner = "preset" if "preset" in src else f"scenario.{exc.field}" if exc.field else "scenario"
        raise exc.at(f"{field}{inner}") from None


def _check_select(select: str, layers, where: str):
    """Refuse a figure id naming a neuron or edge the network does not have."""
    parts = ids.parse(select) or ("?", -1, -1, -1)
    kind, l, L = parts[0], parts[1], len(layers) - 1
    ok = (0 <= l <= L and parts[2] < layers[l]) if kind == "n" else \
        kind == "e" and 1 <= l <= L and parts[2] < layers[l] and parts[3] < layers[l - 1]
    if not ok:
        raise EngineError("err.lesson.select", where, got=shown(select), layers="-".join(map(str, layers)))


def _check_question(question: dict, where: str):
    """A number's tolerance needs the number; choices need the right one, and exclude a number."""
    if "tolerance" in question and "answer" not in question:
        raise EngineError("err.lesson.tolerance", f"{where}.tolerance")
    choices = question.get("choices")
    if choices is not None and "answer" in question:
        raise EngineError("err.lesson.choices_and_answer", f"{where}.answer")
    right = question.get("right")
    if (choices is None) != (right is None) or choices is not None and not right < len(choices):
        raise EngineError("err.lesson.right", f"{where}.right", n=len(choices or ()), got=shown(right))


def _stop(obj: dict, i: int, sc) -> Stop:
    """One stop, checked against the network sc it plays on."""
    where, L = f"stops[{i}]", sc.net.L
    at, layer = obj["at"], obj.get("layer")
    if at in LAYERED and (layer is None or layer > L):
        raise EngineError("err.lesson.layer", f"{where}.layer", at=at, L=L, got=shown(layer))
    if at not in LAYERED and layer is not None:
        raise EngineError("err.lesson.no_layer", f"{where}.layer", at=at)
    if at == "start" and obj["step"] != 0:
        raise EngineError("err.lesson.start", f"{where}.step", got=obj["step"])
    if "select" in obj:
        _check_select(obj["select"], sc.net.layers, f"{where}.select")
    if "question" in obj:
        _check_question(obj["question"], f"{where}.question")
    scene = {k: obj[k] for k in SCENE if k in obj} or None
    return Stop(obj["step"], at, layer, obj["note"], *(obj.get(k) for k in OPTIONAL[1:]), scene)


def parse(obj) -> Lesson:
    """A lesson object (from JSON) checked by its schema and against its networks; another of the app's
    files is named as such (a runs file is not "a lesson without a title")."""
    kind = obj.get("schema") if isinstance(obj, dict) else None
    if kind in OTHER_FILES:
        raise EngineError("err.lesson.other_file", "schema", got=shown(kind), page=phrase(f"nav.{OTHER_FILES[kind]}"))
    formats.check_schema(obj, "lesson.schema.json")
    scene = {k: obj[k] for k in SCENE if k in obj}
    sc, stops, scenarios = _scene(scene, ""), [], []
    for i, raw in enumerate(obj["stops"]):
        if all(k in raw for k in SCENE):
            raise EngineError("err.lesson.scene", f"stops[{i}]")
        if any(k in raw for k in SCENE):
            sc = _scene(raw, f"stops[{i}].")
        if "notation" in obj:
            nota.check(obj["notation"], sc.net.layers)
        stops.append(_stop(raw, i, sc))
        scenarios.append(sc)
    return Lesson(obj["title"], obj.get("tab", "step"), obj.get("notation"), copy.deepcopy(scene), tuple(stops),
                  tuple(scenarios))


def read(data: bytes, max_bytes: int = formats.MAX_BYTES) -> Lesson:
    return parse(formats.loads(data, max_bytes))


def _stop_dict(stop: Stop) -> dict:
    out = {"step": stop.step, "at": stop.at, "note": stop.note}
    out.update({k: getattr(stop, k) for k in OPTIONAL if getattr(stop, k) is not None})
    return {**out, **(stop.scene or {})}


def dump(lesson: Lesson) -> dict:
    """The lesson as its file holds it; parse(dump(x)) gives x back."""
    head = {"schema": SCHEMA, "title": lesson.title, "tab": lesson.tab}
    if lesson.notation is not None:
        head["notation"] = lesson.notation
    return copy.deepcopy({**head, **lesson.scene, "stops": [_stop_dict(s) for s in lesson.stops]})


def dumps(lesson: Lesson) -> str:
    """JSON text a teacher can read and edit: indented, Chinese as it is, floats exact."""
    return json.dumps(dump(lesson), ensure_ascii=False, indent=1, allow_nan=False)


def stop_here(stepper: Stepper, note: dict, **optional) -> Stop:
    """A stop at st's current point (the step in progress, or the one just committed for an update)
    with its note and any of select, view, tab, check, question, scene."""
    at, layer = stepper.phase()
    step = len(stepper.records) - (at == "update")
    return Stop(step, at, layer, note, **optional)


def with_stops(lesson: Lesson, stops) -> Lesson:
    """The lesson with these stops (added, removed, reordered or edited), refused like a file would be."""
    return parse({**dump(lesson), "stops": [_stop_dict(s) for s in stops]})


def point(stop: Stop, L: int) -> tuple:
    """(step, cursor) of Stepper.goto that shows the stop: the sub-steps its phase needs revealed
    (engine/core/stepping/reveal.py); an update, all of them, is the next step's start."""
    n = len(reveal.order(L))
    return divmod(stop.step * n + reveal.cursor_of(stop.phase, L), n)


def goto(stepper: Stepper, stop: Stop) -> Stepper:
    """Put stepper (running the stop's scenario) at the stop, taking the steps that lead there."""
    step, cursor = point(stop, stepper.L)
    if step > len(stepper.records):
        stepper.goto(len(stepper.records))  # a step half revealed is taken whole from its start
        stepper.run(step - len(stepper.records))
    stepper.goto(step, cursor)
    return stepper


def stepper_at(lesson: Lesson, i: int, stepper: Stepper | None = None) -> Stepper:
    """A Stepper at stop i: stepper itself when it runs that stop's scene, else a new one."""
    sc = lesson.scenario(i)
    return goto(stepper if stepper is not None and stepper.sc is sc else Stepper(sc), lesson.stops[i])


def _position(step: int, cursor: int, n_sub: int) -> int:
    return step * n_sub + cursor


def nearest(lesson: Lesson, stepper: Stepper) -> int:
    """The stop of st's scene whose point is nearest st's own (the earlier on a tie); 0 when stepper runs
    none of the lesson's scenes."""
    here = _position(len(stepper.records), stepper.cursor, stepper.n_sub)
    mine = [i for i in range(len(lesson.stops)) if lesson.scenario(i) is stepper.sc]
    return min(mine, key=lambda i: (abs(_position(*point(lesson.stops[i], stepper.L), stepper.n_sub) - here), i), default=0)


def allowance(question: dict) -> float:
    """The largest error of a number counted right: 1 % of the answer, or the question's tolerance (at
    least 0.5 %: a tighter one, 1e-6 at 0.597, refused what a person writes)."""
    answer = abs(question["answer"])
    return max(question.get("tolerance", RELATIVE * answer), FLOOR * answer, ZERO)


def relative(question: dict) -> float | None:
    """allowance as a fraction of the answer (0.01 for 1 %); None for an answer 0."""
    return allowance(question) / abs(question["answer"]) if question["answer"] else None


def answered(question: dict, value: float) -> bool | None:
    """Whether value answers the question: a number within allowance(question), or the index of the
    right choice; None when the question has no answer."""
    if "choices" in question:
        return int(value) == question["right"]
    if "answer" not in question:
        return None
    return abs(value - question["answer"]) <= allowance(question)


def play(lesson: Lesson) -> list:
    """Visit every stop in order; the Stepper.phase() at each (what a test or `validate` compares)."""
    stepper, seen = None, []
    for i, stop in enumerate(lesson.stops):
        try:
            stepper = stepper_at(lesson, i, stepper)
        except NonFiniteError as exc:
            raise EngineError("err.lesson.nonfinite", f"stops[{i}]", quantity=exc.quantity) from None
        seen.append(stepper.phase())
    return seen


@cache
def _builtin_paths() -> dict:
    return {p.stem: p for p in sorted(BUILTIN_DIR.glob("*.json"))}


def names() -> list[str]:
    return list(_builtin_paths())


@cache
def get(name: str) -> Lesson:
    """A built-in lesson (parsed once, shared read-only); an unknown name lists the valid ones."""
    return read(choose("lesson", name, _builtin_paths()).read_bytes())


def listing(lang: str = "en") -> list[tuple]:
    """(name, tab, title) of every built-in lesson."""
    return [(name, get(name).tab, text(get(name).title, lang)) for name in names()]
