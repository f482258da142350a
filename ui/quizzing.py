"""The quiz page's state: the question, the last verdict and the score, under one plain key."""
import streamlit as st

from engine import quiz
from engine.quiz import KINDS
from ui import state
from ui.text import lang, t

QUIZ = "quiz"  # plain key: {"question", "verdict", "score", "asked"}
KIND_CHOICES = ("random", *sorted(KINDS))


def session() -> dict:
    if QUIZ not in st.session_state:
        st.session_state[QUIZ] = {"question": None, "verdict": None, "score": quiz.Score(), "asked": 0}
    return st.session_state[QUIZ]


def record(stepper):
    """The step the quiz asks about: the last committed one, when it kept its values."""
    rec = stepper.records[-1] if stepper.records else None
    return rec if rec is not None and rec.full else None


def new(rec):
    s = session()
    kind = st.session_state.get("quiz_kind", "random")
    stepper = state.stepper()
    s["asked"] += 1
    s["question"] = quiz.pick(rec, stepper.sc.net, stepper.sc.lr, None if kind == "random" else kind,
                              seed=s["asked"])
    s["verdict"] = None
    st.session_state["quiz_answer"] = ""


def answer():
    s = session()
    if s["question"] is None or s["verdict"] is not None and s["verdict"].answer is not None:
        return  # one scored answer per question
    v = quiz.check(s["question"], st.session_state.get("quiz_answer", ""))
    s["verdict"], s["score"] = v, s["score"].add(v)


def verdict(s):
    v = s["verdict"]
    if v is None:
        return
    (st.success if v.correct else st.warning if v.answer is None else st.error)(quiz.explain(v, lang()))
    if v.answer is not None:
        st.markdown(t("quiz.reveal", value=repr(v.value)))
