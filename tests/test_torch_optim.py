"""The engine's optimisers and schedules against torch.optim, run for run: opt-in, skipped unless torch
is installed (it is no requirement of the project: `.venv/bin/pip install torch` to run it).

Each case takes 15 full-batch steps of a [2,4,3,2] tanh/sigmoid network with L2 in the engine, then
the same network from the same weights with torch.optim and torch.optim.lr_scheduler in float64 and
torch's own autograd gradients; the parameters, the optimiser's state and the learning rate of every
step must agree to 1e-10 relative. Last run with torch (commit 8420e9d, as tools/torch_check.py):
3e-12 at worst.
"""
import numpy as np
import pytest

from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from tests.helpers import random_scenario

torch = pytest.importorskip("torch", reason="torch is not installed: the comparison with torch.optim is opt-in")

F64 = torch.float64
CASES = [
    ({"name": "sgd"}, None), ({"name": "momentum"}, None), ({"name": "momentum", "momentum": 0.7, "nesterov": True}, None),
    ({"name": "rmsprop"}, None), ({"name": "rmsprop", "alpha": 0.9, "eps": 1e-6}, None),
    ({"name": "adam"}, None), ({"name": "adam", "beta1": 0.5, "beta2": 0.99, "eps": 1e-3}, None),
    ({"name": "adam"}, {"name": "step", "every": 3, "gamma": 0.5}),
    ({"name": "momentum"}, {"name": "exponential", "gamma": 0.9}),
    ({"name": "adam"}, {"name": "cosine", "steps": 5, "lr_min": 0.001}),
]
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
    X, Y = torch.tensor(src["X"], dtype=F64).T, torch.tensor(src["Y"], dtype=F64).T
    a = X
    for l, (Wl, bl) in enumerate(zip(W, b)):
        z = Wl @ a + bl[:, None]
        a = torch.tanh(z) if l < len(W) - 1 else torch.sigmoid(z)
    m = X.shape[1]
    return (0.5 * ((a - Y) ** 2).sum(0)).mean() + src["lambda"] / (2 * m) * sum((Wl ** 2).sum() for Wl in W)


def rel(x, y) -> float:
    return float(np.max(np.abs(np.asarray(x) - y) / np.maximum(np.abs(y), 1e-12)))


@pytest.mark.parametrize("opt, sched", CASES, ids=lambda case: case and "-".join(map(str, case.values())))
def test_the_engine_steps_as_torch_optim_does(opt, sched):
    src = random_scenario([2, 4, 3, 2], "tanh", "squared_error", "sigmoid", lam=0.05, m=6, seed=1, lr=0.03,
                          batch="full", optimizer=opt, **({"schedule": sched} if sched else {}))
    stepper = Stepper(scenario.parse(src))
    stepper.run(15)
    W = [torch.tensor(w, dtype=F64, requires_grad=True) for w in stepper.sc.W]
    b = [torch.tensor(v, dtype=F64, requires_grad=True) for v in stepper.sc.b]
    torch_opt = make_opt(W + b, src)
    torch_sched = make_sched(torch_opt, src)
    worst = {"params": 0.0, "state": 0.0, "lr": 0.0}
    for rec in stepper.records:
        lr_used = torch_opt.param_groups[0]["lr"]
        torch_opt.zero_grad()
        cost(W, b, src).backward()
        torch_opt.step()
        if torch_sched:
            torch_sched.step()
        for i, (p, mine) in enumerate(zip(W + b, rec.W_after + rec.b_after)):
            side, l = ("W", i) if i < len(W) else ("b", i - len(W))
            worst["params"] = max(worst["params"], rel(mine, p.detach().numpy()))
            for k, arr in torch_opt.state[p].items():
                if k in STATE:
                    worst["state"] = max(worst["state"], rel(rec.state_after[side][l][STATE[k]], arr.numpy()))
        worst["lr"] = max(worst["lr"], abs(rec.lr - lr_used) / lr_used)
    assert max(worst.values()) < 1e-10, worst
