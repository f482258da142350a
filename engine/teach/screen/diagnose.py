"""Diagnostics of one step: saturated and dead units, vanishing and exploding gradients.

Unit rules (saturated, dead) judge a set of samples: the whole training set when `X` is given
(evaluated with the weights the step started from), else the step's own samples. One sample says
little about a unit: any ReLU is off for about half of the inputs, so with one-sample steps pass X.
- saturated: a sigmoid or tanh unit whose median g'(z) over the judged samples is below SATURATED_DZ,
  i.e. it is saturated for most of them (for a single sample: for that sample).
- dead: a ReLU unit with z <= 0 for every judged sample; no weight into it can get a gradient.
Gradient rules use the data part of dJ/dW[l] (the L2 term lambda/m W does not travel between
layers, so it would hide a vanishing signal), compared with the layers above it: backprop multiplies
one factor per layer, and the trouble is the product, which neighbouring layers alone may not show.
"""
from dataclasses import dataclass

import numpy as np

from engine.core.maths.backprop import forward
from engine.core.maths.network import Net
from engine.core.stepping.stepper import StepRecord
from engine.teach.textbook import notation as nota
from engine.text.errors import EngineError
from engine.text.i18n import text
from engine.text.numformat import rounded

# sigmoid' < 0.01 means |z| > 4.6 (25x below its peak 0.25), tanh' < 0.01 means |z| > 3.0: the
# delta passing back through the unit is cut by that factor at every step
SATURATED_DZ = 0.01
# one learning rate for all layers: a layer whose gradient is 100x smaller than a layer above it
# moves 100x slower, so in the steps the layer above takes to settle it has hardly moved (1/1000,
# the old threshold, let a deep sigmoid net's nearly frozen first layers pass unflagged)
VANISH_RATIO = 1e-2
EXPLODE_RATIO = 1e2  # the mirror image: 100x larger than a layer above it
# with the usual learning rates 0.01..1 a gradient this large moves weights by 10..1000 per step,
# far beyond the scale of initial weights (~1)
EXPLODE_NORM = 1e3
# gradients below this are no signal (a minimum, or silent layers above): no ratio is judged against them
SIGNAL_FLOOR = 1e-8
MAX_JUDGED = 512  # samples of X judged, spread evenly: bounds memory at widths up to 1024


# the threshold each message states beside the value it judged
LIMITS = {"diag.vanishing": VANISH_RATIO, "diag.exploding": EXPLODE_RATIO, "diag.exploding_norm": EXPLODE_NORM,
          "diag.saturated": SATURATED_DZ, "diag.dead": 0.0}


@dataclass(frozen=True)
class Finding:
    kind: str  # "saturated", "dead", "vanishing" or "exploding"
    layer: int  # 1-based layer l
    neuron: int | None  # 0-based neuron j for unit findings, None for a layer's gradient
    value: float  # median g'(z) / largest z / the gradient norm ||dJ/dW[l]||
    ratio: float | None = None  # norm / largest (vanishing) or smallest (exploding) norm above, else None


@dataclass(frozen=True)
class Report:
    judged: int  # samples the unit rules judged
    saturated: list  # saturated[l-1]: sorted neuron indices of layer l (empty if none or not sigmoid/tanh)
    dead: list  # dead[l-1]: sorted neuron indices of ReLU layer l with z <= 0 on every judged sample
    norms: tuple  # norms[l-1]: Frobenius norm of the data part of dJ/dW[l]
    ratio: list  # ratio[l-1] = norms[l-1] / norms[l]; None for the output layer or a zero norm above
    vanishing: list  # vanishing[l-1]: layer l's gradient vanishes (bool)
    exploding: list  # exploding[l-1]: layer l's gradient explodes (bool)
    findings: list  # every Finding, layer by layer from the input side

    def messages(self, lang: str = "en", notation="engine", digits: int = 3) -> list[str]:
        return [message(f, lang, notation, digits) for f in self.findings]


