"""A user's CSV file as numbers: numeric columns, the target columns chosen, every fault named."""
import csv
import io
import math

import numpy as np

from .errors import EngineError
from .data import MAX_SAMPLES


def _show(text, limit=30):
    # cells and names come from the user's file and can be huge; keep messages to one short line
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _listing(names, limit=20):
    shown = ", ".join(f"{j} {_show(s)}" for j, s in enumerate(names[:limit]))
    return shown + (f", ... ({len(names)} columns)" if len(names) > limit else "")


def _decode(data, max_bytes):
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as e:
            raise EngineError(f"the text holds a lone surrogate at character {e.start}, not valid Unicode", "csv")
    if not isinstance(data, bytes):
        raise EngineError(f"need the file's bytes or text, got {type(data).__name__}", "csv")
    if len(data) > max_bytes:
        raise EngineError(f"the file is {len(data)} bytes; at most {max_bytes} are allowed", "csv")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise EngineError(f"the file is not UTF-8 text: byte 0x{data[e.start]:02x} at byte offset {e.start} "
                          "(save it as UTF-8 CSV)", "csv")
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
                    raise EngineError(f"the file has more than {max_rows} data rows; at most {max_rows} "
                                      "are allowed", "csv")
    except csv.Error as e:
        raise EngineError(f"row {row_no + 1}: not readable as CSV ({e})", "csv")
    if not rows:
        raise EngineError("the file is empty", "csv")
    return rows


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _header(rows):
    """Column names and the data rows; the first row is a header if any cell in it is not a number."""
    row_no, first = rows[0]
    if len(first) < 2:
        raise EngineError("need at least one input column and one target column; the file has only 1 column",
                          "csv")
    if not any(c.strip() and not _is_number(c) for c in first):
        return [f"c{j}" for j in range(len(first))], rows, f"row {row_no} has"
    names, seen = [c.strip() for c in first], {}
    for j, name in enumerate(names, 1):
        if not name:
            raise EngineError(f"row {row_no}, column {j}: empty column name", "csv")
        if name in seen:
            raise EngineError(f"column name {_show(name)} appears twice (columns {seen[name]} and {j}); "
                              "names must be unique", "csv")
        seen[name] = j
    if len(rows) == 1:
        raise EngineError("the file has only a header row and no data rows", "csv")
    return names, rows[1:], "the header has"


def _check_rows(rows, width, reference, max_rows):
    if len(rows) > max_rows:
        raise EngineError(f"the file has {len(rows)} data rows; at most {max_rows} are allowed", "csv")
    for row_no, cells in rows:
        if len(cells) != width:
            raise EngineError(f"row {row_no} has {len(cells)} cells, {reference} {width}", "csv")


def _bad_cell(rows, names):
    """The error for the first cell, in reading order, that float() refuses."""
    for row_no, cells in rows:
        for name, cell in zip(names, cells):
            where = f"row {row_no}, column {_show(name)}"
            if not cell.strip():
                return EngineError(f"{where}: empty cell", "csv")
            if not _is_number(cell):
                return EngineError(f"{where}: {_show(cell.strip())} is not a number", "csv")


def _numbers(rows, names):
    try:
        values = np.array([[float(c) for c in cells] for _, cells in rows], dtype=np.float64)
    except ValueError:
        raise _bad_cell(rows, names) from None
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        i, j = bad[0]
        row_no, cells = rows[i]
        raise EngineError(f"row {row_no}, column {_show(names[j])}: {_show(cells[j].strip())} "
                          "is not a finite number", "csv")
    return values


def _targets(targets, names):
    if targets is None:
        return [len(names) - 1]
    if not isinstance(targets, (list, tuple)) or not targets:
        raise EngineError(f"must be a non-empty list of column names or 0-based indices, got {targets!r}",
                          "csv.targets")
    chosen = []
    for t in targets:
        is_index = isinstance(t, (int, np.integer)) and not isinstance(t, bool)
        if is_index and 0 <= t < len(names):
            j = int(t)
        elif isinstance(t, str) and t in names:
            j = names.index(t)
        else:
            raise EngineError(f"no column {t!r}; columns: {_listing(names)}", "csv.targets")
        if j in chosen:
            raise EngineError(f"column {_show(names[j])} is chosen twice", "csv.targets")
        chosen.append(j)
    if len(chosen) == len(names):
        raise EngineError("every column is a target; leave at least one input column", "csv.targets")
    return chosen


def read_csv(data: bytes | str, targets: list[str | int] | None = None, max_rows: int = MAX_SAMPLES,
             max_bytes: int = 5 * 2**20) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """X, Y, input names and target names from an uploaded CSV; targets default to the last column.

    Cells are separated by commas; a file whose first line has semicolons and no comma is read with
    semicolons instead (decimal commas such as 1,5 are not numbers). Rows with no values are skipped
    but still counted, so row numbers in messages match a spreadsheet's.
    """
    rows = _records(_decode(data, max_bytes), max_rows)
    names, rows, reference = _header(rows)
    _check_rows(rows, len(names), reference, max_rows)
    chosen = _targets(targets, names)
    values = _numbers(rows, names)
    taken = set(chosen)
    inputs = [j for j in range(len(names)) if j not in taken]
    return values[:, inputs], values[:, chosen], [names[j] for j in inputs], [names[j] for j in chosen]
