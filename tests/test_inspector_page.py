"""The Step page's chain-rule inspector, paths, notations and worked example, driven by AppTest."""
import re

import pytest

from tests.test_pages import button, fresh


def mazur(at):
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_mazur").click().run()
    at.switch_page("pages/step.py").run()
    return at


def test_neuron_formulas_follow_the_reveal_and_carry_mazurs_numbers():
    at = mazur(fresh())
    at.session_state["selection"] = "n2_0"
    for _ in range(2):
        button(at, "step_fwd").click().run()
    shown = " ".join(x.body for x in at.latex)
    assert "0.7514" in shown and "delta" not in shown  # out_o1 = 0.75136507; no delta before backward
    button(at, "step_fwd").click().run()
    button(at, "step_bwd").click().run()
    shown = " ".join(x.body for x in at.latex)
    assert "0.1385" in shown  # Mazur's delta_o1 = 0.138498562


def test_edge_paths_sum_to_the_gradient():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    at.session_state["selection"] = "e1_0_0"  # his w1
    at.run()
    total = re.search(r"\*\*([-\d.e]+)\*\*", " ".join(m.value for m in at.markdown if "**" in m.value))
    assert total and float(total.group(1)) == pytest.approx(0.000438568, abs=1e-9)
    assert any("0.0004386" in x.body for x in at.latex)


def test_notation_changes_names_not_numbers():
    at = mazur(fresh())
    button(at, "step_whole").click().run()
    at.session_state["selection"] = "e2_0_0"
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
