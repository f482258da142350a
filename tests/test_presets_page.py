"""The Presets page, driven by AppTest: a preset brings its source's notation, and Mazur's panel
compares every number he prints."""
import pytest

from engine.teach.textbook import presets
from engine.text.i18n import catalogue
from tests.apptest import button, fresh
from ui.session import keys

# what each source writes that no other notation does, in a formula of an output neuron after a step
MARK = {"nielsen": r"\text{(BP1)}", "ng": r"\Theta^{(2)}_{10}", "ufldl": r"W^{(2)}_{11}"}


def load(at, name):
    at.switch_page("pages/presets.py").run()
    button(at, f"presets_load_{name}").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("name,notation", [("nielsen", "nielsen"), ("ng_4layer", "ng"), ("softmax_232", "ufldl")])
def test_loading_a_textbook_preset_switches_to_its_notation_and_says_so(name, notation):
    at = load(fresh(), name)
    assert at.session_state[keys.NOTATION] == notation
    assert at.selectbox(key="side_notation").value == notation  # the sidebar shows it too
    said = catalogue("en")["presets.notation_switched"].format(name=catalogue("en")[f"notation.{notation}"])
    assert any(said in s.value for s in at.success)
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "n2_0"
    at.run()
    assert any(MARK[notation] in x.body for x in at.latex)  # no manual switch needed


def test_a_preset_in_the_notation_already_chosen_says_nothing_about_it():
    at = load(fresh(), "ng_4layer")
    at = load(at, "logreg")  # Ng's too
    assert at.session_state[keys.NOTATION] == "ng"
    assert not any("notation switched" in s.value for s in at.success)


def test_every_card_names_its_notation():
    at = fresh("presets")
    shown = " ".join(m.value for m in at.markdown)
    for name in presets.names():
        assert catalogue("en")[f"preset.{name}.title"] in shown
    assert shown.count("*Notation: ") == len(presets.names())


def test_mazurs_panel_compares_every_printed_number_including_the_long_run():
    at = load(fresh(), "mazur")
    table = at.dataframe[0].value
    quantity, printed, computed = (table.iloc[:, i].tolist() for i in range(3))
    assert quantity == list(presets.get("mazur").published) and "—" not in computed
    row = dict(zip(quantity, computed))
    # after 10,000 simultaneous updates with frozen biases: within 0.2% of his 0.0000351085
    assert float(row["E_total+10000"]) == pytest.approx(0.0000351085, rel=2e-3)
    assert float(row["w1+"]) == pytest.approx(0.149780716, abs=1e-9)


def test_mazurs_panel_goes_with_his_network_and_the_change_says_so():
    at = load(fresh(), "mazur")
    at.switch_page("pages/build.py").run()
    at.number_input(key="build_n1").set_value(3).run()
    title = presets.get("mazur").title("en")
    assert any(catalogue("en")["state.detached"].format(title=title) in i.value for i in at.info)
    at.switch_page("pages/presets.py").run()
    assert not at.exception and not at.dataframe
    assert catalogue("en")["presets.compare_title"] not in [h.value for h in at.header]
