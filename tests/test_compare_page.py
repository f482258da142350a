"""The Compare page: every run kept until deleted, renamed, exported and imported bit for bit, compared
two to four at a time with its weights at a step recomputed exactly, and a new run from another's start
with one change (AppTest)."""
import base64
import json
import re

import numpy as np
import plotly.io as pio
from streamlit.runtime.media_file_manager import MediaFileManager

from engine import Stepper

from engine.core.scenarios import scenario
from engine.files import runs as engine_runs
from tests.apptest import button, chart, en, fresh, from_catalogue, labels, train
from engine.core.maths.optimizers import OPTIMIZERS
from ui.runs import onechange
from ui.session import keys, saved_runs
from viz.curves import CLASS_COLOURS


def compare(at):
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    return at


def charts(at) -> dict:
    return {e.proto.id.split("-")[-1]: pio.from_json(e.proto.spec) for e in at.get("plotly_chart")}


def matrix(z) -> np.ndarray:
    """A heat map's z as sent: a list of rows, or plotly's {"dtype", "bdata", "shape"}."""
    if isinstance(z, dict):
        shape = tuple(int(n) for n in str(z["shape"]).split(","))
        return np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(shape)
    return np.asarray(z, dtype=float)


def kept(at) -> list:
    return at.session_state[keys.RUNS]


def one_run(at=None, steps=40):
    """A session with one kept run: steps trained on the default network, then a reset keeps them."""
    at = at or fresh("train")
    at.switch_page("pages/train.py").run()
    train(at, steps)
    at.switch_page("pages/step.py").run()
    button(at, "step_reset").click().run()
    return compare(at)


def test_with_no_runs_only_the_one_click_comparison_and_import_are_offered():
    at = compare(fresh())
    said = [i.value for i in at.info]
    assert en("compare.no_runs") in said and en("compare.change_none") in said
    assert not at.get("plotly_chart") and at.get("download_button")[0].proto.disabled
    assert {b.key for b in at.button} == {"compare_preset_go"}


def test_one_click_makes_three_runs_from_one_start_and_compares_them():
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    made = kept(at)
    assert len(made) == 3 and [r["steps"] for r in made] == [onechange.STEPS] * 3
    starts = {tuple(w.tobytes() for w in r["start"][0]) for r in made}
    assert len(starts) == 1  # one start, bit for bit
    setting = onechange.variants()[0][0]
    assert [onechange.now(r, setting) for r in made] == [v for _, v in onechange.variants()]
    figs = charts(at)
    assert {"compare_costs", "compare_accuracy", "compare_norms"} <= set(figs)
    train_lines = [tr for tr in figs["compare_costs"].data if tr.name.endswith(en("curve.compare.train"))]
    assert [tr.line.color for tr in train_lines] == CLASS_COLOURS[:3]
    assert {f"compare_weights_{r['number']}" for r in made} <= set(figs)


def test_the_weights_at_a_step_match_a_direct_stepper_replay():
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    at.slider(key="compare_step").set_value(137).run()
    at.selectbox(key="compare_layer").set_value(2).run()
    for run in kept(at):
        direct = Stepper(scenario.parse(engine_runs.start_source(run)))
        direct.set_batch(run["batch"])
        direct.run(137)
        shown = matrix(charts(at)[f"compare_weights_{run['number']}"].data[0].z)
        assert shown.tobytes() == direct.W[1].tobytes()
    at.slider(key="compare_step").set_value(5).run()  # back: the replay goes back exactly too
    direct = Stepper(scenario.parse(engine_runs.start_source(kept(at)[0])))
    direct.run(5)
    assert matrix(charts(at)["compare_weights_1"].data[0].z).tobytes() == direct.W[1].tobytes()


def test_four_runs_compare_each_in_its_own_colour_the_current_network_among_them():
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    at.switch_page("pages/train.py").run()
    train(at, 30)
    compare(at)
    every = [o for o in at.multiselect(key="compare_runs").options]
    assert len(every) == 4 and en("runs.label_current", label="")[:-1].strip() in every[-1]
    at.multiselect(key="compare_runs").set_value([1, 2, 3, 4]).run()
    figs = charts(at)
    train_lines = [tr for tr in figs["compare_costs"].data if tr.name.endswith(en("curve.compare.train"))]
    assert [tr.line.color for tr in train_lines] == CLASS_COLOURS[:4]
    assert {f"compare_weights_{n}" for n in (1, 2, 3, 4)} <= set(figs)
    assert any(en("compare.shorter", name="Run 4", steps=30) == c.value for c in at.caption)


