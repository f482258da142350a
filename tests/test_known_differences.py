"""The known differences between the textbooks and the engine (CONVENTIONS.md) are shown where a user
sees them, and what the app says about them is what the numbers show."""
import re

import numpy as np
import pytest

from engine.core.scenarios import scenario

from engine.teach.textbook import presets
from engine.teach.textbook.published import compare
from engine.teach.textbook.variants import gradient
from engine.text.i18n import catalogue
from tests.helpers import random_scenario
from tests.apptest import button, fresh

REGULARISED = {"layers": "2,3,1", "act": "tanh,sigmoid", "loss": "cross_entropy", "lam": "1.0", "lr": "0.5",
               "batch": "full", "init": "xavier", "seed": "0", "data": "circle", "n": "20", "noise": "0.1",
               "dseed": "0"}


def gradcheck_caption(at):
    at.switch_page("pages/gradcheck.py").run()
    assert not at.exception, at.exception
    return next(c.value for c in at.caption if c.value.startswith("Known difference"))


def test_the_gradient_check_page_explains_ngs_printed_gradient_for_the_network_at_hand():
    said = gradcheck_caption(fresh())  # the default network has lambda = 0
    assert r"\frac{1}{m}\Delta + \lambda\Theta" in said and r"\frac{1}{m}\Delta + \frac{\lambda}{m}\Theta" in said
    assert catalogue("en")["check.known_no_lambda"] in said
    said = gradcheck_caption(fresh(query=REGULARISED))
    assert "λ = 1 and the check uses m = 20 samples, so the printed L2 part is 20 times too large" in said


def test_the_printed_l2_part_is_m_times_the_derivatives():
    sc = scenario.parse(random_scenario([3, 2, 2], "sigmoid", "cross_entropy", "sigmoid", lam=0.7, m=6, seed=1))
    data, _ = gradient("engine")(scenario.parse({**sc.source, "lambda": 0.0}).net, sc.W, sc.b, sc.X, sc.Y)
    right, _ = gradient("engine")(sc.net, sc.W, sc.b, sc.X, sc.Y)
    printed, _ = gradient("ng_printed")(sc.net, sc.W, sc.b, sc.X, sc.Y)
    for d, r, p in zip(data, right, printed):
        np.testing.assert_allclose(p - d, 6 * (r - d), rtol=1e-12)


def test_the_ufldl_notation_help_says_where_it_counts_layers_from_and_how_it_regularises():
    at = fresh()
    at.selectbox(key="side_notation").set_value("ufldl").run()
    shown = at.selectbox(key="side_notation").help
    assert "counts the input as layer 1 ($a^{(1)} = x$" in shown and "input is layer 0, as in CS231n" in shown
    assert r"$\frac{\lambda}{2}\lVert W\rVert^2$" in shown and "($m = 1$)" in shown
    at.selectbox(key="side_notation").set_value("ng").run()
    assert catalogue("en")["notation.ng.about"] in at.selectbox(key="side_notation").help


def test_what_the_mazur_panel_says_about_the_update_order_is_what_the_engine_computes():
    note = catalogue("en")["published.mazur.hidden"]
    theirs = scenario.parse({**presets.get("mazur").scenario(), "update_order": "output_first"})
    rows = {r.quantity: r for r in compare(theirs, after_many=0.0)}
    said_new, said_his = (float(v) for v in re.search(r"w1\+ becomes ([\d.]+) instead of his ([\d.]+)", note).groups())
    assert round(rows["w1+"].computed, 6) == said_new and said_his == round(float(rows["w1+"].published), 6)
    moved = [abs(rows[f"w{i}+"].computed - float(rows[f"w{i}+"].published)) for i in (1, 2, 3, 4)]
    assert all(3.5e-5 <= d <= 7.5e-5 for d in moved)  # "by 4·10⁻⁵ to 7·10⁻⁵"
    assert all(rows[f"w{i}+"].agrees for i in (5, 6, 7, 8))  # "the output weights are the same"


def test_the_mazur_panel_shows_the_notes_on_his_shared_frozen_biases_and_the_update_order():
    at = fresh()
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_mazur").click().run()
    notes = dict(zip(at.dataframe[0].value.iloc[:, 0], at.dataframe[0].value.iloc[:, 4]))
    en = catalogue("en")
    assert notes["net_h1"] == en["published.mazur.bias"] and "never updates" in notes["net_h1"]
    assert notes["w1+"] == en["published.mazur.hidden"] and notes["E_total+"] == en["published.mazur.after_one"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_notes_read_in_both_languages_with_the_same_numbers(lang):
    for key in ("published.mazur.hidden", "check.known", "notation.ufldl.about"):
        en, other = catalogue("en")[key], catalogue(lang)[key]
        assert re.findall(r"\d+\.\d+", en) == re.findall(r"\d+\.\d+", other)
