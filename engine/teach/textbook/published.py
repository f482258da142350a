"""Numbers a source prints, set against what the engine computes for the same scenario.

Matt Mazur, "A Step by Step Backpropagation Example" (2015). His names map onto the engine's as
net_h1 = z[1][0], out_h = a[1], out_o = a[2]; his w1..w4 are W[1] read row by row (w1 = W[1][0,0]
from i1 to h1, w2 = W[1][0,1] from i2 to h1, w3 = W[1][1,0], w4 = W[1][1,1]) and w5..w8 are W[2]
likewise (w5 = W[2][0,0] from h1 to o1, ..., w8 = W[2][1,1] from h2 to o2). A trailing + is his mark
for "after one update".
"""
from typing import NamedTuple

import numpy as np

from engine.core.maths.backprop import cost, forward, gradients, update
from engine.core.stepping.stepper import compute_step
from engine.text.errors import EngineError
from engine.text.i18n import text

LONG_RUN = 10_000  # updates after which he reports the loss a second time

MAZUR_PUBLISHED = {  # his quantity -> his value, exactly as printed
    "net_h1": "0.3775", "out_h1": "0.593269992", "out_h2": "0.596884378", "out_o1": "0.75136507",
    "out_o2": "0.772928465", "E_total": "0.298371109",
    "w5+": "0.35891648", "w6+": "0.408666186", "w7+": "0.511301270", "w8+": "0.561370121",
    "w1+": "0.149780716", "w2+": "0.19956143", "w3+": "0.24975114", "w4+": "0.29950229",
    "E_total+": "0.291027924", f"E_total+{LONG_RUN}": "0.0000351085",
}

FIRST_STEP = {  # his quantity -> its value in the engine's first step record r (0-based layer lists)
    "net_h1": lambda r: r.z[0][0, 0], "out_h1": lambda r: r.a[1][0, 0], "out_h2": lambda r: r.a[1][1, 0],
    "out_o1": lambda r: r.a[2][0, 0], "out_o2": lambda r: r.a[2][1, 0], "E_total": lambda r: r.J,
    **{f"w{4 * l + 2 * j + k + 1}+": (lambda r, l=l, j=j, k=k: r.W_after[l][j, k])
       for l in (0, 1) for j in (0, 1) for k in (0, 1)},
}

NOTES = {  # his quantity -> catalogue key (published.mazur.<kind>) of why it may differ
    "net_h1": "bias", "E_total": "total", **{f"w{i}+": "output" for i in (5, 6, 7, 8)},
    **{f"w{i}+": "hidden" for i in (1, 2, 3, 4)}, "E_total+": "after_one", f"E_total+{LONG_RUN}": "after_many",
}


class Row(NamedTuple):
    quantity: str  # his symbol, e.g. "w5+"
    published: str  # his value exactly as printed (so its last digit shows his precision)
    computed: float  # the engine's value for the same quantity
    note: str  # why the two may differ, in the chosen language; "" when nothing needs saying

    @property
    def agrees(self) -> bool:
        """Equal to within one unit of his last printed digit."""
        unit = 10.0 ** -len(self.published.partition(".")[2])
        return abs(self.computed - float(self.published)) <= unit


def loss_after(sc, n: int) -> float:
    """The cost J on all training samples after n whole-batch updates from the scenario's start."""
    W, b, state = list(sc.W), list(sc.b), sc.start_state()
    for t in map(sc.update_number, range(n)):
        lr = sc.lr_at(t)
        *_, dW, db = gradients(sc.net, W, b, sc.X, sc.Y, lr, sc.update_order)
        W, b, state = update(W, b, dW, db, lr, sc.freeze_biases, sc.rule, state, t)
    z, a = forward(sc.net, W, b, sc.X)
    return cost(sc.net, W, z, a, sc.Y)[1]


def check_fits(sc):
    """Refuse (EngineError) a scenario that is not his 2-2-2 network on one training sample."""
    if sc.net.layers != (2, 2, 2) or sc.X.shape[1] != 1:
        raise EngineError("err.published.mazur", "layers", layers=list(sc.net.layers), m=sc.X.shape[1])


def compare(stepper_or_scenario, lang: str = "en", after_many: float | None = None) -> list[Row]:
    """Every number Mazur prints beside the engine's, for the scenario's first step from its start.

    Uses the scenario as configured (update order, frozen biases, learning rate), so switching those
    shows which of his numbers depend on them. after_many: loss_after(sc, LONG_RUN) when the caller
    already has it (the run takes about half a second), else it is computed here.
    """
    sc = getattr(stepper_or_scenario, "sc", stepper_or_scenario)
    check_fits(sc)
    rec = compute_step(sc, list(sc.W), list(sc.b), np.arange(1), 0, 1)
    computed = {q: float(get(rec)) for q, get in FIRST_STEP.items()}
    computed["E_total+"] = loss_after(sc, 1)
    computed[f"E_total+{LONG_RUN}"] = loss_after(sc, LONG_RUN) if after_many is None else float(after_many)
    return [Row(q, printed, computed[q], text(lang, f"published.mazur.{NOTES[q]}") if q in NOTES else "")
            for q, printed in MAZUR_PUBLISHED.items()]
