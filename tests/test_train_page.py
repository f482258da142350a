"""The Train page driven through the whole app with Streamlit's AppTest."""
import time

from tests.test_pages import button, fresh

DIGITS = {"layers": "64,128,64,10", "act": "tanh,tanh,softmax", "loss": "softmax_cross_entropy", "lr": "0.1",
          "batch": "full", "init": "xavier", "seed": "0", "data": "digits", "n": "1797", "test": "0.2"}


def test_stop_lands_quickly_on_a_large_network_and_keeps_the_steps():
    """AppTest's timeout asks the script to stop exactly as a click does: at its next st.* call."""
    at = fresh("train", DIGITS)
    at.number_input(key="train_count").set_value(100_000).run()
    began = time.monotonic()
    try:
        button(at, "train_go").click().run(timeout=4)
    except RuntimeError as exc:
        assert "timed out" in str(exc)
    assert time.monotonic() - began < 5  # the loop gave way within a second of the stop
    stepper = at.session_state["stepper"]
    n = len(stepper.records)
    assert 0 < n < 100_000 and at.session_state["train_log"][-1]["step"] == n
    button(at, "train_go").set_value(False)  # the cut-short run left the tree with Train still pressed
    button(at, "train_stop").click().run()
    assert not at.exception
    assert any(f"stopped at step {n} ({n} of the 100000" in i.value for i in at.info)
    assert len(at.session_state["stepper"].records) == n  # the stop itself took no step and lost none
    assert at.metric[0].value == str(n)
