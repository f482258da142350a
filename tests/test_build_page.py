"""The Build page in Streamlit's AppTest: every widget shows the network's value, refusals stay next
to their widget, the CSV path, imports, downloads, the shared link, batch/init/order/sample widgets."""
import math

import numpy as np
import pytest
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy

from engine import EngineError

from engine.core.scenarios import scenario

from engine.files import formats

from engine.core.maths.initialisation import initialise
from engine.core.stepping.stepper import Stepper
from engine.text import i18n
from tests.helpers import MAZUR, stepper
from tests.apptest import GOOD, ROOT, beside, button, csv_mode, en, fresh
from ui.query import codec
from ui.session import keys, state

def sc(at):
    return at.session_state[keys.STEPPER].sc


def boxes(at, n):
    return [at.number_input(key=f"build_n{i}").value for i in range(n)]


def acts(at, L):
    return [at.selectbox(key=f"build_act{i}").value for i in range(1, L + 1)]


# 1. the widgets never drift from the network

def test_add_layer_shows_every_size_and_activation_of_the_new_network():
    at = fresh()
    at.number_input(key="build_n1").set_value(5).run()
    at.selectbox(key="build_act1").set_value("tanh").run()
    button(at, "build_add").click().run()
    net = sc(at).net
    assert net.layers == (2, 5, 5, 2)
    assert boxes(at, 4) == [2, 5, 5, 2]
    assert acts(at, 3) == [g.name for g in net.acts] == ["tanh", "tanh", "sigmoid"]
    button(at, "build_remove").click().run()
    assert boxes(at, 3) == [2, 5, 2] == list(sc(at).net.layers)


def test_loss_forcing_the_output_activation_shows_it():
    at = fresh()
    at.selectbox(key="build_loss").set_value("softmax_cross_entropy").run()
    assert sc(at).net.acts[-1].name == "softmax"
    assert at.selectbox(key="build_act2").value == "softmax"
    at.selectbox(key="build_act2").set_value("sigmoid").run()  # the loss follows the activation back
    assert at.selectbox(key="build_loss").value == sc(at).net.loss.name == "cross_entropy"


def test_dataset_forcing_the_input_size_shows_it():
    at = fresh()
    at.number_input(key="build_n0").set_value(3).run()
    assert sc(at).net.layers[0] == 3
    at.radio(key="build_data").set_value("dataset").run()
    assert sc(at).net.layers[0] == 2 and at.number_input(key="build_n0").value == 2


@pytest.mark.parametrize("field, value, key", [("noise", 0.15, "noise"), ("dn", 210, "n"), ("dseed", 1, "seed")])
def test_each_data_set_field_changes_its_data_set(field, value, key):
    """Each box under "Built-in data set" sets its own entry (noise was once read as layer "oise")."""
    at = fresh()
    at.radio(key="build_data").set_value("dataset").run()
    at.number_input(key=f"build_{field}").set_value(value).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"]["dataset"][key] == value and sc(at).net.layers == (2, 3, 2)


def test_refused_value_keeps_its_message_beside_the_box_showing_the_value_in_force():
    at = fresh()
    at.number_input(key="build_lr").set_value(1e7).run()
    assert sc(at).lr == 0.5 and at.number_input(key="build_lr").value == 0.5
    [message] = beside(at, "build_lr")
    assert "1e+07" in message and "lr" in message
    at.number_input(key="build_n1").set_value(4).run()  # another, valid edit
    assert sc(at).net.layers == (2, 4, 2)
    assert beside(at, "build_lr") == [message] and at.number_input(key="build_lr").value == 0.5
    at.number_input(key="build_lr").set_value(0.25).run()
    assert sc(at).lr == 0.25 and beside(at, "build_lr") == []


