"""Train: run many steps with a progress bar and a stop button; loss, boundary and gradient norms."""
import streamlit as st

from ui.session import boot, state, train_lock
from ui.train import loop
from ui.session.text import named, t

boot.ensure()

stepper = state.stepper()
st.title(t("train.title"))
state.notice()

a, b, c, d = st.columns([2, 2, 2, 2], vertical_alignment="bottom")
UNITS = ("steps", "epochs")
# page settings outlive the page: the widgets forget their values whenever another page is shown
count = a.number_input(t("train.count"), 1, 100_000, state.setting("train_count", 50), key="train_count",
                       on_change=state.keep, args=("train_count",))
unit = b.radio(t("train.unit"), UNITS, UNITS.index(state.setting("train_unit", "steps")), key="train_unit",
               horizontal=True, format_func=named("train.", UNITS), on_change=state.keep, args=("train_unit",))
go = c.button(t("train.go"), icon=":material/play_arrow:", key="train_go", type="primary", width="stretch")
# the click itself ends a running loop (Streamlit stops the script at its next progress update)
d.button(t("train.stop"), icon=":material/stop:", key="train_stop", width="stretch", help=t("train.stop_help"),
         on_click=train_lock.settle)
if go:
    loop.run(stepper, loop.steps_for(stepper, count, unit))
loop.summary(stepper)
loop.figures(stepper, loop.earlier_run())
