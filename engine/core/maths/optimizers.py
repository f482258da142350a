"""Optimiser registry: how the update turns a gradient into a step, keyed by the name users choose.

Each rule is PyTorch's (torch.optim.SGD, RMSprop, Adam with their other options at their defaults),
written as shared/CONVENTIONS.md states it, so results check against PyTorch. It updates one
parameter array p (a W[l] or a b[l]) from its gradient g, the state it keeps for that array and t,
the number of this update counting from 1; it returns the new array and the new state, and never
changes its arguments. The state starts at zero. The L2 term stays inside J (the gradient holds
it), so there is no separate weight decay.

The learning rate is written \\eta in the formulas: RMSprop's smoothing is PyTorch's alpha.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from engine.core.maths.backprop import descend
from engine.core.maths.settings import Field


@dataclass(frozen=True)
class Optimizer:
    name: str  # the user-facing name, also the registry key
    rule: Callable  # (p, g, state, t, lr, **settings) -> (new p, new state) for one parameter array
    state: tuple[str, ...]  # what it keeps per parameter array, each an array like p starting at zero
    fields: dict  # its settings: field name -> Field (default, range, LaTeX symbol)
    formula: str  # LaTeX of the rule
    label: str  # catalogue key of its name
    help: str  # catalogue key of one sentence on what it does
    output_first: bool  # its update is W - lr dW, which is what update_order output_first assumes
    explain: Callable | None = None  # (p, g, before, after, t, lr, new, **settings) -> [Quantity] for one
    # entry of a parameter array, from its state before and after the update; None: the update is p - lr g


@dataclass(frozen=True)
class Quantity:
    """One line of an optimiser's update of one weight or bias, for engine.teach.worked.formulas to name and number."""
    key: str  # what it is: its caption is the catalogue key <label>.<key>
    lhs: str  # LaTeX name; @p stands for the parameter's name in the chosen notation
    rule: str  # LaTeX in names, g_t the gradient; @p and @lr stand for the notation's parameter and lr
    numbers: str  # the rule with a # where each value of used goes, in order
    used: tuple  # the engine's values substituted
    value: float  # the engine's value of the quantity
    arrow: bool = False  # the update of the parameter itself: lhs <- rule


def momentum(p, g, s, t, lr, momentum, nesterov):
    # PyTorch starts the buffer as a copy of g (mu 0 + g would differ in the sign of a zero); a copy, not
    # g itself, also makes every step's record hold alike, as the memory count assumes (Stepper._compute)
    v = g.copy() if t == 1 else momentum * s["v"] + g
    return p - lr * (g + momentum * v if nesterov else v), {"v": v}


def explain_momentum(p, g, before, after, t, lr, new, momentum, nesterov):
    v = after["v"]
    first = Quantity("v", "v_t", "g_t", "", (), v) if t == 1 else \
        Quantity("v", "v_t", r"\mu\,v_{t-1} + g_t", r"# \cdot # + #", (momentum, before["v"], g), v)
    step = (r"@p - @lr\,(g_t + \mu\,v_t)", r"# - # \cdot (# + # \cdot #)", (p, lr, g, momentum, v)) if nesterov \
        else (r"@p - @lr\,v_t", r"# - # \cdot #", (p, lr, v))
    return [first, Quantity("step", "@p", *step, new, arrow=True)]


def rmsprop(p, g, s, t, lr, alpha, eps):
    sq = alpha * s["s"] + (1 - alpha) * (g * g)
    return p - lr * g / (np.sqrt(sq) + eps), {"s": sq}


def explain_rmsprop(p, g, before, after, t, lr, new, alpha, eps):
    s = after["s"]
    return [Quantity("s", "s_t", r"\alpha\,s_{t-1} + (1 - \alpha)\,g_t^2", r"# \cdot # + (1 - #) \cdot #^2",
                     (alpha, before["s"], alpha, g), s),
            Quantity("step", "@p", r"@p - @lr\,\frac{g_t}{\sqrt{s_t} + \epsilon}", r"# - # \cdot \frac{#}{\sqrt{#} + #}",
                     (p, lr, g, s, eps), new, arrow=True)]


def adam(p, g, s, t, lr, beta1, beta2, eps):
    m = beta1 * s["m"] + (1 - beta1) * g
    v = beta2 * s["v"] + (1 - beta2) * (g * g)
    m_hat = m / (1 - beta1 ** t)  # the bias corrections: m and v start at zero
    v_hat = v / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v}


