"""Train: run many steps with a progress bar and a stop button; loss, boundary and gradient norms."""
import streamlit as st

from ui import boot, running, state, training
from ui.text import named, t

boot.ensure()

stepper = state.stepper()
st.title(t("train.title"))
state.notice()

a, b, c, d = st.columns([2, 2, 2, 2], vertical_alignment="bottom")
count = a.number_input(t("train.count"), 1, 100_000, 50, key="train_count")
unit = b.radio(t("train.unit"), ("steps", "epochs"), key="train_unit", horizontal=True,
               format_func=named("train.", ("steps", "epochs")))
go = c.button(t("train.go"), icon=":material/play_arrow:", key="train_go", type="primary", width="stretch")
# the click itself ends a running loop (Streamlit stops the script at its next progress update)
d.button(t("train.stop"), icon=":material/stop:", key="train_stop", width="stretch", help=t("train.stop_help"),
         on_click=running.settle)
if go:
    training.run(stepper, training.steps_for(stepper, count, unit))
training.summary(stepper)
training.figures(stepper)
