"""The optimiser and schedule on the Build page, in links, and on the Step page's inspector."""
import pytest

from engine.teach.worked.formulas import fmt
from tests.apptest import beside, button, fresh, mazur
from tests.helpers import MAZUR, stepper
from ui.query import choices, codec
from ui.session import keys


def sc(at):
    return at.session_state[keys.STEPPER].sc


def test_choosing_adam_shows_its_fields_at_their_defaults_and_each_edit_reaches_the_network():
    at = fresh()
    at.selectbox(key="build_opt").set_value("adam").run()
    assert sc(at).optimizer.name == "adam"
    assert [at.number_input(key=f"build_opt_{k}").value for k in ("beta1", "beta2", "eps")] == [0.9, 0.999, 1e-8]
    at.number_input(key="build_opt_beta1").set_value(0.8).run()
    at.number_input(key="build_opt_eps").set_value(1e-6).run()
    assert sc(at).optimizer_settings == {"beta1": 0.8, "beta2": 0.999, "eps": 1e-6}


@pytest.mark.parametrize("field, bad, word", [("opt_momentum", 1.5, "optimizer.momentum"),
                                              ("opt_beta2", 1.0, "optimizer.beta2"),
                                              ("opt_eps", 0.0, "optimizer.eps")])
def test_a_bad_optimizer_field_is_refused_beside_its_box_with_the_engines_message(field, bad, word):
    at = fresh()
    name = "momentum" if field == "opt_momentum" else "adam"
    at.selectbox(key="build_opt").set_value(name).run()
    before = sc(at).optimizer_settings
    at.number_input(key=f"build_{field}").set_value(bad).run()
    [message] = beside(at, f"build_{field}")
    assert word in message and sc(at).optimizer_settings == before
    assert at.number_input(key=f"build_{field}").value == before[field[4:]]  # the value in force


def test_nesterov_and_rmsprops_fields_edit_the_network():
    at = fresh()
    at.selectbox(key="build_opt").set_value("momentum").run()
    at.checkbox(key="build_opt_nesterov").check().run()
    at.number_input(key="build_opt_momentum").set_value(0.5).run()
    assert sc(at).optimizer_settings == {"momentum": 0.5, "nesterov": True}
    at.selectbox(key="build_opt").set_value("rmsprop").run()  # a new choice starts from its defaults
    at.number_input(key="build_opt_alpha").set_value(0.9).run()
    assert sc(at).optimizer_settings == {"alpha": 0.9, "eps": 1e-8}
    assert "build_opt_nesterov" not in {c.key for c in at.checkbox}  # momentum's fields went with it


def test_an_optimizer_other_than_sgd_with_output_first_is_refused_beside_the_choice():
    at = fresh()
    at.radio(key="build_order").set_value("output_first").run()
    at.selectbox(key="build_opt").set_value("adam").run()
    [message] = beside(at, "build_opt")
    assert "output_first" in message and sc(at).optimizer.name == "sgd"
    assert at.selectbox(key="build_opt").value == "sgd"


def test_a_schedule_and_its_fields_edit_the_network_and_none_removes_it():
    at = fresh()
    at.selectbox(key="build_sched").set_value("step").run()
    at.number_input(key="build_sched_every").set_value(3).run()
    at.number_input(key="build_sched_gamma").set_value(0.5).run()
    assert sc(at).schedule.name == "step" and sc(at).schedule_settings == {"every": 3, "gamma": 0.5}
    at.number_input(key="build_sched_every").set_value(0).run()
    assert "schedule.every" in beside(at, "build_sched_every")[0] and sc(at).schedule_settings["every"] == 3
    at.selectbox(key="build_sched").set_value(choices.NONE).run()
    assert sc(at).schedule is None and "sched" not in at.query_params


def test_a_link_carries_the_optimizer_and_schedule_and_opens_them_again():
    at = fresh()
    at.selectbox(key="build_opt").set_value("momentum").run()
    at.checkbox(key="build_opt_nesterov").check().run()
    at.selectbox(key="build_sched").set_value("cosine").run()
    at.number_input(key="build_sched_steps").set_value(40).run()
    query = dict(at.query_params)
    assert query["opt"] == "momentum" and query["opt_nesterov"] == "1" and query["sched_steps"] == "40"
    shared = fresh(query=query)
    there = sc(shared)
    assert there.optimizer.name == "momentum" and there.optimizer_settings == {"momentum": 0.9, "nesterov": True}
    assert there.schedule.name == "cosine" and there.schedule_settings == {"steps": 40, "lr_min": 0.0}
    assert shared.checkbox(key="build_opt_nesterov").value is True


def test_a_query_round_trips_every_optimizer_field_exactly():
    src = {**codec.DEFAULT, "optimizer": {"name": "adam", "beta1": 0.85, "beta2": 0.9990000000000001, "eps": 3e-9},
           "schedule": {"name": "exponential", "gamma": 0.97}}
    back = codec.from_query(codec.to_query(src))
    assert (back["optimizer"], back["schedule"]) == (src["optimizer"], src["schedule"])
    assert "opt" not in codec.to_query(codec.DEFAULT)


