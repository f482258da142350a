"""The Train page's loop and figures. The loop commits to the session's stepper in chunks, so a
stop (any click reruns the page and ends the loop between chunks) keeps everything reached."""
import streamlit as st

from engine import EngineError, NonFiniteError
from engine.surface import grid, labels, line
from ui import state
from ui.text import t
from viz import curves
from viz.matrices import digit_images

CHUNKS = 50  # progress updates per run: enough for a smooth bar, few enough to stay fast


def steps_for(stepper, count: int, unit: str) -> int:
    if unit == "steps":
        return count
    return count * stepper.steps_per_epoch()


def log_point(stepper):
    train, acc = stepper.evaluate(stepper.sc.X, stepper.sc.Y)
    test, acc_test = stepper.evaluate(stepper.sc.X_test, stepper.sc.Y_test)
    st.session_state[state.TRAIN_LOG].append({"step": len(stepper.records), "train": train, "test": test,
                                              "acc_train": acc, "acc_test": acc_test})


def run(stepper, total: int):
    if stepper.pending is not None:
        stepper.step()  # finish the step being revealed on the Step page first
    if not st.session_state[state.TRAIN_LOG]:
        log_point(stepper)
    bar = st.progress(0.0, text=t("train.progress", done=0, total=total))
    chunk, done = max(1, total // CHUNKS), 0
    while done < total:
        n = min(chunk, total - done)
        try:
            stepper.run(n)
        except NonFiniteError as exc:
            st.error(t("step.nonfinite", step=exc.step, quantity=exc.quantity,
                       layer=exc.layer if exc.layer is not None else "-"))
            break
        done += n
        log_point(stepper)
        bar.progress(done / total, text=t("train.progress", done=done, total=total))


def summary(stepper):
    log = st.session_state[state.TRAIN_LOG]
    if not log:
        st.info(t("train.empty"))
        return
    last = log[-1]
    cols = st.columns(4)
    cols[0].metric(t("train.steps_done"), last["step"])
    cols[1].metric(t("train.train_cost"), f"{last['train']:.4g}")
    cols[2].metric(t("train.test_cost"), "—" if last["test"] is None else f"{last['test']:.4g}")
    acc = last["acc_test"] if last["acc_test"] is not None else last["acc_train"]
    cols[3].metric(t("train.accuracy"), "—" if acc is None else f"{acc:.1%}")


def figures(stepper):
    """Loss curve beside the decision surface (or the gradient norms when the data is not 2-D)."""
    log = st.session_state[state.TRAIN_LOG]
    left, right = st.columns(2)
    if log:
        left.plotly_chart(curves.loss_curve(log, **_words("title", "x_title", "y_title", "acc_title",
                                                          "train_name", "test_name", prefix="curve.loss")),
                          key="train_loss")
    surface = _boundary(stepper)
    if surface is not None:
        right.plotly_chart(surface, key="train_boundary")
    if stepper.sc.net.layers[0] == 64:  # the digits: first-layer weights are 8x8 images
        st.plotly_chart(digit_images(stepper.W[0]), key="train_digits")
    if stepper.records:
        norms = [r.grad_norms for r in stepper.records]
        place = st if surface is not None else right
        place.plotly_chart(curves.grad_norms(list(range(1, len(norms) + 1)), norms,
                                             **_words("title", "x_title", "layer_name", prefix="curve.norms")),
                           key="train_norms")


def _boundary(stepper):
    n_in = stepper.sc.net.layers[0]
    X, Y = stepper.sc.X, stepper.sc.Y
    try:
        if n_in == 2:
            fig = curves.boundary(grid(stepper), X.T, labels(Y), **_words(
                "title", "class_name", "data_name", prefix="curve.boundary"))
        elif n_in == 1 and Y.shape[0] == 1:
            fig = curves.regression_fit(line(stepper), X[0], Y[0], **_words(
                "title", "data_name", "fit_name", prefix="curve.fit"))
        else:
            return None
    except EngineError:
        return None
    return fig


def _words(*names, prefix):
    """A figure's titles and trace names from the catalogue (the builders take them as arguments)."""
    return {name: t(f"{prefix}.{name}") for name in names}
