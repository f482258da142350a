"""The one training loop: whole steps taken one after the other, as the Train page and a run made in
one click (engine/files/runs.py) take them, and the point a training log keeps after a step."""
from engine.text.errors import NonFiniteError


def point(stepper) -> dict:
    """The costs and accuracies of the stepper's current weights on both sets, at its step."""
    train, acc = stepper.evaluate(stepper.sc.X, stepper.sc.Y)
    test, acc_test = stepper.evaluate(stepper.sc.X_test, stepper.sc.Y_test)
    return {"step": len(stepper.records), "train": train, "test": test, "acc_train": acc, "acc_test": acc_test}


def log_point(stepper, log: list):
    """Append the stepper's point to log unless its step is logged already."""
    if not log or log[-1]["step"] != len(stepper.records):
        log.append(point(stepper))


class Training:
    """Up to `total` whole steps on a stepper, iterated: each item is the number of steps done so far,
    so the caller logs, draws progress or stops between two steps. A step that goes non-finite ends
    the loop with what was reached; its error is kept in `failed` (None when all were taken)."""

    def __init__(self, stepper, total: int):
        self.stepper, self.total = stepper, total
        self.done, self.failed = 0, None

    def __iter__(self):
        while self.done < self.total:
            try:
                self.stepper.step()
            except NonFiniteError as exc:
                self.failed = exc
                return
            self.done += 1
            yield self.done
