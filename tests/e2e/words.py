"""The English texts the browser tests expect, from the same catalogue the app reads."""
from engine.text import i18n


def en(key, **fields):
    return i18n.text("en", key, **fields)


def step_line(steps) -> str:
    """The start of the Step page's phase line at this step, as the browser shows it ("Step 3 ·")."""
    return f"{en('step.step_no')} {steps} ·"


def trace_line(step) -> str:
    """The start of the Trace page's summary of this step, as the browser shows it ("Step 51:")."""
    return en("trace.summary", step=step, m="", samples="", J="").split(":")[0].replace("**", "") + ":"
