"""Reading a user's CSV: the numbers, the target columns chosen, and a message for each kind of fault."""
import csv
from dataclasses import astuple

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from engine.core.scenarios import scenario

from engine.files import csvfile
from engine.files.csvfile import MAX_CLASSES, read_csv
from engine.text.errors import EngineError
from ui.query import codec


def test_csv_with_header_default_target_is_last_column():
    X, Y, xs, ys, classes = astuple(read_csv(b"x1,x2,y\n1,2,3.5\n4.5,-5e0, 6 \n"))
    assert xs == ["x1", "x2"] and ys == ["y"] and classes == ()
    assert np.array_equal(X, [[1, 2], [4.5, -5]]) and np.array_equal(Y, [[3.5], [6]])


def test_csv_without_header_names_columns_and_targets_by_index_or_name():
    X, Y, xs, ys, _ = astuple(read_csv("1,2,3\n4,5,6\n", targets=[0, "c2"]))
    assert xs == ["c1"] and ys == ["c0", "c2"]
    assert np.array_equal(X, [[2], [5]]) and np.array_equal(Y, [[1, 3], [4, 6]])


def test_csv_bom_crlf_quotes_and_blank_rows():
    X, Y, xs, ys, _ = astuple(read_csv(b'\xef\xbb\xbf"a",b\r\n"1",2.5\r\n\r\n,\r\n3,4\r\n'))
    assert xs == ["a"] and np.array_equal(Y, [[2.5], [4]])


def test_csv_semicolons_when_first_line_has_no_comma():
    X, Y, xs, ys, _ = astuple(read_csv("a;b;c\n1;2;3\n"))
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
    assert read_csv(b"a,b\n1,2\n3,4\n", max_rows=2).X.shape == (2, 1)
    assert read_csv(b"a,b\n1,2\n\n\n3,4\n", max_rows=2).X.shape == (2, 1)  # blank rows are not data


@pytest.mark.slow  # a million rows
def test_a_million_row_csv_is_refused_without_parsing_it_whole(monkeypatch):
    data = b"x,y\n" + b"1.5,2\n" * 1_000_000  # 6 MB, under a raised byte limit
    parsed, reader = [], csv.reader

    def counting(*args, **kwargs):  # the rows the CSV parser handed over: the work done
        for row in reader(*args, **kwargs):
            parsed.append(1)
            yield row
    monkeypatch.setattr(csvfile.csv, "reader", counting)
    with pytest.raises(EngineError, match=r"more than 100000 data rows"):
        read_csv(data, max_bytes=64 * 2**20)
    assert len(parsed) == 100_002  # the header, the allowed rows and the one too many; not a million


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
        X, Y, xs, ys, classes = astuple(read_csv(data))
    except EngineError:
        return
    assert X.dtype == Y.dtype == np.float64
    outputs = len(classes) if len(classes) > 2 else len(ys)  # two classes share one 0/1 column
    assert X.shape == (Y.shape[0], len(xs)) and Y.shape == (X.shape[0], outputs)
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


# --- a single target column of labels is a classification target -------------------------------

def test_whole_number_labels_become_one_hot_columns_in_numeric_order():
    table = read_csv(b"x1,x2,label\n0.1,0.2,2\n0.3,0.4,0\n0.5,0.6,1\n0.7,0.8,2\n")
    assert table.classes == ("0", "1", "2") and table.targets == ["label"]
    assert np.array_equal(table.Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert np.array_equal(read_csv(b"x,y\n1,10\n2,-1\n3,2.0\n").classes, ("-1", "2", "10"))  # not as text


def test_text_labels_are_sorted_as_text_and_two_classes_make_one_0_1_column():
    table = read_csv("x,animal\n1,dog\n2, cat\n3,bird\n4,cat\n")
    assert table.classes == ("bird", "cat", "dog")
    assert np.array_equal(table.Y, [[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 1, 0]])
    two = read_csv("x,answer\n1,yes\n2,no\n3,yes\n")
    assert two.classes == ("no", "yes") and np.array_equal(two.Y, [[1], [0], [1]])


@pytest.mark.parametrize("column", [["0.5", "1", "2"], [str(k) for k in range(MAX_CLASSES + 1)], ["3", "3"],
                                    ["1", "12345678901"]])
def test_other_numbers_in_one_target_column_stay_a_regression_target(column):
    table = read_csv("x,y\n" + "".join(f"{i},{v}\n" for i, v in enumerate(column)))
    assert table.classes == () and np.array_equal(table.Y[:, 0], [float(v) for v in column])


def test_the_order_target_columns_are_chosen_in_does_not_matter():
    data = b"a,y1,b,y2\n1,0.5,2,3\n4,5,6,7.5\n"
    one, other = read_csv(data, ["y2", "y1"]), read_csv(data, ["y1", 3])
    assert one.targets == other.targets == ["y1", "y2"] and one.classes == ()
    assert np.array_equal(one.Y, other.Y) and np.array_equal(one.Y, [[0.5, 3], [5, 7.5]])


@pytest.mark.parametrize("data, targets, message", [
    ("x,y\n" + "".join(f"{i},c{i}\n" for i in range(MAX_CLASSES + 1)), None,
     rf'column "y" holds {MAX_CLASSES + 1} different values, some of them text \(row 2: "c0"\); .* at most 20'),
    ("x,y\n1,cat\n2,cat\n", None, r'column "y" holds only the label "cat"; classification needs at least 2'),
    ("x,y\n1,cat\n2,\n", None, r'row 3, column "y": empty cell'),
    ("x,y\nnine,cat\n2,dog\n", None, r'row 2, column "x": "nine" is not a number'),
    ("x,y,z\n1,cat,2\n2,dog,3\n", ["y", "z"], r'row 2, column "y": "cat" is not a number'),  # labels: one column
])
def test_label_columns_that_cannot_be_read_are_refused_with_their_own_message(data, targets, message):
    with pytest.raises(EngineError, match=message):
        read_csv(data, targets)


def test_a_label_table_picks_its_output_and_loss_and_keeps_its_class_names():
    for data, out, act, loss in ((b"x,y\n1,0\n2,1\n3,2\n", 3, "softmax", "softmax_cross_entropy"),
                                 (b"x,y\n1,no\n2,yes\n", 1, "sigmoid", "cross_entropy")):
        table = read_csv(data)
        sc = scenario.parse(codec.with_table(codec.DEFAULT, table))
        assert (sc.net.layers[-1], sc.net.acts[-1].name, sc.net.loss.name) == (out, act, loss)
        assert sc.classes == table.classes
    numbers = codec.with_table(codec.DEFAULT, read_csv(b"x,y\n1,0.5\n2,7.5\n"))
    assert (numbers["activations"][-1], numbers["loss"], "classes" in numbers) == ("sigmoid", "squared_error", False)


@pytest.mark.parametrize("names", [["a"], ["a", "a"], ["a", ""], ["a", "b", "c"], "ab", [1, 2]])
def test_a_scenario_refuses_class_names_that_do_not_fit_its_outputs(names):
    src = codec.with_table(codec.DEFAULT, read_csv(b"x,y\n1,no\n2,yes\n"))
    with pytest.raises(EngineError, match="needs 2 different, non-empty class names") as info:
        scenario.parse({**src, "classes": names})
    assert info.value.field == "classes"
