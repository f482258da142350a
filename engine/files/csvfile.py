"""A user's CSV file as numbers: numeric columns, the target columns chosen, every fault named.

A single target column of labels is a classification target (see `read_csv`); its classes are
one-hot (a single 0/1 column for two classes), named and sorted as the file's values sort.
"""
import csv
import io
from dataclasses import dataclass

import numpy as np

from engine.core.scenarios.data import MAX_SAMPLES, one_hot
from engine.text.errors import EngineError, shown

MAX_CLASSES = 20  # more distinct whole numbers than this in a target column are a quantity, not labels
MAX_LABEL = 10**9  # whole numbers beyond this in size are identifiers or amounts, not class labels


@dataclass(frozen=True)
class Table:
    X: np.ndarray  # inputs, one sample per row
    Y: np.ndarray  # targets, one sample per row: the numbers, or the classes one-hot (one 0/1 column for two)
    inputs: list  # input column names, in file order
    targets: list  # target column names, in file order
    classes: tuple = ()  # class names, sorted; () when the targets are numbers (regression)


def _show(text, limit=30):
    # cells and names come from the user's file and can be huge; keep messages to one short line
    return shown(text if len(text) <= limit else text[:limit] + "...", limit + 10)


def _listing(names, limit=20):
    listed = ", ".join(f"{j} {_show(s)}" for j, s in enumerate(names[:limit]))
    return listed + (f", ... ({len(names)})" if len(names) > limit else "")


