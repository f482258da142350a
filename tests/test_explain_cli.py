"""python -m engine explain, run as a user runs it: in a subprocess."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.files import formats

from engine.teach.worked import explain
from tests.helpers import MAZUR, cli, random_scenario, stepper


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    d = tmp_path_factory.mktemp("explain")
    small = random_scenario([2, 3, 2], "tanh", "squared_error", "linear", m=5, seed=2)
    overflow = {**MAZUR, "W": [[[1e308, 1e308], [0.25, 0.3]], [[1e308, 0.45], [0.5, 0.55]]], "X": [[10.0, 10.0]]}
    for name, src in (("mazur", MAZUR), ("small", small), ("overflow", overflow)):
        (d / f"{name}.json").write_text(formats.dumps(src))
    runs = {"mazur": ["{d}/mazur.json"], "overflow": ["{d}/overflow.json"],
            "out": ["{d}/small.json", "--steps", "3", "--batch", "2", "--notation", "ng", "--lang", "zh",
                    "--out", "{d}/small.md"], **{name: args for name, args in BAD.items()}}
    with ThreadPoolExecutor(4) as pool:
        futures = {name: pool.submit(cli, "explain", *(a.format(d=d) for a in args)) for name, args in runs.items()}
        return d, small, {name: f.result() for name, f in futures.items()}


BAD = {"notation": ["{d}/mazur.json", "--notation", "bishop"], "lang": ["{d}/mazur.json", "--lang", "fr"],
       "steps 0": ["{d}/mazur.json", "--steps", "0"], "steps word": ["{d}/mazur.json", "--steps", "two"],
       "digits": ["{d}/mazur.json", "--digits", "0"], "batch": ["{d}/mazur.json", "--batch", "0"],
       "missing": ["{d}/none.json"], "out dir": ["{d}/mazur.json", "--out", "{d}/no/such/x.md"], "none": []}


def test_cli_explain_prints_the_worked_example_of_mazurs_step(ran):
    res = ran[2]["mazur"]
    assert res.returncode == 0 and res.stderr == ""
    st = stepper(MAZUR)
    st.step()
    assert res.stdout == explain.worked_example(st) and "0.1385" in res.stdout and "0.08217" in res.stdout


def test_cli_explain_takes_steps_batch_notation_language_and_out(ran):
    d, small, runs = ran
    assert runs["out"].returncode == 0 and runs["out"].stdout == "" and runs["out"].stderr == ""
    st = stepper(small)
    st.set_batch(2)
    st.run(3)
    assert (d / "small.md").read_text(encoding="utf-8") == explain.worked_example(st, "ng", "zh")


def test_cli_explain_of_a_step_that_overflows_exits_1(ran):
    res = ran[2]["overflow"]
    assert res.returncode == 1 and res.stdout == "" and res.stderr.startswith("error:")


@pytest.mark.parametrize("name", BAD)
def test_cli_explain_bad_input_exits_2_with_one_error_line(ran, name):
    res = ran[2][name]
    lines = res.stderr.splitlines()
    assert res.returncode == 2 and len(lines) == 1 and lines[0].startswith("error:"), res.stderr
