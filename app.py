"""Backprop Explorer: the entry point. Navigation, session bootstrap and the shared sidebar."""
import blas  # noqa: F401  first: numpy's BLAS on one thread (blas.py)
import streamlit as st

from ui.session.keys import OPENED, STEPPER

# The link's query is kept in the session before the imports below. On a fresh server they take seconds,
# and a click on a sidebar link drawn meanwhile (Streamlit's pages-folder mode) stops this run at its next
# use of session state and starts one whose URL has lost the query: the session then opened the default
# network, not the link's. (A click in the milliseconds before this line can still lose it.)
if STEPPER not in st.session_state:
    st.session_state.setdefault(OPENED, st.query_params.to_dict())

from ui.common import document, presenter, sidebar, style  # noqa: E402
from ui.lessons import player  # noqa: E402
from ui.live import session as live  # noqa: E402
from ui.session import state  # noqa: E402
from ui.session.text import t  # noqa: E402

query = st.session_state.get(OPENED)  # None once the session's network is built from it
state.bootstrap(query or {})  # first: it picks the language the page title is in
st.set_page_config(page_title=t("app.title"), page_icon=":material/hub:", layout="wide")
landed = False  # a link's ?lesson=NAME opened its lesson: it plays on the Lessons page, wherever the link lands
if query is not None:  # the link's classroom parts: ?present=1, ?lesson=NAME (after the network it may replace)
    presenter.start(query)
    landed = player.from_link(query)
    live.from_link(query, open_lesson=player.open_at)  # ?join=CODE: a live class to join (or take back)
    del st.session_state[OPENED]
state.share()  # every run: the browser drops the query when the page changes
style.apply()

pages = [
    st.Page("pages/build.py", title=t("nav.build"), icon=":material/construction:", default=True),
    st.Page("pages/step.py", title=t("nav.step"), icon=":material/footprint:"),
    st.Page("pages/train.py", title=t("nav.train"), icon=":material/trending_down:"),
    st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:"),
    st.Page("pages/trace.py", title=t("nav.trace"), icon=":material/receipt_long:"),
    st.Page("pages/gradcheck.py", title=t("nav.gradcheck"), icon=":material/rule:"),
    st.Page("pages/quiz.py", title=t("nav.quiz"), icon=":material/quiz:"),
    st.Page("pages/presets.py", title=t("nav.presets"), icon=":material/menu_book:"),
    st.Page("pages/lessons.py", title=t("nav.lessons"), icon=":material/co_present:"),
]
if live.role() == "student":
    pages.append(st.Page("pages/live.py", title=t("live.title"), icon=":material/sensors:"))
page = st.navigation(pages)
if live.arrived():  # a ?join link opens the class, whatever page it named
    st.switch_page("pages/live.py")
if landed and page.url_path != "lessons":
    st.switch_page("pages/lessons.py")
st.set_page_config(page_title=f"{page.title} · {t('app.title')}")  # each page its own title (WCAG 2.4.2)
document.mark(state.lang())
sidebar.will_draw()
page.run()
sidebar.draw()  # after the page, so it shows the network the page's actions left
