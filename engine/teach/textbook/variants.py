"""Gradients as some texts print them, to hand to gradcheck(grad=...) and see which one J agrees with.

Each variant takes (net, W, b, X, Y) with samples as columns and returns (dW, db) in the engine's
layout, W[l] of shape (n_l, n_{l-1}).
"""
from dataclasses import replace

from engine.core.maths.gradcheck import analytic
from engine.core.maths.network import Net
from engine.text.errors import choose


def ng_printed_gradient(net: Net, W, b, X, Y):
    """Andrew Ng's notes as printed: (1/m) Delta + lambda Theta, bias column excluded.

    The derivative of his cost J = ... + lambda/(2m) sum Theta^2 is (1/m) Delta + (lambda/m) Theta;
    the two agree only when m = 1 or lambda = 0. Theta's non-bias columns are W, its bias column b.
    """
    data_dW, db = analytic(replace(net, lam=0.0), W, b, X, Y)  # (1/m) Delta, split into W and b parts
    return [g + net.lam * w for g, w in zip(data_dW, W)], db


GRADIENTS = {
    "engine": analytic,  # the derivative of the engine's J: (1/m) Delta + (lambda/m) W
    "ng_printed": ng_printed_gradient,
}


def gradient(name: str):
    """The gradient function of that name; an unknown name raises EngineError listing the valid ones."""
    return choose("gradient", name, GRADIENTS)
