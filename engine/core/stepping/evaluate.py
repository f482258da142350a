"""What a network's parameters give beyond one step: the loss and accuracy on a set of samples (the
Train page's curves, a run's log), and each neuron's size at the start, by which a drawing of a large
layer chooses the neurons it shows."""
import numpy as np

from engine.core.maths.backprop import forward

SIZED = 256  # training samples, spread evenly, that neuron sizes are measured on


def evaluate(net, W, b, X, Y):
    """Mean loss and, for class targets, accuracy of parameters W, b on columns X, Y. The steps checked
    only their own batches, so other samples can overflow: the loss is then infinite or NaN, returned
    as it is, without numpy's warnings on stderr."""
    if X.shape[1] == 0:
        return None, None
    with np.errstate(over="ignore", invalid="ignore"):
        z, a = forward(net, W, b, X)
        loss = float(net.loss.value(z[-1], a[-1], Y).mean())
    return loss, accuracy(a[-1], Y)


def accuracy(out, Y):
    """Share of columns classified right: argmax for one-hot targets, 0.5 threshold for 0/1 targets."""
    if not np.all((Y == 0) | (Y == 1)):
        return None
    if Y.shape[0] == 1:
        return float(np.mean((out[0] >= 0.5) == (Y[0] == 1)))
    return float(np.mean(out.argmax(axis=0) == Y.argmax(axis=0)))


def neuron_sizes(sc) -> tuple:
    """Per layer 0..L, the root mean square of each neuron's value over the training samples at the
    scenario's initial parameters. A drawing of a large layer shows its largest neurons: dJ/dW[j,k] =
    delta_j a_k grows with a_k, so theirs are the edges that learn (never a blank border pixel), and the
    choice rests on the scenario alone, so it stays put from step to step."""
    X = sc.X
    cols = X[:, np.linspace(0, X.shape[1] - 1, min(SIZED, X.shape[1])).astype(int)]
    with np.errstate(over="ignore", invalid="ignore"):  # huge initial weights: the ranking takes inf and NaN
        _, a = forward(sc.net, sc.W, sc.b, cols)
        return tuple(np.sqrt(np.mean(v * v, axis=1)) for v in a)
