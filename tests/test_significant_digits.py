"""The sidebar's "Significant digits" reaches every number shown: the Trace page's tables and cost, the
Train page's costs, the network figure's neurons and their tooltips and accessible names; the Selected
panel's hovers stay exact whatever the setting."""
import json

import pytest

from engine.text.numformat import exact, rounded
from tests.apptest import button, element_of, fresh, train
from ui.session import keys


def with_digits(page, digits):
    at = fresh(page)
    at.number_input(key="side_digits").set_value(digits).run()
    return at


@pytest.mark.parametrize("digits", [2, 6])
def test_the_step_figure_shows_neurons_to_the_digits_and_the_panel_exact(digits):
    at = with_digits("step", digits)
    button(at, "step_whole").click().run()
    button(at, "step_fwd").click().run()  # layer 1 of step 2: its a are known
    nodes = {n[0]: n for n in element_of(at)["nodes"]}
    st = at.session_state[keys.STEPPER]
    a1 = st.pending.a[1][:, 0]
    for j, v in enumerate(a1):
        assert nodes[f"n1_{j}"][5] == rounded(v, digits)  # in its circle
        assert nodes[f"n1_{j}"][7][1] == rounded(v, digits)  # in its tooltip, accessible name and table
    at.session_state[keys.SELECTION] = "n1_0"
    at.run()
    panel = next(m.value for m in at.markdown if "of layer 1" in m.value)
    assert f'title="{exact(a1[0])}"' in panel  # the exact value, not rounded


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
