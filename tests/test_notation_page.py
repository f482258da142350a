"""Every name on the Step page follows the chosen notation (AppTest), on a network with 3 weight
layers: the Selected panel, the edit tables (Ng's Theta with the bias as column 0), the change list,
the diagnostics, the phase line and the figure. Expected names are written out from CONVENTIONS.md's
table, not produced by engine.teach.textbook.notation."""
import pytest

from tests.helpers import stepper
from tests.apptest import button, element_of, fresh, markdown_with, open_edit, seed_edit
from ui.session import keys

W1 = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
SRC = {"schema": "backprop-scenario/1", "layers": [3, 2, 2, 2], "activations": ["sigmoid"] * 3,
       "loss": "squared_error", "lambda": 0.0, "lr": 0.5,
       "W": [W1, [[0.2, -0.1], [30.0, 30.0]], [[0.3, 0.1], [-0.2, 0.4]]],  # neuron 1 of layer 2 saturates
       "b": [[0.7, 0.8], [0.1, 0.2], [0.0, 0.1]], "X": [[1.0, 0.5, -0.5]], "Y": [[0.0, 1.0]]}

# per notation: neuron 1 of engine layer 2, its bias, the weight W[1][0,2], its layer numbers
EXPECTED = {
    "engine": dict(words="**Neuron 1** of layer 2", a=r"a^{[2]}_{1}", b=r"b^{[2]}_{1}", w=r"W^{[1]}_{0,2}",
                   cols=["k = 0", "k = 1", "k = 2", "b^[1]"], rows=["j = 0", "j = 1"], diag="Layer 2, neuron $a^{[2]}_{1}$",
                   update="W ← W − α ∂J/∂W, b ← b − α ∂J/∂b", hidden=["hidden 1", "hidden 2"],
                   edge="of layer 1: from neuron 2 to neuron 0", col="k = 2"),
    "ng": dict(words="**Neuron 2** of layer 3", a=r"a^{(3)}_{2}", b=r"\Theta^{(2)}_{20}", w=r"\Theta^{(1)}_{13}",
               cols=["k = 0", "k = 1", "k = 2", "k = 3"], rows=["j = 1", "j = 2"], diag="Layer 3, neuron $a^{(3)}_{2}$",
               update="Θ ← Θ − α ∂J/∂Θ", hidden=["hidden 2", "hidden 3"],
               edge="of layer 2: from neuron 3 to neuron 1", col="k = 3"),
    "ufldl": dict(words="**Neuron 2** of layer 2", a=r"a^{(2)}_{2}", b=r"b^{(2)}_{2}", w=r"W^{(1)}_{13}",
                  cols=["k = 1", "k = 2", "k = 3", "b^(1)"], rows=["j = 1", "j = 2"], diag="Layer 2, neuron $a^{(2)}_{2}$",
                  update="W ← W − α ∂J/∂W, b ← b − α ∂J/∂b", hidden=["hidden 1", "hidden 2"],
                  edge="of layer 1: from neuron 3 to neuron 1", col="k = 3"),
    "nielsen": dict(words="**Neuron 2** of layer 3", a=r"a^{3}_{2}", b=r"b^{3}_{2}", w=r"w^{2}_{13}",
                    cols=["k = 1", "k = 2", "k = 3", "b^2"], rows=["j = 1", "j = 2"], diag="Layer 3, neuron $a^{3}_{2}$",
                    update="w ← w − η ∂C/∂w, b ← b − η ∂C/∂b", hidden=["hidden 2", "hidden 3"],
                    edge="of layer 2: from neuron 3 to neuron 1", col="k = 3"),
}


def stepped(notation):
    at = fresh()
    at.session_state[keys.STEPPER], at.session_state[keys.SCENARIO] = stepper(SRC), SRC
    at.session_state[keys.NOTATION] = notation
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    open_edit(at).selectbox(key="step_edit_layer").set_value(1).run()
    return at


@pytest.mark.parametrize("notation", list(EXPECTED))
def test_every_name_on_the_step_page_follows_the_notation(notation):
    want = EXPECTED[notation]
    at = stepped(notation)
    rec = at.session_state[keys.STEPPER].records[-1]
    at.session_state[keys.SELECTION] = "n2_1"
    at.run()
    panel = markdown_with(at, want["words"])
    assert f"${want['a']}$" in panel and f"${want['b']}$" in panel
    assert want["update"] in at.info[0].value
    assert any(want["diag"] in m.value and "saturated" in m.value for m in at.markdown)
    titles = [h[1][0] for h in element_of(at)["heads"]]
    assert [t for t in titles if t.startswith("hidden")] == want["hidden"]
    table = at.data_editor(key="step_edit_W1").value
    assert list(table.columns) == want["cols"] and list(table.index) == want["rows"]
    bias_col = 0 if notation == "ng" else 3
    assert table.iloc[:, bias_col].tolist() == [0.7, 0.8]  # Ng's column 0 holds the biases
    assert table.drop(columns=table.columns[bias_col]).to_numpy().tolist() == W1
    at.session_state[keys.SELECTION] = "e1_0_2"
    seed_edit(at, "step_edit_W1", {want["col"]: 0.9})  # the cell of W[1][0,2]
    button(at, "step_edit_apply").click().run()
    assert at.session_state[keys.STEPPER].records[-1].W_before[0][0, 2] == 0.9 != rec.W_before[0][0, 2]
    moved = markdown_with(at, "on screen (before → after)")
    assert f"| ${want['w']}$ |" in moved  # the edited weight (updated) is listed under its name
    assert f"${want['w']}$" in markdown_with(at, want["edge"])  # the Selected panel of the edge
