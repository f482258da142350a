"""The Lessons page: open a lesson (built-in or a file), play it stop by stop, leave it and come back,
and edit it (a note at the network's current point, a note changed or deleted, the file downloaded)."""
import streamlit as st

from engine.teach.classroom import lesson as engine_lessons
from ui.lessons import player
from ui.live import panel, teacher
from ui.common import presenter, style
from ui.session import state
from ui.stage import keyboard, present, stage
from ui.session.text import lang, t

LESSON_CSS = "<style>.stApp {--bp-above: 15.5rem;}</style>"  # ui.stage.present's stage, under the title and buttons (6rem)


def opener(open_now: bool):
    """Built-in lessons by title, and the uploader."""
    with st.expander(t("lesson.open_title"), expanded=open_now, icon=":material/folder_open:"):
        listing = {name: title for name, _, title in engine_lessons.listing(lang())}
        a, b = st.columns([4, 1], vertical_alignment="bottom")
        a.selectbox(t("lesson.builtin"), list(listing), key="lesson_pick", format_func=listing.get)
        b.button(t("lesson.open"), key="lesson_open", icon=":material/play_lesson:", on_click=player.open_builtin,
                 width="stretch", type="primary")
        st.file_uploader(t("lesson.upload"), type=["json"], key=player.UPLOAD, on_change=player.upload,
                         help=t("lesson.upload_help"))
        state.refusals(player.UPLOAD)


def _nav(les, n):
    """Previous and next stop, leaving and coming back."""
    i, free = les["stop"], les["free"] or not player.attached()
    cols = st.columns(4)
    cols[0].button(t("lesson.prev"), key="lesson_prev", icon=":material/skip_previous:", on_click=player.step,
                   args=(-1,), disabled=i == 0 or free, width="stretch")
    cols[1].button(t("lesson.next"), key="lesson_next", icon=":material/skip_next:", on_click=player.step,
                   args=(1,), disabled=i >= n - 1 or free, width="stretch", type="primary")
    if free:
        cols[2].button(t("lesson.back"), key="lesson_back", icon=":material/undo:", on_click=player.back,
                       width="stretch", type="primary")
    else:
        cols[2].button(t("lesson.try"), key="lesson_try", icon=":material/back_hand:", on_click=player.leave,
                       width="stretch", help=t("lesson.try_help"))
    cols[3].button(t("lesson.close"), key="lesson_close", icon=":material/close:", on_click=player.close,
                   width="stretch")


def _question(les, stop):
    """The stop's question: a number to type (the tolerance stated by the box), or choices; the verdict,
    the accepted value after a wrong number, and the reveal (on request or after an answer)."""
    q = stop.question
    st.markdown(f"**{t('lesson.question')}** {engine_lessons.text(q['text'], lang())}")
    if "choices" in q or "answer" in q:
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        if "choices" in q:
            texts = [engine_lessons.text(c, lang()) for c in q["choices"]]
            a.radio(t("lesson.choose"), range(len(texts)), index=None, key=player.ANSWER, format_func=texts.__getitem__)
        else:
            a.number_input(t("lesson.answer"), value=None, format="%.10g", key=player.ANSWER)
        b.button(t("lesson.check"), key="lesson_check", on_click=player.check_answer, width="stretch")
        if "answer" in q:
            st.caption(_within(q, True))
    _verdict(les, q)


def _within(q: dict, stated: bool) -> str:
    """How near the answer a number must be: a share of it (never the answer itself, before it is revealed)."""
    share = engine_lessons.relative(q)
    if share is None:
        return t("lesson.tolerance_abs", within=f"{engine_lessons.allowance(q):.2g}")
    within = f"{share * 100:.2g} %"
    return t("lesson.tolerance", within=within) if stated else within