def test_a_run_is_renamed_and_deleted_and_the_page_goes_back_to_no_runs():
    at = one_run()
    assert [r["steps"] for r in kept(at)] == [40]
    assert not at.get("download_button")[0].proto.disabled
    at.text_input(key="compare_name_1").set_value("  baseline ").run()
    assert kept(at)[0]["name"] == "baseline"
    assert at.selectbox(key="compare_base").format_func(1).startswith("baseline:")
    button(at, "compare_delete_1").click().run()
    assert not at.exception and kept(at) == []
    assert en("runs.deleted", number=1) in [i.value for i in at.info]
    assert en("compare.no_runs") in [i.value for i in at.info] and at.get("download_button")[0].proto.disabled
    assert en("compare.change_none") in [i.value for i in at.info] and "compare_start" not in {b.key for b in at.button}
    button(at, "compare_preset_go").click().run()  # after a delete, the one click numbers its runs on
    assert [r["number"] for r in kept(at)] == [1, 2, 3] and "compare_weights_3" in charts(at)


def test_same_start_one_change_keeps_the_start_weights_bit_identical_and_opens_train():
    at = one_run()
    start = [w.tobytes() for w in kept(at)[0]["start"][0]]
    at.selectbox(key="compare_setting").set_value("lr").run()
    at.number_input(key="compare_value_lr").set_value(0.25).run()
    button(at, "compare_start").click().run()
    assert not at.exception and at.title[0].value == en("train.title")
    sc = at.session_state[keys.STEPPER].sc
    assert sc.lr == 0.25 and [w.tobytes() for w in sc.W] == start
    compare(at)
    at.selectbox(key="compare_base").set_value(1)
    at.selectbox(key="compare_setting").set_value("activation").run()
    at.selectbox(key="compare_value_activation").set_value("tanh").run()
    button(at, "compare_start").click().run()
    sc = at.session_state[keys.STEPPER].sc
    assert sc.source["activations"] == ["tanh", "sigmoid"] and [w.tobytes() for w in sc.W] == start


def test_a_new_initialisation_makes_new_weights_and_says_so():
    at = one_run()
    start = [w.tobytes() for w in kept(at)[0]["start"][0]]
    at.selectbox(key="compare_setting").set_value("init").run()
    at.selectbox(key="compare_value_init").set_value("he").run()
    button(at, "compare_start").click().run()
    sc = at.session_state[keys.STEPPER].sc
    assert sc.source["init"]["scheme"] == "he" and [w.tobytes() for w in sc.W] != start
    assert any(en("runs.new_weights") in s.value for s in at.success)


def test_the_optimiser_is_one_more_setting_and_its_run_differs_only_there():
    at = one_run()
    assert en("runs.setting.optimizer") in at.selectbox(key="compare_setting").options
    at.selectbox(key="compare_setting").set_value("optimizer").run()
    at.selectbox(key="compare_value_optimizer").set_value("adam").run()
    start = [w.tobytes() for w in kept(at)[0]["start"][0]]
    button(at, "compare_start").click().run()
    sc = at.session_state[keys.STEPPER].sc
    assert sc.source["optimizer"] == {"name": "adam"} and [w.tobytes() for w in sc.W] == start


def test_a_runs_label_names_its_optimiser_as_the_catalogue_does():
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    labels = at.multiselect(key="compare_runs").options
    for label, name in zip(labels, onechange.COMPARED):  # "SGD with momentum", not "momentum"; and only once
        assert label.count(en(OPTIMIZERS[name].label)) == 1, label


def test_one_name_for_a_run_a_marker_at_the_step_and_titles_that_do_not_run_together():
    """Heat-map titles ran into each other ("…W[2] after st optimiser Adam: W[2]…"), the curves had no
    mark at the step shown, and the Train legend said "run 3" where the Compare page said "optimiser Adam"."""
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    at.slider(key="compare_step").set_value(120).run()
    figs = charts(at)
    marks = [sh for sh in figs["compare_costs"].layout.shapes if sh.x0 == sh.x1 == 120]
    assert marks and any(a.text == en("curve.compare.at", step=120) for a in figs["compare_costs"].layout.annotations)
    titles = [figs[f"compare_weights_{n}"].layout.title.text for n in (1, 2, 3)]
    assert all("<br>" in title and title.split("<br>")[0] == kept(at)[i]["name"] for i, title in enumerate(titles))
    at.switch_page("pages/train.py").run()
    at.selectbox(key="train_run").set_value(3).run()
    names = [tr.name for tr in chart(at, "train_loss").data]
    assert en("train.earlier_name", name=kept(at)[2]["name"]) in names


def test_a_run_naming_an_unknown_optimiser_is_labelled_by_that_name():
    """A runs file that left its data out is not parsed as a scenario: its optimiser may be one this
    engine does not have, and the label still draws."""
    run = {"name": None, "number": 3, "batch": 1, "steps": 5,
           "source": {"layers": [2, 2], "activations": ["sigmoid"], "lr": 0.5, "optimizer": {"name": "lion"}}}
    assert saved_runs.label(run).endswith(" · lion")


def _exported() -> tuple[bytes, list]:
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    kept(at)[0]["name"] = "first"
    return engine_runs.dumps(kept(at), [r["name"] for r in kept(at)]).encode(), kept(at)


