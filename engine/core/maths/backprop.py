"""Backpropagation on one screen: forward, the cost, backward (BP1-BP4), the update.

Read it as Nielsen's `backprop()`: one loop up the layers keeping every z and a, one loop down
keeping every delta, the gradients returned and applied by `update`. Columns are samples; Python
lists are 0-based, so index l-1 holds layer l for W, b, z, delta, dW, db, while a[0] is the input
(shared/CONVENTIONS.md).
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


def forward(net, W, b, X):
    """z[l] = W[l] a[l-1] + b[l] and a[l] = g_l(z[l]) for every layer; X holds one sample per column."""
    zs, acts = [], [X]
    for Wl, bl, g in zip(W, b, net.acts):
        z = Wl @ acts[-1] + bl[:, None]
        zs.append(z)
        acts.append(g.f(z))
    return zs, acts


def cost(net, W, zs, acts, Y):
    """Per-sample losses and J = mean loss + lambda/(2m) sum ||W||^2 (biases are not penalised)."""
    loss = net.loss.value(zs[-1], acts[-1], Y)
    J = float(loss.mean())
    if net.lam:
        J += net.lam / (2 * loss.size) * sum(float(np.vdot(Wl, Wl)) for Wl in W)
    return loss, J


def backward(net, W, zs, acts, Y, through=None):
    """delta, dW and db per layer: dJ/dW and dJ/db with the L2 term, averaged over the m samples.

    Each delta reaches the layer below through W[l] as the step found it (the textbook rule);
    `through(l, dW[l])`, when given, names other weights to pass through (see ORDERS).
    """
    m, L = Y.shape[1], net.L
    delta, dW, db = [None] * L, [None] * L, [None] * L
    d = net.loss.delta(zs[-1], acts[-1], Y, net.acts[-1])  # BP1
    for l in range(L - 1, -1, -1):
        delta[l] = d
        dW[l] = d @ acts[l].T / m  # BP4
        if net.lam:  # skipped at 0, where adding 0 * W would turn a -0.0 into 0.0
            dW[l] += (net.lam / m) * W[l]
        db[l] = d.sum(axis=1) / m  # BP3
        if l:
            Wl = W[l] if through is None else through(l, dW[l])
            d = (Wl.T @ d) * net.acts[l - 1].dz(zs[l - 1])  # BP2
    return delta, dW, db


def descend(p, g, state, t, lr):
    """Gradient descent on one parameter array: p - lr g. It keeps no state (an optimiser's rule,
    engine/core/maths/optimizers.py, takes the same arguments and keeps its own)."""
    return p - lr * g, state


def update(W, b, dW, db, lr, freeze_biases=False, rule=descend, state=None, t=1):
    """Every layer at once, W[l] and b[l] each by the rule from its gradient and the state the rule
    keeps for it, t being the number of this update from 1. Returns W, b and that state after
    ({"W": [per layer], "b": [per layer]}); frozen biases and their state stay as they were."""
    state = state or {"W": [{}] * len(W), "b": [{}] * len(b)}
    W_new, sW = _each(rule, W, dW, state["W"], t, lr)
    b_new, sb = (list(b), state["b"]) if freeze_biases else _each(rule, b, db, state["b"], t, lr)
    return W_new, b_new, {"W": sW, "b": sb}


def _each(rule, params, grads, states, t, lr):
    out = [rule(p, g, s, t, lr) for p, g, s in zip(params, grads, states)]
    return [p for p, _ in out], [s for _, s in out]


@dataclass(frozen=True)
class Order:
    """When the update reaches the weights a delta passes through. Some reference code (Mazur's among
    it) updates the output weights before the hidden deltas pass through them; the textbook rule does
    not. Those weights are gradient descent's, so a scenario pairs an order whose deltas pass through
    updated weights only with an optimiser whose update is that (optimizers.py, Optimizer.output_first)."""
    name: str  # the user-facing name, also the registry key (a scenario's update_order)
    through: Callable  # (W, lr) -> backward's `through`
    label: str  # catalogue key of its name
    updated: bool  # the hidden deltas pass through output weights already updated: a worked example
    # writes those in their formulas and says so (note), and no product along the paths gives a gradient
    note: str | None = None  # catalogue key of what the worked example says about it


ORDERS = {
    "simultaneous": Order("simultaneous", lambda W, lr: None, "build.order_simultaneous", updated=False),
    "output_first": Order("output_first", lambda W, lr: lambda l, g: W[l] - lr * g, "build.order_output_first",
                          updated=True, note="explain.note.output_first"),
}


def gradients(net, W, b, X, Y, lr=0.0, order="simultaneous"):
    """forward, cost and backward of one batch: (zs, acts, loss, J, delta, dW, db)."""
    zs, acts = forward(net, W, b, X)
    loss, J = cost(net, W, zs, acts, Y)
    delta, dW, db = backward(net, W, zs, acts, Y, ORDERS[order].through(W, lr))
    return zs, acts, loss, J, delta, dW, db
