"""Fuzzing the readers: whatever they are given, they return or raise EngineError, nothing else."""
import copy

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine.core.stepping.stepper import Stepper
from engine.files import formats
from engine.files.csvfile import read_csv
from engine.text.errors import EngineError
from tests.helpers import MAZUR, random_scenario, stepper

pytestmark = pytest.mark.slow  # hypothesis runs hundreds of examples a test

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
READERS = (formats.read_scenario, formats.read_trace, formats.read_any)

DATASET = {"schema": "backprop-scenario/1", "layers": [2, 3, 1], "activations": ["relu", "sigmoid"],
           "loss": "cross_entropy", "lr": 0.3, "init": {"scheme": "normal", "seed": 1, "sigma": 0.5},
           "dataset": {"name": "circle", "seed": 2, "n": 6, "noise": 0.2}, "batch": 2,
           "test_fraction": 0.3, "standardize": True, "shuffle_seed": 4}


def trace_of(src, n, budget=2**30):
    st_ = stepper(src, budget=budget)
    st_.run(n)
    return formats.trace_dict(st_)


# valid files to mutate: explicit and generated parameters and data, full and summarised steps
BASES = [MAZUR, DATASET, random_scenario([3, 2, 3], "tanh", "softmax_cross_entropy", "softmax", m=4),
         trace_of(MAZUR, 2), trace_of(DATASET, 3, budget=1)]

# names the readers know, so mutations often reach the checks past the schema
NAMES = ["sigmoid", "tanh", "relu", "linear", "softmax", "squared_error", "cross_entropy",
         "softmax_cross_entropy", "xavier", "constant", "normal", "xor", "spiral", "regress1d", "sample",
         "full", "output_first", "backprop-scenario/1", "backprop-trace/1"]
# numbers at the edges of int64 and float64, where conversions deeper in overflow
EDGES = [2**63 - 1, 2**63, -2**63 - 1, 2**64, 10**309, -10**400, 1e300, -1e300, 1.7976931348623157e308, 5e-324,
         -0.0, 2.0, 1e6, 100_001]
numbers = (st.sampled_from(EDGES) | st.integers() | st.integers(-3, 1030)
           | st.floats(allow_nan=False, allow_infinity=False))
scalars = st.none() | st.booleans() | numbers | st.sampled_from(NAMES) | st.text(max_size=6)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=6), inner, max_size=4),
                           max_leaves=12)


def only_engine_errors(data: bytes):
    for reader in READERS:
        try:
            reader(data)
        except EngineError:
            pass


def paths(obj, prefix=()):
    """The path (keys and list indices) of every value inside a JSON value."""
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from paths(value, prefix + (key,))


def at(obj, path):
    for key in path:
        obj = obj[key]
    return obj


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def mutate(obj, draw):
    """Up to three edits at random positions: replace by any JSON value or by a number, drop, or
    (in a list) append a copy; most positions hold numbers, so a number keeps the file past the schema."""
    obj = copy.deepcopy(obj)
    for _ in range(draw(st.integers(1, 3))):
        where = list(paths(obj))
        if not where:
            break
        path = draw(st.sampled_from(where))
        parent, key = at(obj, path[:-1]), path[-1]
        how = draw(st.sampled_from(["replace", "number", "drop", "copy"]))
        if how == "drop":
            del parent[key]
        elif how == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = draw(numbers if how == "number" else json_values)
    return obj


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    only_engine_errors(data)


@FUZZ
@given(json_values)
def test_arbitrary_json_structures(value):
    only_engine_errors(formats.dumps(value).encode())


@FUZZ
@given(st.sampled_from(BASES), st.data())
def test_mutated_scenarios_and_traces(base, data):
    text = formats.dumps(mutate(base, data.draw)).encode()
    only_engine_errors(text)
    try:  # an accepted scenario must also step, or stop naming the value that went non-finite
        Stepper(formats.read_scenario(text)).step()
    except EngineError:
        pass


@FUZZ
@given(st.sampled_from(BASES), st.data(), numbers)
def test_one_number_replaced(base, data, number):
    # everything else stays valid, so the number gets past the schema to the meaning checks and the replay
    changed = copy.deepcopy(base)
    path = data.draw(st.sampled_from([p for p in paths(changed) if is_number(at(changed, p))]))
    at(changed, path[:-1])[path[-1]] = number
    only_engine_errors(formats.dumps(changed).encode())


@FUZZ
@given(st.sampled_from(BASES), st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=12))
def test_spliced_bytes_of_a_valid_file(base, where, cut, junk):
    # edits inside the text reach the number parser: huge whole numbers, 1e999, broken escapes
    text = formats.dumps(base).encode()
    where %= len(text)
    only_engine_errors(text[:where] + junk + text[where + cut:])


CELLS = ["1", "-2.5", "1e-300", "1e999", "nan", "inf", "", " ", "x", '"3"', '"a,b"', "1,5", "0x1", "1_0",
         "\u0661", "\x00", "\ufeff", '"', "y", "1" * 400]
tables = st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=4), min_size=1, max_size=4), max_size=6)
targets = st.none() | st.lists(st.integers(-2, 5) | st.sampled_from(["y", "x", "c1", ""]), max_size=3) | json_values


def only_csv_errors(data, chosen=None, **limits):
    try:
        read_csv(data, chosen, **limits)
    except EngineError:
        pass


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=200), targets)
def test_csv_arbitrary_bytes_and_text(data, chosen):
    only_csv_errors(data, chosen)


@FUZZ
@given(tables, st.sampled_from([",", ";", "\t"]), st.sampled_from(["\n", "\r\n", "\r"]), targets,
       st.integers(1, 5), st.integers(1, 400))
def test_csv_shaped_text(table, sep, end, chosen, max_rows, max_bytes):
    text = end.join(sep.join(row) for row in table)
    only_csv_errors(text, chosen)
    only_csv_errors(text.encode(), chosen, max_rows=max_rows, max_bytes=max_bytes)
