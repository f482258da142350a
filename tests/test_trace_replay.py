"""A trace replays exactly as recorded: how each step was taken (batch setting, stream position, its
samples) must agree with the replay, not only the numbers."""
import pytest

from engine.files import formats
from engine.text.errors import EngineError
from tests.helpers import cli, random_scenario, stepper

SRC = random_scenario([2, 3, 1], "relu", "squared_error", "linear", m=5, seed=4)


def trace_of(batches, budget=2**30):
    """A trace whose steps were taken with the given batch settings, one per step."""
    st = stepper(SRC, budget=budget)
    for batch in batches:
        st.set_batch(batch)
        st.step()
    return formats.trace_dict(st)


def refused(trace, field, word):
    with pytest.raises(EngineError) as info:
        formats.read_trace(formats.dumps(trace).encode())
    assert info.value.field == field and word in str(info.value), info.value


@pytest.mark.parametrize("budget", [2**30, 1])
@pytest.mark.parametrize("edited", [2, "full", 3])
def test_an_edited_batch_setting_is_refused(budget, edited):
    trace = trace_of(["sample"] * 3, budget)
    trace["batch"] = edited
    refused(trace, "steps[0].n_samples", "batch")


def test_a_batch_changed_between_steps_is_written_per_step_and_replays():
    trace = trace_of(["sample", 2, 2, "full", "sample"])
    assert trace["batch"] == "sample"
    assert [s.get("batch") for s in trace["steps"]] == [None, 2, 2, "full", None]
    assert [s["n_samples"] for s in trace["steps"]] == [1, 2, 2, 5, 1]
    assert [s["stream_pos"] for s in trace["steps"]] == [0, 1, 3, 5, 10]
    text = formats.dumps(trace)
    assert formats.dumps(formats.trace_dict(formats.read_trace(text.encode()))) == text
    del trace["steps"][1]["batch"]
    refused(trace, "steps[1].n_samples", 'batch "sample"')


@pytest.mark.parametrize("budget", [2**30, 1])
def test_an_edited_stream_position_is_refused(budget):
    trace = trace_of(["sample"] * 3, budget)
    trace["steps"][1]["stream_pos"] = 2
    refused(trace, "steps[1].stream_pos", "stream")


def test_validate_on_the_command_line_refuses_an_edited_batch(tmp_path):
    trace = trace_of(["sample"] * 2)
    trace["batch"] = "full"
    path = tmp_path / "trace.json"
    path.write_text(formats.dumps(trace))
    res = cli("validate", path)
    assert res.returncode == 2 and res.stderr.startswith("error: steps[0].n_samples:"), res
