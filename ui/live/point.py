"""The teacher's point as the store keeps it, taken from a step machine and put on another one; the
question a teacher asks on the spot; the spread of a question's answers. No Streamlit: the engine's
step machine and view only, so a student's copy reaches exactly the teacher's sub-step."""
import math

import numpy as np

from engine.teach.classroom import lesson as lessons
from engine.teach.screen import ids
from engine.teach.screen.view import current

BINS = 12  # bars of the answers' histogram


def point_of(stepper, *, stop=None, select=None, view=None, blank=False, hold=False, column=0,
             notation="engine", network=0) -> dict:
    """Where a step machine is (committed steps, sub-steps of the next revealed) and what is shown, in
    which textbook's names, on which of the class's networks."""
    view = view or {}
    return {"step": len(stepper.records), "cursor": stepper.cursor if stepper.pending is not None else 0,
            "column": int(column), "stop": stop, "select": select,
            "view": {"node": view.get("node", "a"), "edge": view.get("edge", "W")},
            "blank": bool(blank), "hold": bool(hold), "notation": notation, "network": int(network)}


def at(stepper) -> tuple:
    return len(stepper.records), stepper.cursor if stepper.pending is not None else 0


def reach(stepper, point: dict):
    """Move stepper (running the class's network) to the point, taking the steps that lead there;
    nothing to do when it is there already (a student's rerun for an answer or a selection)."""
    target = (point["step"], point["cursor"])
    if at(stepper) == target:
        return stepper
    if target[0] > len(stepper.records):
        stepper.goto(len(stepper.records))  # a step half revealed is taken whole from its start
        stepper.run(target[0] - len(stepper.records))
    stepper.goto(*target)
    return stepper


def lesson_stepper(lesson, point: dict, stepper=None):
    """A lesson class: the stop's scene (reusing stepper when it runs it), at the teacher's point."""
    i = min(point.get("stop") or 0, len(lesson.stops) - 1)
    sc = lesson.scenario(i)
    if stepper is None or stepper.sc is not sc:
        stepper = lessons.stepper_at(lesson, i)
    return reach(stepper, point)


def spot(stepper, select, column: int = 0):
    """What a teacher can ask about the selection at this sub-step: ("delta", id, value) for a neuron
    whose δ is revealed, ("dW", id, value) for a weight whose gradient is; None otherwise."""
    found = ids.parse(select)
    if found is None:
        return None
    view = current(stepper, column)
    if found[0] == "n" and 1 <= found[1] <= len(view.delta) and view.delta[found[1] - 1] is not None:
        return "delta", select, float(view.delta[found[1] - 1][found[2]])
    if found[0] == "e" and 1 <= found[1] <= len(view.dW) and view.dW[found[1] - 1] is not None:
        return "dW", select, float(view.dW[found[1] - 1][found[2], found[3]])
    return None


def spread(question: dict | None, values: list) -> dict:
    """The histogram of the answers (counts and bin edges), and how many are within the tolerance of
    the right answer, checked as the Lessons page checks one (engine.teach.classroom.lesson.answered)."""
    values = [v for v in values if math.isfinite(v)]
    out = {"n": len(values), "counts": [], "edges": [], "right": None, "share": None}
    if not values:
        return out
    lo, hi = min(values), max(values)
    if question and "answer" in question:
        lo, hi = min(lo, question["answer"]), max(hi, question["answer"])
    counts, edges = np.histogram(values, bins=BINS if hi > lo else 1, range=(lo, hi) if hi > lo else (lo - 0.5, lo + 0.5))
    out.update(counts=counts.tolist(), edges=edges.tolist())
    if question and "answer" in question:
        right = sum(bool(lessons.answered(question, v)) for v in values)
        out.update(right=right, share=right / len(values))
    return out
