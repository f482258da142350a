"""Work is never thrown away without a word: page settings outlive their page, and a training history
outlives its network as an earlier run the Train page still shows and offers for download."""
import json

from engine import Stepper
from engine.core.scenarios import scenario
from engine.files import runs as engine_runs
from engine.teach.textbook.variants import GRADIENTS
from tests.apptest import button, chart, en, fresh, mazur, seed_edit, train, values
from ui.session import keys


def test_train_settings_outlive_leaving_the_page():
    at = fresh("train")
    at.number_input(key="train_count").set_value(4000)
    at.radio(key="train_unit").set_value("epochs").run()
    at.switch_page("pages/build.py").run()
    at.switch_page("pages/train.py").run()
    assert at.number_input(key="train_count").value == 4000
    assert at.radio(key="train_unit").value == "epochs"


def test_gradient_check_variant_outlives_leaving_the_page():
    at = fresh("gradcheck")
    other = list(GRADIENTS)[-1]
    at.radio(key="check_variant").set_value(other).run()
    at.switch_page("pages/step.py").run()
    at.switch_page("pages/gradcheck.py").run()
    assert at.radio(key="check_variant").value == other


def _earlier(at, number):
    return next((tr for tr in chart(at, "train_loss").data if tr.name == en("train.earlier_name", name=en("runs.default_name", number=number))), None)


def test_changing_an_activation_keeps_the_training_history_as_an_earlier_run():
    at = fresh("train")
    train(at, 300)
    trained = [p["train"] for p in at.session_state[keys.TRAIN_LOG]]
    at.switch_page("pages/build.py").run()
    at.selectbox(key="build_act1").set_value("tanh").run()
    assert any(en("runs.kept", steps="300 steps", number=1) in i.value for i in at.info)
    at.switch_page("pages/train.py").run()
    assert not at.exception and at.session_state[keys.TRAIN_LOG] == []
    shown = _earlier(at, 1)  # drawn at once, before the new network has trained
    assert shown is not None and values(shown.x)[-1] == 300 and values(shown.y) == trained
    assert any(d.proto.id.endswith("-train_run_download") for d in at.get("download_button"))
    [saved] = json.loads(engine_runs.dumps(at.session_state[keys.RUNS][:1], ["Run 1"]))["runs"]  # what the button hands out
    assert saved["scenario"]["activations"] == ["sigmoid", "sigmoid"] and saved["log"][-1]["step"] == 300
    train(at, 20)  # both curves: the new run in colour, the earlier one in grey
    assert _earlier(at, 1) is not None and values(chart(at, "train_loss").data[0].x)[-1] == 20


def test_resetting_keeps_the_history_and_an_undone_edit_takes_it_back():
    at = fresh("train")
    train(at, 50)
    at.switch_page("pages/step.py").run()
    button(at, "step_reset").click().run()
    assert [r["steps"] for r in at.session_state[keys.RUNS]] == [50]
    at.switch_page("pages/train.py").run()
    train(at, 30)
    log = at.session_state[keys.TRAIN_LOG]
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    seed_edit(at, "step_edit_W2", {"k = 0": 0.8})
    button(at, "step_edit_apply").click().run()
    # the edit replaced the network: its run counts the 30 trained steps and the one taken on the Step page
    assert [r["steps"] for r in at.session_state[keys.RUNS]] == [50, 31]
    button(at, "step_edit_undo").click().run()
    assert not at.exception
    assert [r["steps"] for r in at.session_state[keys.RUNS]] == [50]  # its history is the current one again
    assert at.session_state[keys.TRAIN_LOG] == log


def test_an_undone_edit_brings_back_its_networks_gradient_check():
    at = mazur(fresh())
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    check = at.session_state[keys.GRADCHECK]
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    seed_edit(at, "step_edit_W2", {"k = 0": 0.8})
    button(at, "step_edit_apply").click().run()
    assert "gradcheck" not in at.session_state  # the edited weights were never checked
    button(at, "step_edit_undo").click().run()
    assert not at.exception and at.session_state[keys.GRADCHECK] is check


def test_a_kept_run_stays_light_and_says_what_it_left_out(monkeypatch):
    at = fresh("train", {"layers": "2,3,2", "act": "sigmoid,sigmoid", "loss": "squared_error", "data": "circle",
                         "n": "200"})
    train(at, 30)
    monkeypatch.setattr(engine_runs, "NUMBERS_KEPT", 100)  # the circle's 200 rows of 2 + 2 numbers are "heavy" now
    monkeypatch.setattr(engine_runs, "LOG_KEPT", 10)
    at.switch_page("pages/step.py").run()
    button(at, "step_reset").click().run()
    [run] = at.session_state[keys.RUNS]
    assert run["left_out"] == [] and "dataset" in run["source"]  # a named data set is no table: nothing to leave out
    assert len(run["log"]) == 10 and run["log"][-1]["step"] == 30


def test_a_large_table_is_left_out_of_a_kept_run_and_the_start_weights_stay():
    src = {"layers": [2, 1], "activations": ["sigmoid"], "loss": "cross_entropy", "W": [[[0.5, -0.5]]], "b": [[0.1]],
           "X": [[0.0, 1.0]] * 4000, "Y": [[1.0]] * 4000}
    st_ = Stepper(scenario.parse(src))
    run = engine_runs.make(st_, [engine_runs.point(st_)], 1)
    assert run["left_out"] == ["data"] and "X" not in run["source"] and "Y" not in run["source"]
    assert engine_runs.start_source(run)["W"] == src["W"] and not engine_runs.replayable(run)


def test_showing_no_earlier_run_is_kept_as_chosen():
    at = fresh("train")
    train(at, 20)
    at.switch_page("pages/step.py").run()
    button(at, "step_reset").click().run()
    at.switch_page("pages/train.py").run()
    at.selectbox(key="train_run").set_value(0).run()
    assert "train_loss" not in [e.proto.id.split("-")[-1] for e in at.get("plotly_chart")]
    at.switch_page("pages/build.py").run()
    at.switch_page("pages/train.py").run()
    assert at.selectbox(key="train_run").value == 0
