"""How every number is written for people, in one place: rounded to the significant digits the
user chose (the sidebar's setting; tables, figures and messages all go through rounded() or
column_format()), or exact, the shortest text that reads back as the same float (hovers, files).

Pure formatting: engine, viz and ui all use it, so nothing can drift to a digit count of its own."""

# a relative error is read against a tolerance: its order and first digit are all that matter, and a
# short number keeps the gradient check's table narrow
ERROR_DIGITS = 2


def rounded(v, digits: int) -> str:
    """v to `digits` significant digits, as plain text (1e-05 style for tiny and huge values)."""
    return f"{float(v):.{digits}g}"


def exact(v) -> str:
    """The shortest text that reads back bit-identical."""
    return repr(float(v))


def column_format(digits: int) -> str:
    """The printf format Streamlit's table columns take for rounded()'s output."""
    return f"%.{digits}g"
