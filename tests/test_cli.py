"""python -m engine run | validate | gradcheck, run as a user runs them: in a subprocess."""
import json
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from engine import cli as cli_module

from engine.core.maths import gradcheck as gradcheck_module

from engine.files import formats
from tests.helpers import MAZUR, cli, random_scenario, stepper

SMALL = random_scenario([2, 3, 1], "tanh", "squared_error", "linear", m=5, seed=2)
# 2543 parameters, above the 2,000 the command line checks whole by default, on 3 samples: checking
# every one still takes under a second
MID = random_scenario([20, 60, 20, 3], "tanh", "squared_error", "linear", m=3, seed=4)
MID_SAMPLED = 5 * 20 + 3  # 20 of each of W[1], W[2], W[3], b[1], b[2]; b[3] has only 3
# weights of 1e308 and x = 10 make z[1] = 2e309, beyond the largest float
OVERFLOW = {**MAZUR, "W": [[[1e308, 1e308], [0.25, 0.3]], [[1e308, 0.45], [0.5, 0.55]]], "X": [[10.0, 10.0]]}
# x = 0 keeps every z and loss finite, but lambda/(2m) ||W||^2 with W = 1e200 is about 1e400
HUGE_PENALTY = {**MAZUR, "lambda": 0.5, "W": [[[1e200, 1e200], [0.25, 0.3]], MAZUR["W"][1]], "X": [[0.0, 0.0]]}


def edited_trace():
    """A two-step MAZUR trace whose second J is one ulp off."""
    st = stepper(MAZUR)
    st.run(2)
    trace = formats.trace_dict(st)
    trace["steps"][1]["J"] = float(np.nextafter(trace["steps"][1]["J"], 1.0))
    return formats.dumps(trace)


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    out = {"dir": d}
    for name, content in (("mazur", formats.dumps(MAZUR)), ("small", formats.dumps(SMALL)), ("mid", formats.dumps(MID)),
                          ("overflow", formats.dumps(OVERFLOW)), ("penalty", formats.dumps(HUGE_PENALTY)),
                          ("prose", "hello, not JSON"),
                          ("edited", edited_trace()),
                          ("latin1", json.dumps({"title": "caf\u00e9"}, ensure_ascii=False))):
        out[name] = d / f"{name}.json"
        out[name].write_bytes(content.encode("latin-1"))
    return out


def args_of(command, paths):
    return [a.format(**paths) for a in command]


@pytest.fixture(scope="module")
def ran(paths):
    """Every command of COMMANDS and BAD, run once; independent processes, so started together."""
    with ThreadPoolExecutor(4) as pool:
        runs = {name: pool.submit(cli, *args_of(command, paths)) for name, command in {**COMMANDS, **BAD}.items()}
        return {name: run.result() for name, run in runs.items()}


def worst_rel(stdout):
    return float(re.search(r"worst relative error (\S+)", stdout).group(1))


COMMANDS = {
    "mazur 1 step": ["run", "{mazur}", "--steps", "1"],
    "batch sample": ["run", "{small}", "--steps", "3", "--batch", "sample"],
    "batch full": ["run", "{small}", "--steps", "3", "--batch", "full"],
    "batch 2": ["run", "{small}", "--steps", "3", "--batch", "2"],
    "out": ["run", "{small}", "--steps", "4", "--batch", "2", "--out", "{dir}/trace.json"],
    "tiny budget": ["run", "{small}", "--steps", "3", "--budget", "1e-9"],
    "run overflow": ["run", "{overflow}", "--steps", "2"],
    "run penalty": ["run", "{penalty}", "--steps", "2"],
    "validate scenario": ["validate", "{mazur}"],
    "validate edited": ["validate", "{edited}"],
    "gradcheck": ["gradcheck", "{mazur}"],
    "gradcheck 1e-300": ["gradcheck", "{small}", "--tolerance", "1e-300"],
    "gradcheck overflow": ["gradcheck", "{overflow}"],
    "gradcheck penalty": ["gradcheck", "{penalty}"],
    "gradcheck mid": ["gradcheck", "{mid}"],
    "gradcheck mid again": ["gradcheck", "{mid}"],
    "gradcheck mid all": ["gradcheck", "{mid}", "--all"],
    "gradcheck mid seed 1": ["gradcheck", "{mid}", "--seed", "1"],
    "help": ["--help"],
    "run help": ["run", "--help"],
    "validate help": ["validate", "--help"],
    "gradcheck help": ["gradcheck", "--help"],
}


