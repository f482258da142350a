"""Every page renders from a fresh session and its main controls work (Streamlit's AppTest)."""
import json
import re

import numpy as np
import pytest

from engine.files import formats

from engine.text import i18n
from tests.apptest import button, en, fresh, widget_keys
from tests.helpers import stepper
from ui.session import keys

def test_build_page_renders_from_fresh_session():
    at = fresh("build")
    assert at.title[0].value == en("build.title")
    assert [at.number_input(key=f"build_n{i}").value for i in range(3)] == [2, 3, 2]
    assert {"build_add", "build_remove"} <= widget_keys(at.button) and any(
        e.proto.id.endswith("-build_fig") for e in at.get("bidi_component"))  # the network element


def test_step_page_renders_from_fresh_session():
    at = fresh("step")
    step_buttons = {b.key: b for b in at.button if b.key.startswith("step_")}
    assert {"step_fwd", "step_bwd", "step_update", "step_whole", "step_back", "step_reset"} <= set(step_buttons)
    assert not step_buttons["step_fwd"].disabled and step_buttons["step_bwd"].disabled
    assert any(e.proto.id.endswith("-step_fig") for e in at.get("bidi_component"))  # the network element


def test_train_page_renders_from_fresh_session():
    at = fresh("train")
    assert at.title[0].value == en("train.title")
    assert "train_go" in widget_keys(at.button) and at.number_input(key="train_count").value > 0


def test_trace_page_renders_from_fresh_session():
    at = fresh("trace")
    assert at.title[0].value == en("trace.title")
    assert en("trace.empty") in [i.value for i in at.info] and widget_keys(at.file_uploader) == {"trace_upload"}


def test_default_network_is_the_teaching_one():
    st_ = fresh().session_state[keys.STEPPER]
    assert st_.sc.net.layers == (2, 3, 2)
    assert st_.sc.X.shape == (2, 1)


def test_build_layer_size_and_bad_vector_keep_network():
    at = fresh()
    at.number_input(key="build_n1").set_value(5).run()
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 5, 2)
    at.text_input(key="build_X").set_value("0.1, abc").run()
    assert not at.exception
    assert "exactly 2 numbers" in at.error[0].value
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 5, 2)
    assert at.session_state[keys.STEPPER].sc.X[:, 0].tolist() == [0.05, 0.10]


def test_build_add_remove_layer_and_loss_pairing():
    at = fresh()
    button(at, "build_add").click().run()
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 3, 3, 2)
    at.selectbox(key="build_loss").set_value("softmax_cross_entropy").run()
    net = at.session_state[keys.STEPPER].sc.net
    assert net.loss.name == "softmax_cross_entropy" and net.acts[-1].name == "softmax"
    button(at, "build_remove").click().run()
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 3, 2)


def test_build_dataset_fits_layers_and_url_keeps_config():
    at = fresh()
    at.radio(key="build_data").set_value("dataset").run()
    sc = at.session_state[keys.STEPPER].sc
    assert sc.net.layers[0] == 2 and sc.X.shape[1] == 200
    assert at.query_params["data"] == "circle" and at.query_params["layers"] == "2,3,2"
    shared = fresh(query=dict(at.query_params)).session_state[keys.STEPPER].sc
    assert np.array_equal(shared.X, sc.X) and all(np.array_equal(a, b) for a, b in zip(shared.W, sc.W))


def test_step_buttons_reveal_then_update_equal_engine():
    at = fresh("step")
    for _ in range(2):
        button(at, "step_fwd").click().run()
    assert "layer 2 computed z and a" in at.info[0].value
    button(at, "step_fwd").click().run()  # the loss
    for _ in range(2):
        button(at, "step_bwd").click().run()
    button(at, "step_update").click().run()
    assert not at.exception
    mine = at.session_state[keys.STEPPER]
    ref = stepper(at.session_state[keys.SCENARIO])
    ref.step()
    assert all(np.array_equal(a, b) for a, b in zip(mine.W, ref.W))
    button(at, "step_back").click().run()
    assert mine.pending is not None and len(mine.records) == 0


def test_counts_read_singular_for_one_and_plural_otherwise():
    at = fresh("step")  # the default network: Mazur's one training sample
    assert at.sidebar.caption[-1].value == "1 training sample · α = 0.5"
    button(at, "step_whole").click().run()
    assert at.info[0].value.startswith("**Step 1** · ")
    button(at, "step_whole").click().run()
    assert at.info[0].value.startswith("**Step 2** · ")
    at.switch_page("pages/trace.py").run()
    assert any(m.value.startswith("**Step 2**: 1 sample (0), cost J = ") for m in at.markdown)
    at = fresh("build")
    assert [w.label for w in at.text_input] == ["Input x (2 numbers)", "Target y (2 numbers)"]
    at.number_input(key="build_n0").set_value(1).run()
    at.number_input(key="build_n2").set_value(1).run()
    assert [w.label for w in at.text_input] == ["Input x (1 number)", "Target y (1 number)"]
    assert [i18n.count(lang, "sample", n) for lang in ("en", "zh") for n in (1, 3)] == \
        ["1 sample", "3 samples", "1 个样本", "3 个样本"]