def test_refusal_stays_while_its_value_in_force_stays_and_goes_when_another_edit_moves_it():
    at = fresh()
    at.number_input(key="build_n0").set_value(3).run()
    at.number_input(key="build_n0").set_value(0).run()
    assert sc(at).net.layers == (3, 3, 2) and at.number_input(key="build_n0").value == 3
    assert "got 0" in beside(at, "build_n0")[0]
    button(at, "build_add").click().run()  # the input size stays 3: so does the message
    assert beside(at, "build_n0")
    at.radio(key="build_data").set_value("dataset").run()  # the data set makes it 2
    assert sc(at).net.layers[0] == 2 and beside(at, "build_n0") == []


def test_bad_hand_vector_is_refused_beside_its_box_which_shows_the_sample_in_force():
    at = fresh()
    at.text_input(key="build_X").set_value("0.3, 0.4").run()
    assert sc(at).X[:, 0].tolist() == [0.3, 0.4]
    at.text_input(key="build_Y").set_value("1, 2, 3").run()
    [message] = beside(at, "build_Y")
    assert "exactly 2 numbers" in message and "1, 2, 3" in message
    assert sc(at).Y[:, 0].tolist() == [0.01, 0.99]
    assert [float(v) for v in at.text_input(key="build_Y").value.split(",")] == [0.01, 0.99]
    at.text_input(key="build_X").set_value("nan, 1").run()
    assert beside(at, "build_X") and sc(at).X[:, 0].tolist() == [0.3, 0.4]


# 2. CSV upload

BAD_CSV = {
    "text cell": (b"a,b,t\n0,x,1\n1,0,0\n", '"x" is not a number'),
    "missing value": (b"a,b,t\n0,,1\n1,0,0\n", "empty cell"),
    "ragged rows": (b"a,b,t\n0,1,1\n0,1\n", "row 3 has 2 cells"),
    "single column": (b"t\n1\n0\n", "only 1 column"),
    "not UTF-8": (b"a,t\n\xff,1\n", "not UTF-8"),
    "too many rows": (b"a,t\n" + b"1,0\n" * 100_001, "at most 100000 are allowed"),
    "over the size limit": (b"a,t\n" + b"1,0\n" * (5 * 2**18 + 1), "at most 5242880 are allowed"),
}


def test_csv_upload_trains_on_the_table_and_its_targets_can_be_chosen():
    at = fresh()
    csv_mode(at).upload("t.csv", GOOD, "text/csv").run()
    assert not at.exception and sc(at).net.layers == (2, 3, 1)
    rows = np.array([[0, 1, 0], [1, 0, 1], [1, 1, 0], [0, 0, 1]], float)
    assert sorted(map(tuple, sc(at).X.T)) == sorted(map(tuple, rows[:, :2]))
    assert at.multiselect(key="build_targets").value == ["t"]
    at.multiselect(key="build_targets").set_value(["b", "t"]).run()
    assert sc(at).net.layers == (1, 3, 2) and at.number_input(key="build_n0").value == 1
    assert sorted(map(tuple, sc(at).Y.T)) == sorted(map(tuple, rows[:, 1:]))
    at.multiselect(key="build_targets").set_value(["a", "b", "t"]).run()
    assert "every column is a target" in beside(at, "build_targets")[0]
    assert sc(at).net.layers == (1, 3, 2) and at.multiselect(key="build_targets").value == ["b", "t"]


@pytest.mark.parametrize("fault", BAD_CSV)
def test_each_csv_fault_is_named_beside_the_uploader_and_the_network_stays(fault):
    data, words = BAD_CSV[fault]
    at = fresh()
    uploader = csv_mode(at)
    uploader.upload("good.csv", GOOD, "text/csv").run()
    before = sc(at)
    at.file_uploader(key="build_csv_file").set_value(("bad.csv", data, "text/csv")).run()
    [message] = beside(at, "build_csv_file")
    assert words in message and "bad.csv" in message
    assert sc(at) is before and at.radio(key="build_data").value == "csv"
    assert at.session_state[keys.CSV]["file"] == "good.csv"