# --- run ----------------------------------------------------------------------------------------

def test_run_writes_a_trace_to_stdout_that_validates_and_holds_mazurs_step(ran):
    res = ran["mazur 1 step"]
    assert res.returncode == 0 and res.stderr == ""
    st = formats.read_trace(res.stdout.encode())
    # Mazur's published weights after one step, rows = receiving neurons
    assert np.allclose(st.W[0], [[0.149780716, 0.19956143], [0.24975114, 0.29950229]], atol=1e-8)
    assert np.allclose(st.W[1], [[0.35891648, 0.408666186], [0.511301270, 0.561370121]], atol=1e-8)


@pytest.mark.parametrize("batch, sizes", [("sample", [1, 1, 1]), ("full", [5, 5, 5]), ("2", [2, 2, 1])])
def test_run_takes_the_batch_setting(ran, batch, sizes):
    res = ran[f"batch {batch}"]
    assert res.returncode == 0, res.stderr
    trace = json.loads(res.stdout)
    assert trace["batch"] == (int(batch) if batch.isdigit() else batch)
    assert [len(s["sample_indices"]) for s in trace["steps"]] == sizes
    assert len(formats.read_trace(res.stdout.encode()).records) == 3


def test_run_out_writes_the_file_and_validate_accepts_it(ran, paths):
    res = ran["out"]
    assert res.returncode == 0 and res.stdout == "" and res.stderr == ""
    check = cli("validate", paths["dir"] / "trace.json")
    assert check.returncode == 0 and check.stdout.startswith("ok: trace of 4 steps"), check


def test_run_with_a_tiny_budget_writes_summaries_that_validate(ran):
    res = ran["tiny budget"]
    assert res.returncode == 0, res.stderr
    assert [s["full"] for s in json.loads(res.stdout)["steps"]] == [False, False, True]
    formats.read_trace(res.stdout.encode())


@pytest.mark.parametrize("name, where", [("run overflow", "step 1: z in layer 1"), ("run penalty", "step 1: J ")])
def test_a_run_that_overflows_exits_1_with_one_line_and_keeps_the_good_steps(ran, name, where):
    res = ran[name]
    # one line: no RuntimeWarning from numpy, no traceback from writing an infinite J
    assert res.returncode == 1 and len(res.stderr.splitlines()) == 1, res.stderr
    assert res.stderr.startswith(f"error: {where}") and "NaN or infinite" in res.stderr
    assert json.loads(res.stdout)["steps"] == []


# --- validate and gradcheck ---------------------------------------------------------------------

def test_validate_accepts_a_scenario(ran):
    res = ran["validate scenario"]
    assert res.returncode == 0 and res.stdout.startswith("ok: scenario, layers [2, 2, 2]"), res
    assert res.stdout.rstrip().endswith(", 1 training sample"), res  # Mazur's one sample, in the singular


def test_validate_refuses_an_edited_trace_naming_step_and_key(ran):
    res = ran["validate edited"]
    assert res.returncode == 2 and res.stderr.startswith("error: steps[1].J:"), res


def test_gradcheck_passes_a_correct_scenario(ran):
    res = ran["gradcheck"]
    assert res.returncode == 0, res
    assert 0 <= worst_rel(res.stdout) < 1e-4 and res.stdout.rstrip().endswith("ok")


def test_gradcheck_fails_above_the_tolerance(ran):
    res = ran["gradcheck 1e-300"]
    assert worst_rel(res.stdout) > 1e-300  # finite differences are never exact here: the check must fail
    assert res.returncode == 1 and "FAIL" in res.stdout


@pytest.mark.parametrize("name, where", [("gradcheck overflow", "z in layer 1"), ("gradcheck penalty", "J ")])
def test_gradcheck_refuses_parameters_whose_forward_pass_or_cost_is_not_finite(ran, name, where):
    res = ran[name]
    assert res.returncode == 1 and res.stdout == "", res
    assert res.stderr.startswith(f"error: {where}") and len(res.stderr.splitlines()) == 1, res.stderr


