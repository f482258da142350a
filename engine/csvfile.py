"""A user's CSV file as numbers: numeric columns, the target columns chosen, every fault named."""
import csv
import io

import numpy as np

from .errors import EngineError, shown
from .data import MAX_SAMPLES


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
