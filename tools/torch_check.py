"""The engine's optimisers and schedules against torch.optim, run for run: a one-off check, not a test.

    python tools/torch_check.py --torch /tmp/torchvenv/bin/python

The engine runs each case (15 full-batch steps of a [2,4,3,2] tanh/sigmoid network with L2) in this
Python; a Python with torch (a separate venv: torch is no requirement of the project) then runs the
same network from the same weights with torch.optim and torch.optim.lr_scheduler in float64, with its
own autograd gradients, and prints per case the largest relative difference of the parameters, the
optimiser's state and the learning rate over all steps.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

try:
    import torch  # only the Python given by --torch has it
except ImportError:
    torch = None

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ({"name": "sgd"}, None), ({"name": "momentum"}, None), ({"name": "momentum", "momentum": 0.7, "nesterov": True}, None),
    ({"name": "rmsprop"}, None), ({"name": "rmsprop", "alpha": 0.9, "eps": 1e-6}, None),
    ({"name": "adam"}, None), ({"name": "adam", "beta1": 0.5, "beta2": 0.99, "eps": 1e-3}, None),
    ({"name": "adam"}, {"name": "step", "every": 3, "gamma": 0.5}),
    ({"name": "momentum"}, {"name": "exponential", "gamma": 0.9}),
    ({"name": "adam"}, {"name": "cosine", "steps": 5, "lr_min": 0.001}),
]


def engine_runs() -> list:
    sys.path.insert(0, str(ROOT))
    from engine.core import scenario
    from engine.core.stepper import Stepper
    from tests.helpers import random_scenario
    out = []
    for opt, sched in CASES:
        src = random_scenario([2, 4, 3, 2], "tanh", "squared_error", "sigmoid", lam=0.05, m=6, seed=1, lr=0.03,
                              batch="full", optimizer=opt, **({"schedule": sched} if sched else {}))
        st = Stepper(scenario.parse(src))
        st.run(15)
        out.append({"src": src, "W0": [w.tolist() for w in st.sc.W], "b0": [v.tolist() for v in st.sc.b],
                    "steps": [{"W": [w.tolist() for w in r.W_after], "b": [v.tolist() for v in r.b_after], "lr": r.lr,
                               "state": {s: [{k: a.tolist() for k, a in kept.items()} for kept in r.state_after[s]]
                                         for s in ("W", "b")}} for r in st.records]})
    return out


STATE = {"momentum_buffer": "v", "square_avg": "s", "exp_avg": "m", "exp_avg_sq": "v"}  # torch's name -> ours


def make_opt(params, src):
    o, lr = src["optimizer"], src["lr"]
    if o["name"] == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if o["name"] == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0.9), nesterov=o.get("nesterov", False))
    if o["name"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o.get("alpha", 0.99), eps=o.get("eps", 1e-8))
    return torch.optim.Adam(params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("eps", 1e-8))


def make_sched(opt, src):
    s, lrs = src.get("schedule"), torch.optim.lr_scheduler
    if s is None:
        return None
    if s["name"] == "step":
        return lrs.StepLR(opt, s["every"], s["gamma"])
    if s["name"] == "exponential":
        return lrs.ExponentialLR(opt, s["gamma"])
    return lrs.CosineAnnealingLR(opt, s["steps"], s["lr_min"])


def cost(W, b, src):
    """J = mean 1/2 sum (a - y)^2 + lambda/(2m) sum ||W||^2: tanh hidden layers, a sigmoid output."""
    X, Y = torch.tensor(src["X"]).T, torch.tensor(src["Y"]).T
    a = X
    for l, (Wl, bl) in enumerate(zip(W, b)):
        z = Wl @ a + bl[:, None]
        a = torch.tanh(z) if l < len(W) - 1 else torch.sigmoid(z)
    m = X.shape[1]
    return (0.5 * ((a - Y) ** 2).sum(0)).mean() + src["lambda"] / (2 * m) * sum((Wl ** 2).sum() for Wl in W)


def rel(x, y) -> float:
    return float(np.max(np.abs(np.asarray(x) - y) / np.maximum(np.abs(y), 1e-12)))


def compare(run) -> dict:
    """The largest relative differences from the engine's run over all its steps."""
    src = run["src"]
    W = [torch.tensor(w, requires_grad=True) for w in run["W0"]]
    b = [torch.tensor(v, requires_grad=True) for v in run["b0"]]
    opt = make_opt(W + b, src)
    sched = make_sched(opt, src)
    worst = {"params": 0.0, "state": 0.0, "lr": 0.0}
    for step in run["steps"]:
        lr_used = opt.param_groups[0]["lr"]
        opt.zero_grad()
        cost(W, b, src).backward()
        opt.step()
        if sched:
            sched.step()
        for i, (p, mine) in enumerate(zip(W + b, step["W"] + step["b"])):
            side, l = ("W", i) if i < len(W) else ("b", i - len(W))
            worst["params"] = max(worst["params"], rel(mine, p.detach().numpy()))
            for k, arr in opt.state[p].items():
                if k in STATE:
                    worst["state"] = max(worst["state"], rel(step["state"][side][l][STATE[k]], arr.numpy()))
        worst["lr"] = max(worst["lr"], abs(step["lr"] - lr_used) / lr_used)
    return worst


def torch_side(runs):
    torch.set_default_dtype(torch.float64)
    for run in runs:
        worst = compare(run)
        print(f"{json.dumps(run['src']['optimizer']):60} {json.dumps(run['src'].get('schedule')):50} "
              + "  ".join(f"{k} {v:.1e}" for k, v in worst.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--torch", help="a Python that has torch")
    parser.add_argument("--side", choices=["torch"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side == "torch":
        torch_side(json.load(sys.stdin))
        return
    subprocess.run([args.torch, __file__, "--side", "torch"], input=json.dumps(engine_runs()), text=True, check=True)


if __name__ == "__main__":
    main()