def test_gradcheck_above_the_size_checks_a_seeded_sample_of_each_array_and_says_so(ran):
    assert MID_SAMPLED < stepper(MID).sc.net.n_params == 2543 > 2000
    res = ran["gradcheck mid"]
    assert res.returncode == 0, res
    assert res.stdout.startswith(f"checked {MID_SAMPLED} of 2543 parameters (up to 20 of each W[l] and each b[l], "
                                 "seed 0; --all checks every one) on 3 samples; worst relative error")
    assert res.stdout == ran["gradcheck mid again"].stdout  # the same sample every run
    assert "seed 1" in ran["gradcheck mid seed 1"].stdout
    rel = lambda name: worst_rel(ran[name].stdout)
    assert rel("gradcheck mid seed 1") != rel("gradcheck mid")  # another seed, other parameters


def test_gradcheck_all_checks_every_parameter_and_small_networks_are_checked_whole(ran):
    res = ran["gradcheck mid all"]
    assert res.returncode == 0 and res.stdout.startswith("checked 2543 parameters on 3 samples;"), res
    assert ran["gradcheck"].stdout.startswith("checked 12 parameters on 1 sample;")  # Mazur: below the size
    assert ran["gradcheck"].stderr == ""  # and quick, so no progress lines


def test_gradcheck_prints_progress_on_stderr_per_array(ran):
    done = lambda name: [line.split(",")[0] for line in ran[name].stderr.splitlines() if " done" in line]
    arrays = ["W[1]", "W[2]", "W[3]", "b[1]", "b[2]", "b[3]"]
    assert done("gradcheck mid") == [f"gradcheck: {a} done" for a in arrays]
    assert done("gradcheck mid all") == [f"gradcheck: {a} done" for a in arrays]
    assert ran["gradcheck mid all"].stderr.splitlines()[-1].startswith("gradcheck: b[3] done, 2543 of 2543 checked")


@pytest.mark.parametrize("param, layer", [("W", 1), ("W", 2), ("b", 1), ("b", 3)])
def test_a_wrong_gradient_in_one_array_is_caught_by_the_sample(paths, monkeypatch, capsys, param, layer):
    right = gradcheck_module.analytic

    def wrong(*args):  # as a slip in one layer's formula would: that whole array off by 1 %
        dW, db = right(*args)
        (dW if param == "W" else db)[layer - 1] *= 1.01
        return dW, db
    monkeypatch.setattr(gradcheck_module, "analytic", wrong)
    assert cli_module.main(["gradcheck", str(paths["mid"])]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"checked {MID_SAMPLED} of 2543 parameters") and out.rstrip().endswith("FAIL")
    assert re.search(rf"worst relative error \S+ at {param}\[{layer}\]\[", out), out


@pytest.mark.parametrize("name", ["help", "run help", "validate help", "gradcheck help"])
def test_help_exits_0(ran, name):
    res = ran[name]
    assert res.returncode == 0 and res.stdout.startswith("usage:"), res


# --- bad input: status 2, one line, no traceback ------------------------------------------------

BAD = {
    "missing file": ["validate", "{dir}/nothing.json"],
    "not JSON": ["validate", "{prose}"],
    "not UTF-8": ["validate", "{latin1}"],
    "a trace given as scenario": ["gradcheck", "{edited}"],
    "batch 0": ["run", "{mazur}", "--steps", "1", "--batch", "0"],
    "batch word": ["run", "{mazur}", "--steps", "1", "--batch", "many"],
    "steps negative": ["run", "{mazur}", "--steps", "-1"],
    "steps word": ["run", "{mazur}", "--steps", "ten"],
    "tolerance negative": ["gradcheck", "{mazur}", "--tolerance", "-1e-3"],
    "tolerance nan": ["gradcheck", "{mazur}", "--tolerance", "nan"],
    "subset 0": ["gradcheck", "{mazur}", "--subset", "0"],
    "all and subset": ["gradcheck", "{mid}", "--all", "--subset", "5"],
    "unknown subcommand": ["train", "{mazur}"],
    "no subcommand": [],
    "out in a missing folder": ["run", "{mazur}", "--steps", "1", "--out", "{dir}/no/such/trace.json"],
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_exits_2_with_one_error_line(ran, name):
    res = ran[name]
    assert res.returncode == 2, res
    assert "Traceback" not in res.stderr
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), res.stderr