def message(finding: Finding, lang: str = "en", notation="engine", digits: int = 3) -> str:
    """The finding in words: the unit or the layer's gradient named in the notation (Markdown with
    LaTeX), its value and, for a gradient, its ratio to the layers above, to `digits` digits."""
    nt, f = nota.get(notation), finding
    num = lambda v: rounded(v, digits)
    if f.neuron is not None:
        name = f"${nota.name(nt, 'a', f.layer, f.neuron)}$"
    else:
        name = rf"$\lVert {nota.name(nt, 'dW', f.layer)} \rVert$"
    key = "diag.exploding_norm" if f.kind == "exploding" and f.ratio is None else f"diag.{f.kind}"
    return text(lang, key, layer=nota.layer(nt, f.layer), name=name, value=num(f.value),
                ratio=None if f.ratio is None else num(f.ratio), limit=f"{LIMITS[key]:g}")


def _judged_z(rec: StepRecord, net: Net, X):
    if X is None:
        return rec.z
    cols = X[:, np.linspace(0, X.shape[1] - 1, min(MAX_JUDGED, X.shape[1])).astype(int)]
    return forward(net, rec.W_before, rec.b_before, cols)[0]


def _units(net: Net, z):
    """Per layer: saturated and dead neuron indices, and the Findings about them."""
    none = np.array([], dtype=int)
    saturated, dead, findings = [], [], []
    for l, (zl, g) in enumerate(zip(z, net.acts)):
        # a loss whose delta[L] is computed without g'(z[L]) spares a saturated output: it still learns
        spared = l == net.L - 1 and not net.loss.keeps_slope
        dz = np.median(g.dz(zl), axis=1) if g.saturates and not spared else None
        top = zl.max(axis=1)
        saturated.append(none if dz is None else np.flatnonzero(dz < SATURATED_DZ))
        dead.append(np.flatnonzero(top <= 0) if g.dies else none)
        findings += [Finding("saturated", l + 1, int(j), float(dz[j])) for j in saturated[-1]]
        findings += [Finding("dead", l + 1, int(j), float(top[j])) for j in dead[-1]]
    return saturated, dead, findings


def _flags(norms):
    """Vanishing and exploding per layer, and the Findings about them."""
    vanishing, exploding, findings = [], [], []
    for l, n in enumerate(norms):
        above = norms[l + 1:]
        top = max(above, default=0.0)
        low = min(above, default=0.0)
        van = top >= SIGNAL_FLOOR and n < VANISH_RATIO * top
        exp = n > EXPLODE_NORM or (low >= SIGNAL_FLOOR and n > EXPLODE_RATIO * low)
        vanishing.append(van)
        exploding.append(exp)
        if van:
            findings.append(Finding("vanishing", l + 1, None, n, n / top))
        if exp:
            findings.append(Finding("exploding", l + 1, None, n, n / low if low >= SIGNAL_FLOOR else None))
    return vanishing, exploding, findings


def diagnose(rec: StepRecord, net: Net, X=None) -> Report:
    """The diagnostics of a full step record; X (columns are samples) widens the unit rules to it."""
    if not rec.full:
        raise EngineError("err.step.summary_only", "step")
    m = rec.X.shape[1]
    norms = tuple(float(np.linalg.norm(g - (net.lam / m) * w)) for g, w in zip(rec.dW, rec.W_before))
    ratio = [n / up if up > 0 else None for n, up in zip(norms, norms[1:])] + [None]
    with np.errstate(over="ignore", invalid="ignore"):  # huge z from explosive weights judge as huge
        z = _judged_z(rec, net, X)
        saturated, dead, unit_findings = _units(net, z)
    vanishing, exploding, grad_findings = _flags(norms)
    findings = sorted(unit_findings + grad_findings, key=lambda f: f.layer)
    return Report(z[0].shape[1], saturated, dead, norms, ratio, vanishing, exploding, findings)