def test_export_then_import_adds_the_runs_bit_for_bit_after_the_ones_kept():
    data, made = _exported()
    assert json.loads(data)["schema"] == "backprop-runs/1"
    at = one_run()
    at.file_uploader(key="compare_upload").upload("runs.json", data).run()
    assert not at.exception
    back = kept(at)
    assert [r["number"] for r in back] == [1, 2, 3, 4] and back[1]["name"] == "first" and back[0]["steps"] == 40
    for mine, theirs in zip(back[1:], made):
        assert [w.tobytes() for w in mine["start"][0]] == [w.tobytes() for w in theirs["start"][0]]
        assert mine["log"] == theirs["log"] and mine["norms"] == theirs["norms"]
    at.text_input(key="compare_name_3").set_value("second").run()  # imported runs are runs like any other
    assert back[2]["name"] == "second"
    button(at, "compare_delete_2").click().run()
    assert [r["number"] for r in kept(at)] == [1, 3, 4]
    button(at, "compare_preset_go").click().run()
    assert [r["number"] for r in kept(at)] == [1, 3, 4, 5, 6, 7]
    button(at, "compare_start").click().run()  # from the newest, an imported run
    assert not at.exception and at.title[0].value == en("train.title")


def test_runs_imported_into_a_session_without_any_are_compared_at_once():
    data, made = _exported()
    at = compare(fresh())
    at.file_uploader(key="compare_upload").upload("runs.json", data).run()
    assert [r["name"] for r in kept(at)] == [r["name"] for r in made]
    assert en("runs.imported", name="runs.json", n="3 runs") in [s.value for s in at.success]
    assert {"compare_costs", "compare_weights_3"} <= set(charts(at))


def test_a_bad_import_is_refused_beside_the_uploader_and_keeps_every_run():
    at = one_run()
    before = list(kept(at))
    for name, data in (("notes.json", b"{not json"), ("scenario.json", json.dumps(
            at.session_state[keys.SCENARIO]).encode())):
        at.file_uploader(key="compare_upload").upload(name, data).run()
        assert not at.exception and kept(at) == before
        assert any(name in e.value for e in at.error)


def test_an_import_that_would_push_runs_out_is_refused():
    data, _ = _exported()
    at = compare(fresh())
    for _ in range(2):  # 6 runs kept: 3 more would pass the limit of 8
        button(at, "compare_preset_go").click().run()
    before = list(kept(at))
    at.file_uploader(key="compare_upload").upload("runs.json", data).run()
    assert kept(at) == before and any("Delete some runs first" in e.value for e in at.error)


def test_the_compare_page_with_runs_speaks_chinese_throughout():
    at = fresh(None, {"lang": "zh"})
    compare(at)
    button(at, "compare_preset_go").click().run()
    assert not at.exception
    stray = [s for s in labels(at) if not from_catalogue(s, "zh") and not re.fullmatch(r"[\W\dxyzaWbJδ∂αλ_l]*", s)]
    assert stray == []
    figs = charts(at)
    words = [figs["compare_costs"].layout.title.text, figs["compare_costs"].layout.xaxis.title.text,
             *[tr.name for tr in figs["compare_costs"].data], figs["compare_weights_1"].layout.title.text]
    assert all(re.search(r"[\u4e00-\u9fff]", w) for w in words)


def test_the_optimisers_preset_compares_in_one_click_from_the_presets_page():
    at = fresh("presets")
    button(at, "presets_compare").click().run()
    assert not at.exception and at.title[0].value == en("compare.title") and len(kept(at)) == 3
    assert at.multiselect(key="compare_runs").value == [1, 2, 3] and "compare_weights_3" in charts(at)


def test_a_run_made_by_one_change_and_trained_is_listed_and_downloaded(monkeypatch):
    """The issue's walk: the one-click comparison, then "Same start, one change" (lr 0.05), trained 400
    steps: the new run was the current network but missing from "Your runs" and from the download."""
    files, add = {}, MediaFileManager.add
    monkeypatch.setattr(MediaFileManager, "add", lambda self, data, mime, where, file_name=None, **kw: (
        files.__setitem__(file_name, data), add(self, data, mime, where, file_name, **kw))[1])
    at = compare(fresh())
    button(at, "compare_preset_go").click().run()
    at.selectbox(key="compare_setting").set_value("lr").run()
    at.number_input(key="compare_value_lr").set_value(0.05).run()
    button(at, "compare_start").click().run()
    at.switch_page("pages/train.py").run()  # where the button went (AppTest reruns the page it last switched to)
    train(at, 400)
    compare(at)
    names = [w.value for w in at.text_input if w.key.startswith("compare_name_")]
    assert len(names) == 4 and names[-1] == en("runs.default_name", number=4)
    assert at.text_input(key="compare_name_4").disabled and button(at, "compare_delete_4").disabled
    file = json.loads(files["runs.json"])
    assert len(file["runs"]) == 4 and file["runs"][-1]["scenario"]["lr"] == 0.05
    assert file["runs"][-1]["steps"] == 400 and file["runs"][-1]["name"] == names[-1]