def _decode(data, max_bytes):
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as e:
            raise EngineError("err.csv.surrogate", "csv", at=e.start)
    if not isinstance(data, bytes):
        raise EngineError("err.csv.type", "csv", got=type(data).__name__)
    if len(data) > max_bytes:
        raise EngineError("err.csv.bytes", "csv", size=len(data), high=max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise EngineError("err.csv.utf8", "csv", byte=f"{data[e.start]:02x}", at=e.start)
    return text.removeprefix("\ufeff")


def _records(text, max_rows):
    """(spreadsheet row number, cells) for each row that has any value; blank rows are skipped.
    Reading stops once there are more rows than a header and max_rows data rows: a huge file is
    refused without being parsed whole."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = ";" if ";" in first and "," not in first else ","
    rows, row_no = [], 0
    try:
        for row_no, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if any(c.strip() for c in cells):
                rows.append((row_no, cells))
                if len(rows) > max_rows + 1:
                    raise EngineError("err.csv.too_many_rows", "csv", high=max_rows)
    except csv.Error as e:
        raise EngineError("err.csv.unreadable", "csv", row=row_no + 1, detail=str(e))
    if not rows:
        raise EngineError("err.csv.empty", "csv")
    return rows


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _header(rows):
    """Column names, the data rows and the row whose width the others must have (None: the header's).
    The first row is a header if any cell in it is not a number."""
    row_no, first = rows[0]
    if len(first) < 2:
        raise EngineError("err.csv.one_column", "csv")
    if not any(c.strip() and not _is_number(c) for c in first):
        return [f"c{j}" for j in range(len(first))], rows, row_no
    names, seen = [c.strip() for c in first], {}
    for j, name in enumerate(names, 1):
        if not name:
            raise EngineError("err.csv.empty_name", "csv", row=row_no, col=j)
        if name in seen:
            raise EngineError("err.csv.twice", "csv", name=_show(name), a=seen[name], b=j)
        seen[name] = j
    if len(rows) == 1:
        raise EngineError("err.csv.header_only", "csv")
    return names, rows[1:], None


def _check_rows(rows, width, reference, max_rows):
    if len(rows) > max_rows:
        raise EngineError("err.csv.rows", "csv", got=len(rows), high=max_rows)
    for row_no, cells in rows:
        if len(cells) != width:
            raise EngineError("err.csv.width_header" if reference is None else "err.csv.width_row", "csv",
                              row=row_no, got=len(cells), first=reference, width=width)


def _bad_cell(rows, names):
    """The error for the first cell, in reading order, that float() refuses."""
    for row_no, cells in rows:
        for name, cell in zip(names, cells):
            if not cell.strip():
                return EngineError("err.csv.empty_cell", "csv", row=row_no, col=_show(name))
            if not _is_number(cell):
                return EngineError("err.csv.not_number", "csv", row=row_no, col=_show(name), cell=_show(cell.strip()))


def _numbers(rows, names):
    try:
        values = np.array([[float(c) for c in cells] for _, cells in rows], dtype=np.float64)
    except ValueError:
        raise _bad_cell(rows, names) from None
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        i, j = bad[0]
        row_no, cells = rows[i]
        raise EngineError("err.csv.not_finite", "csv", row=row_no, col=_show(names[j]), cell=_show(cells[j].strip()))
    return values


def _targets(targets, names):
    if targets is None:
        return [len(names) - 1]
    if not isinstance(targets, (list, tuple)) or not targets:
        raise EngineError("err.csv.targets_type", "csv.targets", got=shown(targets))
    chosen = []
    for t in targets:
        is_index = isinstance(t, (int, np.integer)) and not isinstance(t, bool)
        if is_index and 0 <= t < len(names):
            j = int(t)
        elif isinstance(t, str) and t in names:
            j = names.index(t)
        else:
            raise EngineError("err.csv.no_column", "csv.targets", got=shown(t), valid=_listing(names))
        if j in chosen:
            raise EngineError("err.csv.chosen_twice", "csv.targets", name=_show(names[j]))
        chosen.append(j)
    if len(chosen) == len(names):
        raise EngineError("err.csv.all_targets", "csv.targets")
    return sorted(chosen)  # file order: the order columns were clicked in must not change the network


def _columns(rows, names, cols):
    """The rows and names of the columns cols only, so a fault is named by its own column."""
    return [(row_no, [cells[j] for j in cols]) for row_no, cells in rows], [names[j] for j in cols]


def _text_labels(rows, name):
    """Class names (sorted as text) and each row's class index, for a column holding text."""
    cells = [cells[0].strip() for _, cells in rows]
    for (row_no, _), cell in zip(rows, cells):
        if not cell:
            raise EngineError("err.csv.empty_cell", "csv", row=row_no, col=_show(name))
    classes = sorted(set(cells))
    if len(classes) > MAX_CLASSES:
        row_no, cell = next((r, c) for (r, _), c in zip(rows, cells) if not _is_number(c))
        raise EngineError("err.csv.too_many_labels", "csv", col=_show(name), n=len(classes), high=MAX_CLASSES,
                          row=row_no, cell=_show(cell))
    if len(classes) < 2:
        raise EngineError("err.csv.one_label", "csv", col=_show(name), cell=_show(classes[0]))
    return classes, np.searchsorted(classes, cells)


def _number_labels(column):
    """Class names (sorted as numbers) and indices when a column holds 2..MAX_CLASSES distinct whole
    numbers of at most MAX_LABEL in size; None for any other column of numbers, which stays a
    regression target."""
    values = np.unique(column)
    if not 2 <= values.size <= MAX_CLASSES or np.any(values != np.round(values)) \
            or np.abs(values).max() > MAX_LABEL:
        return None
    return [str(int(v)) for v in values], np.searchsorted(values, column)


def _targets_of(rows, names):
    """Y and the class names of the target columns (already cut out of the rows)."""
    if len(names) == 1 and not all(_is_number(cells[0]) for _, cells in rows):
        found = _text_labels(rows, names[0])
    else:
        Y = _numbers(rows, names)
        found = _number_labels(Y[:, 0]) if len(names) == 1 else None
        if found is None:
            return Y, ()
    classes, index = found
    Y = index.astype(np.float64).reshape(-1, 1) if len(classes) == 2 else one_hot(index, len(classes))
    return Y, tuple(classes)


def read_csv(data: bytes | str, targets: list[str | int] | None = None, max_rows: int = MAX_SAMPLES,
             max_bytes: int = 5 * 2**20) -> Table:
    """Inputs, targets and their names from an uploaded CSV; targets default to the last column.

    Cells are separated by commas; a file whose first line has semicolons and no comma is read with
    semicolons instead (decimal commas such as 1,5 are not numbers). Rows with no values are skipped
    but still counted, so row numbers in messages match a spreadsheet's.

    Target columns are taken in file order, whatever order they were chosen in. A single target
    column holds class labels when any cell in it is text, or when it holds 2 to MAX_CLASSES distinct
    values that are all whole numbers (0/1/2, -1/1, 1.0/2.0); several target columns are always
    numbers (regression), as is a single column of other numbers.
    """
    rows = _records(_decode(data, max_bytes), max_rows)
    names, rows, reference = _header(rows)
    _check_rows(rows, len(names), reference, max_rows)
    chosen = _targets(targets, names)
    inputs = [j for j in range(len(names)) if j not in chosen]
    X = _numbers(*_columns(rows, names, inputs))
    Y, classes = _targets_of(*_columns(rows, names, chosen))
    return Table(X, Y, [names[j] for j in inputs], [names[j] for j in chosen], classes)