def test_step_panel_shows_selected_neuron():
    at = fresh("step")
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "n2_1"
    at.run()
    rec = at.session_state[keys.STEPPER].records[-1]
    panel = next(m.value for m in at.markdown if "**Neuron 1**" in m.value)
    exact = dict(re.findall(r'\| \$(.+?)\$ \| <span title="([^"]+)">', panel))  # name -> exact value on hover
    assert float(exact["z^{[2]}_{1}"]) == rec.z[1][1, 0] and float(exact[r"\delta^{[2]}_{1}"]) == rec.delta[1][1, 0]


def test_train_runs_and_logs():
    at = fresh("train")
    at.number_input(key="train_count").set_value(30).run()
    button(at, "train_go").click().run()
    assert not at.exception
    log = at.session_state[keys.TRAIN_LOG]
    assert log[-1]["step"] == 30 and log[-1]["train"] < log[0]["train"]


def test_trace_export_validates_and_reimports():
    at = fresh("step")
    for _ in range(3):
        button(at, "step_whole").click().run()
    at.switch_page("pages/trace.py").run()
    assert not at.exception
    text = formats.dumps(formats.trace_dict(at.session_state[keys.STEPPER]))
    again = formats.read_trace(text.encode())
    assert len(again.records) == 3
    assert json.loads(text)["steps"][2]["index"] == 2


def test_bad_link_falls_back_with_message():
    at = fresh(query={"layers": "2,0,2", "act": "sigmoid,sigmoid", "loss": "squared_error"})
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 3, 2)
    assert "could not be opened" in at.warning[0].value


def test_language_from_link():
    at = fresh(query={"lang": "zh"})
    assert at.title[0].value == "搭建网络"


def test_presets_page_loads_mazur_and_compares():
    at = fresh("presets")
    button(at, "presets_load_mazur").click().run()
    assert not at.exception
    sc = at.session_state[keys.STEPPER].sc
    assert sc.net.layers == (2, 2, 2) and sc.freeze_biases
    table = at.dataframe[0].value
    assert "0.3775" in table.iloc[:, 1].tolist()


def test_gradcheck_page_passes_backprop_and_flags_printed_variant():
    at = fresh(query={"layers": "2,3,1", "act": "tanh,sigmoid", "loss": "cross_entropy", "lam": "1.0",
                      "lr": "0.5", "batch": "full", "init": "xavier", "seed": "0", "data": "circle",
                      "n": "20", "noise": "0.1", "dseed": "0"})
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    assert not at.exception and at.success and "Passed" in at.success[0].value
    at.radio(key="check_variant").set_value("ng_printed").run()
    button(at, "check_run").click().run()
    assert at.error and "not the derivative" in at.error[0].value


def test_quiz_checks_answers_and_keeps_score():
    at = fresh("quiz")
    button(at, "quiz_step").click().run()
    at.selectbox(key="quiz_kind").set_value("z").run()
    button(at, "quiz_new").click().run()
    q = at.session_state[keys.QUIZ]["question"]
    rec = at.session_state[keys.STEPPER].records[-1]
    assert q.value == rec.z[q.layer - 1][q.index[0], 0]
    at.text_input(key="quiz_answer").set_value(repr(q.value * 1.001))
    at.button[-1].click().run()  # the form's Check button
    assert at.session_state[keys.QUIZ]["score"].right == 1
    button(at, "quiz_new").click().run()
    q = at.session_state[keys.QUIZ]["question"]
    at.text_input(key="quiz_answer").set_value(repr(q.value + 1.0))
    at.button[-1].click().run()
    score = at.session_state[keys.QUIZ]["score"]
    assert (score.right, score.asked) == (1, 2) and at.error


def test_mnist_size_network_is_usable_on_every_page():
    query = {"layers": "784,128,64,10", "act": "sigmoid,sigmoid,softmax", "loss": "softmax_cross_entropy",
             "lr": "0.1", "batch": "sample", "init": "xavier", "seed": "0"}
    at = fresh(query=query)
    assert at.session_state[keys.STEPPER].sc.net.layers == (784, 128, 64, 10)
    for page in ["step", "train", "trace", "gradcheck", "quiz"]:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    assert not at.exception and len(at.session_state[keys.STEPPER].records) == 1


@pytest.mark.parametrize("bad", [
    {"layers": "2,0,2"}, {"layers": "2,-3,2"}, {"layers": "2,1.5,2"}, {"layers": "2,99999,2"},
    {"layers": ",".join(["2"] * 40)}, {"lr": "nan"}, {"lr": "-1"}, {"lr": "1e999"}, {"lam": "-0.5"},
    {"act": "sigmoid,softmax"}, {"loss": "hinge"}, {"init": "zeros"}, {"data": "mnist"}, {"n": "10000000"},
    {"x": "0.1,abc"}, {"batch": "0"},
])
def test_hostile_link_values_fall_back_with_a_message(bad):
    query = {"layers": "2,3,2", "act": "sigmoid,sigmoid", "loss": "squared_error", **bad}
    if "data" in bad or "n" in bad:
        query.setdefault("data", "circle")
    at = fresh(query=query)
    assert at.session_state[keys.STEPPER].sc.net.layers == (2, 3, 2)
    assert at.warning and "could not be opened" in at.warning[0].value