def test_leaving_csv_mode_drops_the_table():
    at = fresh()
    csv_mode(at).upload("t.csv", GOOD, "text/csv").run()
    at.radio(key="build_data").set_value("sample").run()
    assert sc(at).X.shape == (2, 1) and "csv" not in at.session_state


# 3. the shared link

def test_link_is_written_again_after_the_browser_drops_it_on_a_page_change():
    at = fresh()
    at.number_input(key="build_lr").set_value(0.25).run()
    wanted = dict(at.query_params)
    for page in ("step", "train", "trace"):
        at.query_params.clear()
        at.switch_page(f"pages/{page}.py").run()
        assert dict(at.query_params) == wanted, page
    assert codec.from_query(wanted)["lr"] == 0.25


def test_link_is_written_only_when_it_differs(monkeypatch):
    at = fresh()
    writes = []
    original = QueryParamsProxy.from_dict
    monkeypatch.setattr(QueryParamsProxy, "from_dict", lambda self, q: writes.append(q) or original(self, q))
    at.run()
    at.switch_page("pages/step.py").run()
    assert writes == []
    at.switch_page("pages/build.py").run()
    at.number_input(key="build_lr").set_value(0.25).run()
    assert len(writes) == 1 and writes[0]["lr"] == "0.25"


def test_link_carries_split_standardisation_order_and_frozen_biases():
    at = fresh()
    at.radio(key="build_data").set_value("dataset").run()
    at.number_input(key="build_test").set_value(0.25).run()
    at.checkbox(key="build_std").check().run()
    at.radio(key="build_order").set_value("output_first").run()
    at.checkbox(key="build_freeze").check().run()
    mine = sc(at)
    assert (mine.X_test.shape[1], mine.update_order, mine.freeze_biases) == (50, "output_first", True)
    shared = sc(fresh(query=dict(at.query_params)))
    assert (shared.update_order, shared.freeze_biases) == ("output_first", True)
    assert np.array_equal(shared.X, mine.X) and np.array_equal(shared.X_test, mine.X_test)


@pytest.mark.parametrize("bad", [{"test": "nan"}, {"test": "0.95"}, {"std": "maybe"}, {"order": "backwards"},
                                 {"freeze": "2"}, {"test": "-0.1"}])
def test_hostile_new_link_values_fall_back_with_a_message(bad):
    query = {"layers": "2,3,2", "act": "sigmoid,sigmoid", "loss": "squared_error", "data": "circle", **bad}
    at = fresh(query=query)
    assert sc(at).net.layers == (2, 3, 2) and "dataset" not in at.session_state[keys.SCENARIO]
    assert at.warning and en("app.bad_link", error="")[:20] in at.warning[0].value


def test_malformed_link_message_is_in_the_interface_language():
    at = fresh(query={"layers": "2,x,2", "act": "sigmoid,sigmoid", "loss": "squared_error", "lang": "zh"})
    assert "layers" in at.warning[0].value and "无法读取" in at.warning[0].value


def test_a_network_a_link_cannot_carry_says_so():
    at = fresh()
    assert not at.warning
    at.file_uploader(key="build_import_file").upload("m.json", formats.dumps(MAZUR).encode()).run()
    notes = [w.value for w in at.warning]
    assert len(notes) == 2 and all(en("link.gap_weights") in n for n in notes)  # Files tab, sidebar
    at.radio(key="build_data").set_value("csv").run()
    at.file_uploader(key="build_csv_file").upload("t.csv", GOOD, "text/csv").run()
    words = en("link.gap_data", m=i18n.count("en", "training_sample", 4))
    assert all(words in w.value for w in at.warning) and len(at.warning) == 2


# 4. imports: the refusal beside the uploader, not at the top

