"""The sidebar's "Significant digits" reaches every number shown: the Trace page's tables and cost, the
Train page's costs, the network figure's neurons; hovers stay exact whatever the setting."""
import json

import pytest

from engine.text.numformat import exact, rounded
from tests.apptest import button, figure_of, fresh, named_trace, train
from ui.session import keys


def with_digits(page, digits):
    at = fresh(page)
    at.number_input(key="side_digits").set_value(digits).run()
    return at


@pytest.mark.parametrize("digits", [2, 6])
def test_the_step_figure_shows_neurons_to_the_digits_and_hovers_exact(digits):
    at = with_digits("step", digits)
    button(at, "step_whole").click().run()
    button(at, "step_fwd").click().run()  # layer 1 of step 2: its a are known
    neurons = named_trace(figure_of(at), "neurons")
    st = at.session_state[keys.STEPPER]
    a1 = st.pending.a[1][:, 0]
    shown = dict(zip(neurons["customdata"], neurons["text"]))
    hover = dict(zip(neurons["customdata"], neurons["hovertext"]))
    for j, v in enumerate(a1):
        assert shown[f"n1_{j}"] == rounded(v, digits)
        assert f"= {exact(v)}<br>" in hover[f"n1_{j}"]  # the exact value, not rounded


def test_numbers_too_long_for_their_neurons_are_left_to_the_hover_not_cut_or_spilled():
    # 9 digits do not fit a 2-2-2 network's circles at 1280 px: drawn beside them they would cover
    # the edges and the next layer (viz.fit), so the hover alone carries them, exact
    at = with_digits("step", 9)
    button(at, "step_whole").click().run()
    button(at, "step_fwd").click().run()
    neurons = named_trace(figure_of(at), "neurons")
    a1 = at.session_state[keys.STEPPER].pending.a[1][:, 0]
    assert "text" not in neurons and neurons["mode"] == "markers"
    hover = dict(zip(neurons["customdata"], neurons["hovertext"]))
    assert all(f"= {exact(v)}<br>" in hover[f"n1_{j}"] for j, v in enumerate(a1))


@pytest.mark.parametrize("digits", [2, 9])
def test_the_trace_tables_and_cost_follow_the_digits(digits):
    at = with_digits("step", digits)
    button(at, "step_whole").click().run()
    at.switch_page("pages/trace.py").run()
    assert not at.exception, at.exception
    rec = at.session_state[keys.STEPPER].records[-1]
    summary = next(m.value for m in at.markdown if m.value.startswith("**Step 1**"))
    assert f"J = {rounded(rec.J, digits)}" in summary
    assert len(at.dataframe) >= 7  # the norms, and the output layer's z, a, delta, dW, db, W
    for table in at.dataframe:
        formats = {name: c["type_config"]["format"] for name, c in json.loads(table.proto.columns).items()
                   if name != "_index"}
        assert formats and set(formats.values()) == {f"%.{digits}g"}


@pytest.mark.parametrize("digits", [2, 9])
def test_the_train_page_costs_follow_the_digits(digits):
    at = with_digits("train", digits)
    train(at, 3)
    cost = at.session_state[keys.TRAIN_LOG][-1]["train"]
    shown = {m.label: m.value for m in at.metric}
    assert rounded(cost, digits) in shown.values()
