"""Reading a user's CSV: the numbers, the target columns chosen, and a message for each kind of fault."""
import time

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.csvfile import read_csv
from engine.errors import EngineError


def test_csv_with_header_default_target_is_last_column():
    X, Y, xs, ys = read_csv(b"x1,x2,y\n1,2,3\n4.5,-5e0, 6 \n")
    assert xs == ["x1", "x2"] and ys == ["y"]
    assert np.array_equal(X, [[1, 2], [4.5, -5]]) and np.array_equal(Y, [[3], [6]])


def test_csv_without_header_names_columns_and_targets_by_index_or_name():
    X, Y, xs, ys = read_csv("1,2,3\n4,5,6\n", targets=[0, "c2"])
    assert xs == ["c1"] and ys == ["c0", "c2"]
    assert np.array_equal(X, [[2], [5]]) and np.array_equal(Y, [[1, 3], [4, 6]])


def test_csv_bom_crlf_quotes_and_blank_rows():
    X, Y, xs, ys = read_csv(b'\xef\xbb\xbf"a",b\r\n"1",2\r\n\r\n,\r\n3,4\r\n')
    assert xs == ["a"] and np.array_equal(Y, [[2], [4]])


def test_csv_semicolons_when_first_line_has_no_comma():
    X, Y, xs, ys = read_csv("a;b;c\n1;2;3\n")
    assert xs == ["a", "b"] and np.array_equal(Y, [[3]])


@pytest.mark.parametrize("data, message", [
    (b"a,b\n1,\xff\n", r"not UTF-8 text: byte 0xff at byte offset 6"),
    (b"", r"^csv: the file is empty$"),
    (b"\n\n ,\n", r"the file is empty"),
    (b"x,y\n", r"only a header row and no data rows"),
    (b"y\n1\n2\n", r"need at least one input column and one target column"),
    (b"a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n\n1,2,3,4\n1,2,3,4\n1,2,3\n", r"row 8 has 3 cells, the header has 4"),
    (b"1,2\n3,4,5\n", r"row 2 has 3 cells, row 1 has 2"),
    (b"x1,x2\n1,2\n3,4\n5,6\n7,\n", r'row 5, column "x2": empty cell'),
    (b"x1,x2\n1,2\nabc,3\n", r'row 3, column "x1": "abc" is not a number'),
    (b"x1,x2\n1,nan\n", r'row 2, column "x2": "nan" is not a finite number'),
    (b"x1,x2\n1,-inf\n", r'"-inf" is not a finite number'),
    (b"x1,x2\n1,1e999\n", r'"1e999" is not a finite number'),
    (b"x,x\n1,2\n", r'column name "x" appears twice \(columns 1 and 2\)'),
    (b"x,,y\n1,2,3\n", r"row 1, column 2: empty column name"),
    (b'x,y\n1,"' + b"9" * 200_000 + b'"\n', r"row 2: not readable as CSV"),
])
def test_csv_faults_have_their_own_message(data, message):
    with pytest.raises(EngineError, match=message) as info:
        read_csv(data)
    assert info.value.field == "csv" and "\n" not in str(info.value)


def test_csv_too_many_bytes_and_rows():
    with pytest.raises(EngineError, match=r"the file is 12 bytes; at most 10 are allowed"):
        read_csv(b"a,b\n1,2\n3,4\n", max_bytes=10)
    with pytest.raises(EngineError, match=r"more than 2 data rows; at most 2 are allowed"):
        read_csv(b"a,b\n1,2\n3,4\n5,6\n", max_rows=2)
    with pytest.raises(EngineError, match=r"the file has 3 data rows; at most 2 are allowed"):
        read_csv(b"1,2\n3,4\n5,6\n", max_rows=2)  # no header: every row is data
    assert read_csv(b"a,b\n1,2\n3,4\n", max_rows=2)[0].shape == (2, 1)
    assert read_csv(b"a,b\n1,2\n\n\n3,4\n", max_rows=2)[0].shape == (2, 1)  # blank rows are not data


def test_a_million_row_csv_is_refused_without_parsing_it_whole():
    data = b"x,y\n" + b"1.5,2\n" * 1_000_000  # 6 MB, under a raised byte limit
    start = time.perf_counter()
    with pytest.raises(EngineError, match=r"more than 100000 data rows"):
        read_csv(data, max_bytes=64 * 2**20)
    assert time.perf_counter() - start < 1.5  # parsing it all took about 3 s


@pytest.mark.parametrize("targets, message", [
    (["z"], r'no column "z"; columns: 0 "a", 1 "b", 2 "y"'),
    ([3], r'no column 3; columns: 0 "a"'),
    ([-1], r"no column -1"),
    (["a", "b", "y"], r"every column is a target; leave at least one input column"),
    (["y", 2], r'column "y" is chosen twice'),
    ([], r"non-empty list"),
    ("y", r"non-empty list"),
])
def test_csv_bad_targets(targets, message):
    with pytest.raises(EngineError, match=message) as info:
        read_csv(b"a,b,y\n1,2,3\n", targets=targets)
    assert info.value.field == "csv.targets"


def test_csv_refuses_other_types():
    with pytest.raises(EngineError, match="bytes or text, got int"):
        read_csv(12)


def check_csv_result(data):
    try:
        X, Y, xs, ys = read_csv(data)
    except EngineError:
        return
    assert X.dtype == Y.dtype == np.float64
    assert X.shape == (Y.shape[0], len(xs)) and Y.shape == (X.shape[0], len(ys))
    assert X.shape[0] >= 1 and len(xs) >= 1 and len(ys) >= 1
    assert np.isfinite(X).all() and np.isfinite(Y).all()


CELLS = st.sampled_from(["1", "-2.5", "1e3", " 4 ", "", "x", "nan", "inf", "1e999", '"5"', "y;z", "\ufeff"])
CSV_TEXT = st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_csv_arbitrary_bytes_give_arrays_or_engine_error(data):
    check_csv_result(data)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), CSV_TEXT))
def test_csv_arbitrary_text_give_arrays_or_engine_error(text):
    check_csv_result(text)
    check_csv_result(text.encode("utf-8"))