def test_refused_import_is_shown_beside_its_uploader_and_changes_nothing():
    at = fresh()
    before = sc(at)
    at.file_uploader(key="build_import_file").upload("notes.json", b"{not json").run()
    [message] = beside(at, "build_import_file")
    assert "notes.json" in message and "not valid JSON" in message
    assert sc(at) is before
    assert not [e for e in at.main.children.values() if type(e).__name__ == "Error"]  # not at the top
    at.number_input(key="build_n1").set_value(4).run()
    assert beside(at, "build_import_file") == [message]


def test_import_scenario_replaces_the_network_and_every_widget():
    at = fresh()
    at.number_input(key="build_lr").set_value(1e7).run()  # a refusal of the old network
    at.file_uploader(key="build_import_file").upload("mazur.json", formats.dumps(MAZUR).encode()).run()
    assert not at.exception and sc(at).net.layers == (2, 2, 2)
    assert [w.tolist() for w in sc(at).W] == MAZUR["W"]
    assert boxes(at, 3) == [2, 2, 2] and at.text_input(key="build_X").value == "0.05, 0.1"
    assert beside(at, "build_lr") == [] and en("build.explicit_weights") in [i.value for i in at.info]
    assert at.success and "mazur.json" in at.success[0].value


def test_import_trace_replays_it():
    ref = stepper(MAZUR)
    ref.run(3)
    at = fresh()
    at.file_uploader(key="build_import_file").upload("t.json", formats.dumps(formats.trace_dict(ref)).encode()).run()
    mine = at.session_state[keys.STEPPER]
    assert len(mine.records) == 3 and all(np.array_equal(a, b) for a, b in zip(mine.W, ref.W))
    assert "3 steps" in at.success[0].value


def test_import_trace_replays_under_the_session_memory_budget():
    layers = [64, 128, 64, 10]
    src = {"schema": scenario.SCHEMA, "layers": layers, "activations": ["sigmoid"] * 3, "loss": "squared_error",
           "lr": 0.1, "init": {"scheme": "xavier", "seed": 0},
           "X": [np.linspace(0, 1, 64).tolist()], "Y": [[1.0] + [0.0] * 9]}
    ref = Stepper(scenario.parse(src), budget=0)  # the file keeps only the last step in full
    ref.run(60)
    data = formats.dumps(formats.trace_dict(ref)).encode()
    assert len(data) < 5 * 2**20
    full_step = sum(4 * 8 * w.size for w in ref.W)  # dW and W_after alone, in full, of one step
    assert 60 * full_step > 2 * state.BUDGET  # kept in full, the replay would be far over budget
    at = fresh()
    at.file_uploader(key="build_import_file").upload("big.json", data).run()
    mine = at.session_state[keys.STEPPER]
    assert len(mine.records) == 60 and mine.budget == state.BUDGET
    assert mine.used <= state.BUDGET
    assert np.array_equal(mine.W[0], ref.W[0])


# 5. the session's own copy, engine messages in the interface language

def test_each_session_gets_its_own_copy_of_the_default():
    first = fresh()
    first.session_state[keys.SCENARIO]["layers"].append(9)
    first.session_state[keys.SCENARIO]["init"]["seed"] = 99
    assert codec.DEFAULT["layers"] == [2, 3, 2] and codec.DEFAULT["init"]["seed"] == 1
    assert fresh().session_state[keys.SCENARIO]["layers"] == [2, 3, 2]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_engine_errors_are_shown_in_the_interface_language(monkeypatch, lang):
    monkeypatch.setattr(EngineError, "text", lambda self, lang="en": f"<{lang}> {self}")
    at = fresh(query={"lang": lang})
    at.number_input(key="build_lr").set_value(-1.0).run()
    assert f"<{lang}> lr:" in beside(at, "build_lr")[0]
    at.file_uploader(key="build_import_file").upload("x.json", b"[]").run()
    assert f"<{lang}>" in beside(at, "build_import_file")[0]


# 9. the downloads and the remaining widgets