def test_a_link_with_an_unknown_optimizer_or_a_bad_field_says_which():
    for bad, word in (({"opt": "lion"}, "lion"), ({"opt": "adam", "opt_beta1": "high"}, "opt_beta1")):
        at = fresh(query={**codec.to_query(codec.DEFAULT), **bad})
        shown = " ".join(x.value for x in (*at.warning, *at.error, *at.info))
        assert word in shown, shown


def test_the_step_inspector_at_the_update_shows_adams_quantities_for_the_selected_weight():
    at = mazur(fresh())
    src = {**MAZUR, "optimizer": {"name": "adam"}, "schedule": {"name": "exponential", "gamma": 0.5}}
    at.session_state[keys.STEPPER] = stepper(src)
    at.session_state[keys.SCENARIO] = src
    button(at, "step_whole").click().run()
    at.session_state[keys.SELECTION] = "e2_0_1"
    for key in ("step_fwd", "step_fwd", "step_fwd", "step_bwd", "step_bwd"):  # the second step up to its
        button(at, key).click().run()  # last backward sub-step: its gradient shown, no update yet
    assert not any(r"\hat m_t" in x.body for x in at.latex)
    button(at, "step_update").click().run()
    rec = at.session_state[keys.STEPPER].records[-1]
    m, v = rec.state_after["W"][1]["m"][0, 1], rec.state_after["W"][1]["v"][0, 1]
    bodies = {" ".join(x.body.strip("$\n").split(" ")[:2]): x.body.strip("$\n") for x in at.latex}
    assert bodies["m_t ="].endswith("= " + fmt(m)) and bodies["v_t ="].endswith("= " + fmt(v))
    assert bodies[r"\hat m_t"].endswith("= " + fmt(m / (1 - 0.9 ** 2)))
    assert bodies[r"\hat v_t"].endswith("= " + fmt(v / (1 - 0.999 ** 2)))
    captions = " ".join(c.value for c in at.caption)
    assert "Updated by Adam" in captions and "update t = 2): 0.25" in captions  # 0.5 halved once


FIELDS = [(prefix, name, key, field) for prefix, (_, registry, _) in choices.CHOICES.items()
          for name, rec in registry.items() for key, field in rec.fields.items() if field.kind != "flag"]


@pytest.mark.parametrize("prefix, name, key, field", FIELDS, ids=[f"{f[1]}.{f[2]}" for f in FIELDS])
def test_every_number_field_takes_a_value_in_range_and_refuses_one_above_it_by_name(prefix, name, key, field):
    at = fresh()
    at.selectbox(key=f"build_{prefix}").set_value(name).run()
    box = at.number_input(key=f"build_{prefix}_{key}")
    good = field.default / 2 if field.kind == "number" and field.default else field.low + 1
    box.set_value(int(good) if field.kind == "whole" else good).run()
    settings = sc(at).optimizer_settings if prefix == "opt" else sc(at).schedule_settings
    assert settings[key] == good and beside(at, f"build_{prefix}_{key}") == []
    at.number_input(key=f"build_{prefix}_{key}").set_value(field.high + 1).run()
    [message] = beside(at, f"build_{prefix}_{key}")
    scenario_key = choices.CHOICES[prefix][0]
    assert f"{scenario_key}.{key}" in message and settings == (
        sc(at).optimizer_settings if prefix == "opt" else sc(at).schedule_settings)


def test_the_quiz_page_asks_for_a_momentum_update_and_derives_it_from_the_velocity():
    at = fresh("step", query={**codec.to_query(codec.DEFAULT), "opt": "momentum"})
    button(at, "step_whole").click().run()
    button(at, "step_whole").click().run()  # the second step: a velocity that is no longer the gradient
    at.switch_page("pages/quiz.py").run()
    for field, value in (("kind", "W_new"), ("layer", 2), ("j", 1), ("k", 0)):
        at.selectbox(key=f"quiz_{field}").set_value(value).run()
    button(at, "quiz_new").click().run()
    rec = at.session_state[keys.STEPPER].records[-1]
    q = at.session_state[keys.QUIZ]["question"]
    v = rec.state_after["W"][1]["v"][1, 0]
    assert q.value == rec.W_after[1][1, 0] == rec.W_before[1][1, 0] - rec.lr * v
    assert any("SGD with momentum" in m.value and r"\mu = 0.9" in m.value for m in at.markdown)
    at.text_input(key="quiz_answer").set_value(repr(float(rec.W_before[1][1, 0] - rec.lr * rec.dW[1][1, 0])))
    at.button[-1].click().run()  # -lr dW, gradient descent's answer, is not this step's update
    latex = " ".join(x.body for x in at.latex)
    assert at.session_state[keys.QUIZ]["verdict"].correct is False and r"v_t = \mu\,v_{t-1} + g_t" in latex


def test_the_sidebars_summary_names_the_optimiser():
    at = fresh()
    summary = lambda: next(m.value for m in at.sidebar.markdown if m.value.startswith("**Network**"))
    assert "optimiser: SGD (plain gradient descent)" in summary()
    at.selectbox(key="build_opt").set_value("adam").run()
    assert "optimiser: Adam" in summary()
