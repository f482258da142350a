"""The gradient check page, driven by AppTest: names in the chosen notation, words from the catalogue,
and one click's work bounded with a message saying what was capped."""
import json
import re

import pytest

from engine.text.i18n import catalogue
from tests.apptest import button, fresh
from ui.check import checker
from ui.session import keys

SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
LAYERS = (2, 3, 2)  # the default network


def expected_names(notation):
    """Every parameter of the 2-3-2 network as the notation writes it, spelled out by hand."""
    names = set()
    for l in (1, 2):
        for j in range(LAYERS[l]):
            for k in range(LAYERS[l - 1]):
                names.add({"engine": f"W[{l}][{j},{k}]", "ng": f"Θ({l})".translate(SUP) + f"{j + 1}{k + 1}".translate(SUB),
                           "ufldl": f"W({l})".translate(SUP) + f"{j + 1}{k + 1}".translate(SUB),
                           "nielsen": f"w{l + 1}".translate(SUP) + f"{j + 1}{k + 1}".translate(SUB)}[notation])
            names.add({"engine": f"b[{l}][{j}]", "ng": f"Θ({l})".translate(SUP) + f"{j + 1}0".translate(SUB),
                       "ufldl": f"b({l})".translate(SUP) + f"{j + 1}".translate(SUB),
                       "nielsen": f"b{l + 1}".translate(SUP) + f"{j + 1}".translate(SUB)}[notation])
    return names


def checked(query=None, lang=None, notation=None):
    at = fresh(query={**(query or {}), **({"lang": lang} if lang else {})})
    if notation:
        at.selectbox(key="side_notation").set_value(notation).run()
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("notation", ["engine", "ng", "ufldl", "nielsen"])
def test_the_table_and_the_verdict_name_parameters_in_the_chosen_notation(notation):
    at = checked(notation=notation)
    table = at.dataframe[0].value
    assert set(table.iloc[:, 0]) == expected_names(notation) and len(table) == 17
    assert any(name in at.success[0].value for name in expected_names(notation))


def test_the_figures_words_come_from_the_catalogue_of_the_language():
    at = checked(lang="zh")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = " ".join(" ".join(trace.get("hovertext", [])) for trace in spec["data"])
    zh = catalogue("zh")
    assert zh["check.hover_analytic"] in hovers and zh["check.hover_numeric"] in hovers and zh["check.rel"] in hovers
    assert not re.search(r"analytic|numeric|rel\b", hovers)
    assert spec["layout"]["title"]["text"] == zh["check.fig_title"]


def test_a_large_network_is_checked_within_the_work_budget_and_the_page_says_what_was_capped():
    at = fresh()
    at.switch_page("pages/presets.py").run()
    button(at, "presets_load_digits").click().run()  # 64-128-64-10, 1,438 training samples
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    assert not at.exception
    result, size = at.session_state[checker.RESULT], 64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10
    n, m = len(result["checks"]), result["m"]
    note = next(i.value for i in at.info if "Capped" in i.value)
    assert f"{checker.WORK:,}" in note
    assert f"{n} of the 500 parameters" in note and f"the first {m} of the 1438 training samples" in note
    assert 2 * n * m * size <= checker.WORK and n >= 100  # bounded, yet still a real check
    assert at.success  # backprop still passes on what was checked


def test_a_small_network_is_checked_whole_without_a_cap_message():
    at = checked()
    assert len(at.session_state[checker.RESULT]["checks"]) == 17
    assert not [i for i in at.info if "Capped" in i.value]


@pytest.mark.parametrize("size", [1, 17, 500, 17_226, 109_386, 1_000_000, 8_396_800, 50_000_000])
@pytest.mark.parametrize("samples", [1, 5, 16, 300, 60_000])
@pytest.mark.parametrize("asked", [1, 500, 100_000])
def test_the_budget_never_exceeds_the_work_and_keeps_what_fits(size, samples, asked):
    n, m = checker.budget(size, samples, asked)
    assert 1 <= n <= min(asked, size) and 1 <= m <= min(samples, checker.MAX_SAMPLES)
    fits = 2 * n * m * size <= checker.WORK
    assert fits or (n, m) == (1, 1)  # one parameter on one sample is the least a check can do
    if 2 * min(asked, size) * min(samples, checker.MAX_SAMPLES) * size <= checker.WORK:
        assert (n, m) == (min(asked, size), min(samples, checker.MAX_SAMPLES))  # nothing capped
    elif m < min(samples, checker.MIN_SAMPLES):
        assert n == 1  # samples below the floor only once a single parameter is left


def test_a_check_at_parameters_whose_cost_overflows_says_so_instead_of_failing():
    import numpy as np
    at = fresh(query={"lang": "zh"})
    stepper = at.session_state[keys.STEPPER]
    stepper.W = [np.full_like(w, 1e308) for w in stepper.W]  # z = W x overflows for any x not 0
    at.switch_page("pages/gradcheck.py").run()
    button(at, "check_run").click().run()
    assert not at.exception, at.exception
    shown = [e.value for e in at.error]
    assert any("z" in s and "NaN" in s and "有限差分" in s for s in shown), shown