def _verdict(les, q: dict):
    verdict = les.get("verdict")
    if verdict is True:
        st.success(t("lesson.right"))
    elif verdict is False:
        accepted = t("lesson.accepted", value=f"{q['answer']:.6g}", within=_within(q, False)) if "answer" in q else ""
        st.error(f"{t('lesson.wrong')} {accepted}".strip())
    if "reveal" not in q:
        return
    if verdict is not None or les.get("revealed"):
        st.info(f"**{t('lesson.revealed')}** {engine_lessons.text(q['reveal'], lang())}")
    else:
        st.button(t("lesson.reveal"), key="lesson_reveal", icon=":material/visibility:", on_click=player.reveal)


def header(les, big: bool):
    """Where the lesson is and its controls; then (unless the network is not the lesson's, or the
    student left the path) the function that draws the stop's note and question."""
    lesson, i = les["lesson"], les["stop"]
    title = engine_lessons.text(lesson.title, lang())
    if big:
        st.markdown(f"**{title}** · {t('lesson.stop_of', i=i + 1, n=len(lesson.stops))}")
    else:
        st.header(title)
        st.caption(t("lesson.stop_of", i=i + 1, n=len(lesson.stops)))
    _nav(les, len(lesson.stops))
    if not player.attached():
        st.warning(t("lesson.detached", i=i + 1), icon=":material/link_off:")
        return None
    if les["free"]:
        st.info(t("lesson.free", i=i + 1), icon=":material/back_hand:")
        return None
    return lambda: _note(les)


def _note(les):
    lesson, i = les["lesson"], les["stop"]
    stop = lesson.stops[i]
    with st.container(key="lesson_note_box"):
        st.markdown(engine_lessons.text(stop.note, lang()))
        if stop.question:
            _question(les, stop)
    if (stop.tab or lesson.tab) == "gradcheck":
        st.page_link("pages/gradcheck.py", label=t("lesson.to_gradcheck"), icon=":material/rule:")


def editor(les):
    """Add a note at the network's point, change or delete the current one, download the lesson."""
    with st.expander(t("lesson.edit_title"), icon=":material/edit_note:", expanded=les is None):
        st.text_area(t("lesson.new_note"), key="lesson_new_note", help=t("lesson.new_note_help"))
        st.button(t("lesson.add"), key="lesson_add", icon=":material/add_comment:", on_click=player.add_note)
        if les is None:
            return
        lesson, i = les["lesson"], les["stop"]
        st.text_area(t("lesson.edit_note", i=i + 1), engine_lessons.text(lesson.stops[i].note, lang()),
                     key=f"lesson_edit_note_{i}_{id(lesson)}")
        a, b, c = st.columns(3)
        a.button(t("lesson.save"), key="lesson_save", icon=":material/save:", on_click=player.save_note,
                 args=(f"lesson_edit_note_{i}_{id(lesson)}",), width="stretch")
        b.button(t("lesson.delete"), key="lesson_delete", icon=":material/delete:", on_click=player.delete_note,
                 disabled=len(lesson.stops) == 1, width="stretch")
        c.download_button(t("lesson.download"), data=engine_lessons.dumps(lesson), key="lesson_download",
                          file_name=f"{les['name'] or 'lesson'}.json", mime="application/json", on_click="ignore",
                          icon=":material/download:", width="stretch")


def draw():
    les = player.current()
    big = presenter.active()
    if big:
        style.heading(t("lesson.title"))
        present.frame(LESSON_CSS)
    else:
        keyboard.listen()
        st.title(t("lesson.title"))
        keyboard.key_list()
    state.notice()
    if les is None or not big:
        opener(les is None)
    note = header(les, big) if les is not None else None
    on_screen = les if les is not None and player.attached() else None
    teacher.sync(on_screen)  # a live class follows this run's point (before its panel is drawn)
    if les is None or player.attached():
        if note and not big:
            note()
        if not big:
            panel.aside(on_screen)

        def beside():  # the presenter's side column: the live class's panel, then the stop's note
            panel.aside(on_screen)
            if note:
                note()
        stage.draw(state.stepper(), stage.PRESENT if big else stage.LESSON, aside=beside if big else None)
    if not big:
        editor(les)