def explain_adam(p, g, before, after, t, lr, new, beta1, beta2, eps):
    m, v = after["m"], after["v"]
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)  # as adam() computes them, so the same bits
    return [Quantity("m", "m_t", r"\beta_1 m_{t-1} + (1 - \beta_1)\,g_t", r"# \cdot # + (1 - #) \cdot #",
                     (beta1, before["m"], beta1, g), m),
            Quantity("v", "v_t", r"\beta_2 v_{t-1} + (1 - \beta_2)\,g_t^2", r"# \cdot # + (1 - #) \cdot #^2",
                     (beta2, before["v"], beta2, g), v),
            Quantity("m_hat", r"\hat m_t", r"\frac{m_t}{1 - \beta_1^{t}}", r"\frac{#}{1 - #^{#}}", (m, beta1, t), m_hat),
            Quantity("v_hat", r"\hat v_t", r"\frac{v_t}{1 - \beta_2^{t}}", r"\frac{#}{1 - #^{#}}", (v, beta2, t), v_hat),
            Quantity("step", "@p", r"@p - @lr\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
                     r"# - # \cdot \frac{#}{\sqrt{#} + #}", (p, lr, m_hat, v_hat, eps), new, arrow=True)]


EPS = Field(1e-8, 0.0, 1.0, open="low", symbol=r"\epsilon")  # above 0: no 0/0 where a gradient is 0
BETA = r"\beta_{}"

OPTIMIZERS = {
    "sgd": Optimizer(
        "sgd", descend, (), {}, r"p \leftarrow p - \eta\,g",
        "optimizer.sgd", "optimizer.sgd.help", output_first=True),
    "momentum": Optimizer(
        "momentum", momentum, ("v",),
        {"momentum": Field(0.9, 0.0, 1.0, symbol=r"\mu"), "nesterov": Field(False, kind="flag")},
        r"v \leftarrow \mu\,v + g \;(v_1 = g), \quad p \leftarrow p - \eta\,v"
        r" \quad \bigl(\mathrm{Nesterov}: p \leftarrow p - \eta\,(g + \mu\,v)\bigr)",
        "optimizer.momentum", "optimizer.momentum.help", output_first=False, explain=explain_momentum),
    "rmsprop": Optimizer(
        "rmsprop", rmsprop, ("s",), {"alpha": Field(0.99, 0.0, 1.0, symbol=r"\alpha"), "eps": EPS},
        r"s \leftarrow \alpha\,s + (1 - \alpha)\,g^2, \quad p \leftarrow p - \eta\,\frac{g}{\sqrt{s} + \epsilon}",
        "optimizer.rmsprop", "optimizer.rmsprop.help", output_first=False, explain=explain_rmsprop),
    "adam": Optimizer(
        "adam", adam, ("m", "v"),
        {"beta1": Field(0.9, 0.0, 1.0, open="high", symbol=BETA.format(1)),
         "beta2": Field(0.999, 0.0, 1.0, open="high", symbol=BETA.format(2)), "eps": EPS},
        r"m \leftarrow \beta_1 m + (1 - \beta_1)\,g, \quad v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2, \quad"
        r" \hat m = \frac{m}{1 - \beta_1^t}, \quad \hat v = \frac{v}{1 - \beta_2^t}, \quad"
        r" p \leftarrow p - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon}",
        "optimizer.adam", "optimizer.adam.help", output_first=False, explain=explain_adam),
}
DEFAULT = "sgd"  # when a scenario names no optimiser


def zero_state(opt: Optimizer, W, b) -> dict:
    """The state before the first update: per layer, for W and for b, each kept array at zero."""
    return {"W": [{k: np.zeros_like(p) for k in opt.state} for p in W],
            "b": [{k: np.zeros_like(p) for k in opt.state} for p in b]}


def state_lists(state: dict) -> dict:
    """The state as JSON writes it: the same nesting, lists for arrays."""
    return {side: [{k: arr.tolist() for k, arr in kept.items()} for kept in layers] for side, layers in state.items()}


def state_arrays(state: dict):
    """(quantity, per-layer arrays) of every kept array, as the non-finite check names them: "v(W)"."""
    names = state["W"][0].keys() if state["W"] else ()
    return [(f"{k}({side})", [s[k] for s in state[side]]) for side in ("W", "b") for k in names]
