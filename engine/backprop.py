"""Backpropagation on one screen: forward, the cost, backward (BP1-BP4), the update.

Read it as Nielsen's `backprop()`: one loop up the layers keeping every z and a, one loop down
keeping every delta, the gradients returned and applied by `update`. Columns are samples; Python
lists are 0-based, so index l-1 holds layer l for W, b, z, delta, dW, db, while a[0] is the input
(shared/CONVENTIONS.md).
"""
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


def update(W, b, dW, db, lr, freeze_biases=False):
    """Gradient descent, every layer at once: W[l] - lr dW[l], b[l] - lr db[l]."""
    W_new = [Wl - lr * g for Wl, g in zip(W, dW)]
    b_new = list(b) if freeze_biases else [bl - lr * g for bl, g in zip(b, db)]
    return W_new, b_new


# When the update reaches the weights a delta passes through, keyed by the scenario's update_order:
# a function of (W, lr) giving backward's `through`. Some reference code (Mazur's among it) updates
# the output weights before the hidden deltas pass through them; the textbook rule does not.
ORDERS = {
    "simultaneous": lambda W, lr: None,
    "output_first": lambda W, lr: lambda l, g: W[l] - lr * g,
}


def gradients(net, W, b, X, Y, lr=0.0, order="simultaneous"):
    """forward, cost and backward of one batch: (zs, acts, loss, J, delta, dW, db)."""
    zs, acts = forward(net, W, b, X)
    loss, J = cost(net, W, zs, acts, Y)
    delta, dW, db = backward(net, W, zs, acts, Y, ORDERS[order](W, lr))
    return zs, acts, loss, J, delta, dW, db