def test_scenario_download_reads_back_as_the_network(media_stores):
    at = fresh()
    at.number_input(key="build_n1").set_value(4).run()
    at.selectbox(key="build_init").set_value("he").run()
    for key in ("build_download", "build_download_now"):
        url = next(b for b in at.download_button if b.key == key).proto.url
        data = media_stores[-1].get_file(url.rsplit("/", 1)[1]).content
        again = formats.read_scenario(data)
        assert again.net.layers == (2, 4, 2) and again.lr == sc(at).lr
        assert all(np.array_equal(a, b) for a, b in zip(again.W, sc(at).W))
        assert np.array_equal(again.X, sc(at).X)


@pytest.mark.parametrize("mode,k,expected", [("sample", None, 1), ("minibatch", None, 8), ("minibatch", 3, 3),
                                              ("full", None, 200)])
def test_batch_mode_widgets_set_the_samples_per_step(mode, k, expected):
    at = fresh()
    at.radio(key="build_data").set_value("dataset").run()
    at.radio(key="build_mode").set_value(mode).run()
    if k:
        at.number_input(key="build_batch").set_value(k).run()
    if mode == "minibatch":
        assert at.number_input(key="build_batch").value == sc(at).batch == (k or 8)
    else:
        assert sc(at).batch == mode and not [w for w in at.number_input if w.key == "build_batch"]
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    assert len(at.session_state[keys.STEPPER].records[-1].samples) == expected


def test_bad_mini_batch_size_is_refused_beside_its_box():
    at = fresh()
    at.radio(key="build_mode").set_value("minibatch").run()
    at.number_input(key="build_batch").set_value(0).run()
    assert sc(at).batch == 8 and at.number_input(key="build_batch").value == 8
    assert "0" in beside(at, "build_batch")[0]


def test_init_scheme_and_seed_widgets_give_the_engine_init_weights():
    at = fresh()
    at.selectbox(key="build_init").set_value("he").run()
    at.number_input(key="build_seed").set_value(7).run()
    W, _ = initialise([2, 3, 2], {"scheme": "he", "seed": 7})
    assert all(np.array_equal(a, b) for a, b in zip(sc(at).W, W))
    rng = np.random.default_rng(7)  # He: N(0, 2 / n_in), drawn layer by layer
    assert np.array_equal(sc(at).W[0], rng.normal(0.0, math.sqrt(2.0 / 2), (3, 2)))
    at.selectbox(key="build_init").set_value("constant").run()
    at.number_input(key="build_p").set_value(0.25).run()
    assert all((w == 0.25).all() for w in sc(at).W) and at.number_input(key="build_seed").value == 7


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_update_order_and_frozen_biases_change_the_step_as_their_definitions_say():
    at = fresh()
    at.radio(key="build_order").set_value("output_first").run()
    at.checkbox(key="build_freeze").check().run()
    W1, W2 = (w.copy() for w in sc(at).W)
    b1, b2 = (v.copy() for v in sc(at).b)
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    x, y, lr = np.array([0.05, 0.10]), np.array([0.01, 0.99]), 0.5
    a1 = _sigmoid(W1 @ x + b1)
    a2 = _sigmoid(W2 @ a1 + b2)
    d2 = (a2 - y) * a2 * (1 - a2)
    W2_new = W2 - lr * np.outer(d2, a1)
    d1 = (W2_new.T @ d2) * a1 * (1 - a1)  # output first: the hidden delta sees the updated W2
    mine = at.session_state[keys.STEPPER]
    assert np.allclose(mine.W[1], W2_new, rtol=1e-13) and np.allclose(mine.W[0], W1 - lr * np.outer(d1, x),
                                                                      rtol=1e-13)
    assert np.array_equal(mine.b[0], b1) and np.array_equal(mine.b[1], b2)


def test_ci_script_installs_venv_support_after_an_update():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    update = next(i for i, line in enumerate(lines) if "apt-get update" in line)
    install = next(i for i, line in enumerate(lines) if "apt-get install" in line)
    assert update < install
    assert {"python3-venv", "chromium", "chromium-driver", "fonts-noto-cjk"} <= set(lines[install].split())


