"""Quiz: a value of the last step is hidden; work it out, type it, and see it checked and derived."""
import streamlit as st

from engine.teach.classroom import quiz
from engine.teach.screen.view import givens
from ui import figure
from ui.common import actions, style, viewport
from ui.quiz import question
from ui.session import boot, keys, state
from ui.common.numbers import digits, figure_names
from ui.session.text import lang, t
from viz.element import payload

boot.ensure()
st.title(t("quiz.title"))
state.notice()
stepper = state.stepper()
rec = question.record(stepper)
notation = st.session_state[keys.NOTATION]
if rec is None:
    st.info(t("quiz.no_step"))
    st.button(t("step.whole"), key="quiz_step", icon=":material/skip_next:", on_click=actions.move, args=("step",))
else:
    session = question.current(rec)
    question.controls(st.columns(4, vertical_alignment="bottom"), stepper.sc.net, notation)
    b, c = st.columns([2, 2], vertical_alignment="bottom")
    b.button(t("quiz.new"), key="quiz_new", icon=":material/casino:", on_click=question.new, args=(rec,),
             width="stretch", type="primary" if session["question"] is None else "secondary")
    score = session["score"]
    c.metric(t("quiz.score"), f"{score.right} / {score.asked}")
    q = session["question"]
    column = q.column if q is not None and q.column is not None else 0
    given = givens(stepper, rec, column)
    if q is not None:
        st.markdown(f"#### {quiz.prompt(q, lang(), notation)}")
        question.sample(given)
        st.caption(t("quiz.givens") + "  \n" + quiz.rule(lang()))
        with st.form("quiz_form", border=False):
            st.text_input(t("quiz.answer"), key="quiz_answer")
            st.form_submit_button(t("quiz.check"), on_click=question.answer, icon=":material/check:")
        question.verdict(session, notation)
    figure.draw(payload(given, "a", "W", lang=lang(), names=figure_names(), digits=digits(), dark=style.dark(),
                        **viewport.figure_box(1.0, 120), pick=False), "quiz_fig")
