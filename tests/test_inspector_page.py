"""The Step page's chain-rule inspector, paths, notations and worked example, driven by AppTest."""
import re

import pytest

from engine.teach.worked.formulas import fmt
from tests.helpers import random_scenario, stepper
from tests.apptest import button, element_of, fresh, mazur
from ui.session import keys


def test_neuron_formulas_follow_the_reveal_and_carry_mazurs_numbers():
    at = mazur(fresh())
    at.session_state[keys.SELECTION] = "n2_0"
    for _ in range(2):
        button(at, "step_fwd").click().run()
    shown = " ".join(x.body for x in at.latex)
    assert "0.7514" in shown and "delta" not in shown  # out_o1 = 0.75136507; no delta before backward
    button(at, "step_fwd").click().run()
    button(at, "step_bwd").click().run()
    shown = " ".join(x.body for x in at.latex)
    assert "0.1385" in shown  # Mazur's delta_o1 = 0.138498562


def path_sum(at) -> float:
    """The exact value (on hover) of the bold path sum."""
    text = next(m.value for m in at.markdown if m.value.startswith("Sum over the ") and "**" in m.value)
    return float(re.search(r'\*\*<span title="([^"]+)">', text).group(1))


def test_edge_paths_show_their_local_derivatives_and_sum_to_the_gradient():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e1_0_0"  # his w1
    at.run()
    assert path_sum(at) == pytest.approx(0.000438568, abs=1e-9)
    shown = [x.body for x in at.latex if r"\sigma'" in x.body]  # the paths' products of local derivatives
    assert len(shown) == 2  # through o1 and through o2, each with its numbers
    through_o1 = next(b for b in shown if r"0.4 \cdot" in b)  # his w5
    # i1, out_h1', w5, out_o1', (out_o1 - target_o1), then their product, to 4 digits
    assert all(n in through_o1 for n in ("0.05", "0.2413", "0.1868", "0.7414"))
    assert sorted(element_of(at)["trail"]) == ["e1_0_0", "e2_0_0", "e2_1_0"]  # w1, w5 and w7 haloed


def test_output_first_says_why_no_paths_are_shown():
    at = mazur(fresh())
    src = dict(at.session_state[keys.SCENARIO], update_order="output_first")
    at.session_state[keys.STEPPER] = stepper(src)
    at.session_state[keys.SCENARIO] = src
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e1_0_0"
    at.run()
    assert any("output first" in c.value for c in at.caption)
    assert element_of(at)["trail"] == []


def test_a_batch_with_l2_relates_the_path_sums_to_the_gradient():
    at = fresh()
    src = random_scenario([2, 3, 2], "tanh", "squared_error", "linear", lam=0.2, m=3, seed=6, batch="full")
    at.session_state[keys.STEPPER], at.session_state[keys.SCENARIO] = stepper(src), src
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e1_1_0"
    at.run()
    rec = at.session_state[keys.STEPPER].records[-1]
    relation = next(x for x in at.latex if r"\sum_{i=1}^{m}" in x.body)
    assert relation.body.strip("$\n").endswith(f"= {fmt(rec.dW[0][1, 0], 4)}") and r"\frac{1}{3}" in relation.body
    assert float(relation.proto.help.split(" · ")[-1]) == pytest.approx(rec.dW[0][1, 0], rel=1e-12)


def test_notation_changes_names_not_numbers():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e2_0_0"
    at.run()
    engine = [x.body for x in at.latex]
    at.selectbox(key="side_notation").set_value("ng").run()
    ng = [x.body for x in at.latex]
    assert any(r"\Theta" in b for b in ng) and not any(r"\Theta" in b for b in engine)
    number = re.compile(r"-?\d+\.\d+")
    assert sorted(set(number.findall(" ".join(engine)))) == sorted(set(number.findall(" ".join(ng))))


def test_worked_example_download_is_offered_after_a_step():
    at = fresh("step")
    assert next(b for b in at.get("download_button") if b.proto.label.startswith("Worked")).proto.disabled
    button(at, "step_whole").click().run()
    assert not next(b for b in at.get("download_button") if b.proto.label.startswith("Worked")).proto.disabled
