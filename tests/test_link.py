"""A preset travels by name (?preset=mazur), with the settings changed since; what a link cannot carry
is said beside the Copy link button before the link is shared (AppTest)."""
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import EngineError

from engine.files import formats

from engine.teach.textbook import presets
from tests.apptest import GOOD, ROOT, TIMEOUT, button, csv_mode, en, fresh, hovered, markdown_with, mazur, seed_edit
from ui.query import codec, links
from ui.session import keys

MAZUR_FIRST_LOSS = ("0.2984", 0.298371109)  # as printed at 4 digits; his E_total


def opened(page: str, query: dict) -> AppTest:
    """A fresh session whose first run is the page's with this query (a deep link such as /step?...)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def first_loss(at) -> tuple[str, float]:
    """The loss of the Step page's first step as shown: (printed, exact on hover)."""
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    [(shown, exact)] = [(s, e) for s, e in hovered(markdown_with(at, "Loss")).items() if s.startswith("0.2")]
    return shown, float(exact)


def warnings(at) -> list[str]:
    return [w.value for w in at.sidebar.warning]


@pytest.mark.parametrize("page", ["pages/build.py", "pages/step.py"])
def test_a_preset_link_opens_the_presets_exact_weights_and_first_loss(page):
    at = opened(page, {"preset": "mazur"})
    sc, want = at.session_state[keys.STEPPER].sc, presets.get("mazur").scenario()
    assert [w.tolist() for w in sc.W] == want["W"] and [b.tolist() for b in sc.b] == want["b"]
    assert sc.X.T.tolist() == want["X"] and sc.Y.T.tolist() == want["Y"] and sc.freeze_biases
    shown, exact = first_loss(at)
    assert shown == MAZUR_FIRST_LOSS[0] and exact == pytest.approx(MAZUR_FIRST_LOSS[1], abs=1e-9)
    assert dict(at.query_params) == {"preset": "mazur"} and not warnings(at)


def test_loading_a_preset_writes_its_name_and_a_changed_setting_round_trips():
    at = mazur(fresh())
    assert dict(at.query_params) == {"preset": "mazur"} and not warnings(at)
    at.switch_page("pages/build.py").run()
    at.number_input(key="build_lr").set_value(0.1).run()
    at.checkbox(key="build_freeze").uncheck().run()
    assert dict(at.query_params) == {"preset": "mazur", "lr": "0.1", "freeze": "0"}
    mine = at.session_state[keys.STEPPER].sc
    other = opened("pages/step.py", dict(at.query_params))
    theirs = other.session_state[keys.STEPPER].sc
    assert (theirs.lr, theirs.freeze_biases) == (0.1, False)
    assert all(np.array_equal(a, b) for a, b in zip(mine.W + mine.b, theirs.W + theirs.b))
    assert dict(other.query_params) == dict(at.query_params) and not warnings(other)


def test_an_edited_weight_is_named_before_the_link_is_shared():
    at = mazur(fresh())
    seed_edit(at, "step_edit_W2", {"k = 0": 0.8})
    button(at, "step_edit_apply").click().run()
    assert dict(at.query_params) == {"preset": "mazur"}  # the link opens his weights, not the edited one
    [warning] = warnings(at)
    assert en("link.gap_weights") in warning and en("link.gap_data", m="1 training sample") not in warning


def test_an_uploaded_table_is_named_before_the_link_is_shared():
    at = mazur(fresh())
    at.switch_page("pages/build.py").run()
    csv_mode(at).upload("t.csv", GOOD, "text/csv").run()
    [warning] = warnings(at)
    assert en("link.gap_data", m="4 training samples") in warning
    assert at.query_params["preset"] == "mazur"


def test_an_imported_preset_file_with_a_changed_weight_is_named():
    src = presets.get("mazur").scenario()
    src["W"][0][0][0] = 0.16
    at = fresh("build")
    at.file_uploader(key="build_import_file").upload("m.json", formats.dumps(src).encode()).run()
    assert "preset" not in at.query_params and en("link.gap_weights") in warnings(at)[0]


def test_a_bad_preset_name_names_the_known_ones_and_opens_the_default():
    at = opened("pages/step.py", {"preset": "mazurr"})
    [notice] = [w.value for w in at.main.warning]
    assert "'mazurr'" in notice and ", ".join(presets.names()) in notice
    assert at.session_state[keys.SCENARIO] == codec.DEFAULT and "preset" not in at.query_params


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_and_its_changed_settings_read_back_exactly(name):
    src = presets.get(name).scenario()
    changed = codec.apply(codec.apply(src, "lr", 0.125), "order", "output_first")
    for net in (src, changed):
        query = links.to_query(net, name)
        assert links.gaps(net, query) == [] and set(query) <= {"preset", "lr", "order"}
    assert links.to_query(changed, name) == {"preset": name, "lr": "0.125", "order": "output_first"}


def test_a_preset_link_switches_to_the_notation_its_source_writes_in():
    at = opened("pages/step.py", {"preset": "ng_4layer", "lang": "zh"})
    assert at.session_state[keys.NOTATION] == "ng" and at.session_state[keys.LANG] == "zh"
    assert dict(at.query_params) == {"preset": "ng_4layer", "lang": "zh"}


def test_a_bad_setting_in_a_preset_link_is_named():
    with pytest.raises(EngineError, match="lr"):
        links.from_query({"preset": "mazur", "lr": "fast"})


def test_a_file_holding_exactly_a_preset_travels_by_its_name():
    at = fresh("build")
    for name, src in (("mazur", presets.get("mazur").scenario()), ("nielsen", presets.get("nielsen").scenario())):
        at.file_uploader(key="build_import_file").upload(f"{name}.json", formats.dumps(src).encode()).run()
        assert dict(at.query_params) == {"preset": name} and not warnings(at)


def test_after_same_start_one_change_the_warning_names_the_runs_start_not_an_edit_or_a_file():
    """The new run's weights are another run's exact start: the warning said they were edited on the Step page
    or read from a file, neither of which happened."""
    at = fresh()
    at.switch_page("pages/compare.py").run()
    button(at, "compare_preset_go").click().run()
    at.selectbox(key="compare_setting").set_value("lr").run()
    at.number_input(key="compare_value_lr").set_value(0.05).run()
    button(at, "compare_start").click().run()
    warning = warnings(at)[0]
    assert en("link.gap_weights") in warning and "a run's exact start" in warning