LABELS = b"x1,x2,label\n0.1,0.9,2\n0.8,0.2,0\n0.5,0.5,1\n0.9,0.9,2\n0.2,0.1,0\n"


def test_a_label_column_is_one_hot_with_a_softmax_output_and_the_page_says_so():
    at = fresh()
    csv_mode(at).upload("labels.csv", LABELS, "text/csv").run()
    net = sc(at).net
    assert (net.layers[-1], net.acts[-1].name, net.loss.name) == (3, "softmax", "softmax_cross_entropy")
    assert sc(at).Y[:, 0].tolist() == [0, 0, 1] and sc(at).classes == ("0", "1", "2")
    said = en("build.csv_classes_many", col='"label"', n="3 classes", names="0, 1, 2")
    assert said in [i.value for i in at.info]
    assert said.startswith('Column "label" holds 3 classes (0, 1, 2): one-hot, softmax output with cross-entropy')
    loaded = en("build.csv_loaded", name="labels.csv", m="5 training samples", n_in="2 inputs", n_out="1 target")
    assert loaded in [c.value for c in at.caption]  # one target column, however many output units
    at.multiselect(key="build_targets").set_value(["x2", "label"]).run()  # two columns: numbers
    assert sc(at).net.layers[-1] == 2 and sc(at).classes == ()
    assert any(i.value.startswith('"x2", "label": numbers, so a regression target (2 targets)') for i in at.info)


def plotly_figures(at):
    import json
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def test_two_text_labels_give_one_sigmoid_output_named_in_the_legend_and_colour_bar():
    at = fresh()
    data = b"x1,x2,answer\n0.1,0.9,yes\n0.8,0.2,no\n0.5,0.5,yes\n0.2,0.1,no\n"
    csv_mode(at).upload("yesno.csv", data, "text/csv").run()
    net = sc(at).net
    assert (net.layers[-1], net.acts[-1].name, net.loss.name) == (1, "sigmoid", "cross_entropy")
    assert sc(at).Y.tolist() == [[1, 0, 1, 0]]
    assert en("build.csv_classes_two", col='"answer"', n="2 classes", names="no, yes", second="yes") \
        in [i.value for i in at.info]
    at.switch_page("pages/train.py").run()
    [boundary] = [f for f in plotly_figures(at) if f["layout"]["title"]["text"] == en("curve.boundary.title")]
    assert [t.get("name") for t in boundary["data"][1:]] == ["class no", "class yes"]
    assert boundary["data"][0]["colorbar"]["title"]["text"] == "P(class yes)"


# three classes, inputs in the thousands beside inputs below one: the defaults trained to chance (34.7 %)
SCALES = ("size,ratio,kind\n" + "\n".join(f"{1000 + 37 * i},{(i % 7) / 10},{i % 3}" for i in range(20))).encode()


def test_own_data_counts_the_training_rows_after_a_test_split_and_suggests_standardising():
    """After a test fraction of 0.2 Build still said 90 training samples where the sidebar said 72."""
    at = fresh()
    csv_mode(at).upload("scales.csv", SCALES, "text/csv").run()
    suggest = en("build.std_suggest", ratio="", limit="10").rsplit(": ", 1)[1]  # the advice, whatever the ratio
    assert any(suggest in i.value for i in at.info) and sc(at).X.shape[1] == 20
    assert any(c.value.startswith("scales.csv: 20 training samples") for c in at.caption)
    at.number_input(key="build_test").set_value(0.2).run()
    assert sc(at).X.shape[1] == 16
    assert any(c.value.startswith("scales.csv: 16 training samples of 20 rows (4 rows held out") for c in at.caption)
    at.checkbox(key="build_std").check().run()
    assert not any(suggest in i.value for i in at.info)
