"""Learning-rate schedules: the lr of each update as a function of t, the update's number from 1.

They are PyTorch's schedulers stepped once after every update (scheduler.step() after
optimizer.step(), so the update t runs at the scheduler's epoch e = t - 1), in the closed forms
PyTorch documents, with eta_0 the scenario's lr:

- step (StepLR, step_size = every, gamma):   lr_t = eta_0 * gamma ** floor((t - 1) / every)
- exponential (ExponentialLR, gamma):        lr_t = eta_0 * gamma ** (t - 1)
- cosine (CosineAnnealingLR, T_max = steps, eta_min = lr_min):
      lr_t = lr_min + (eta_0 - lr_min) * (1 + cos(pi * (t - 1) / steps)) / 2
  It reaches lr_min at t = steps + 1 and, as PyTorch's does, rises again after that (period 2 steps).

Every schedule gives eta_0 itself at t = 1. PyTorch's scheduler.step() computes its lr recursively
(multiplying the last one), so its values can differ from these in the last bits; the engine uses
the closed forms, so an lr depends on t alone and a replay or a way back gives the same bits.
"""
import math
from dataclasses import dataclass
from typing import Callable

from engine.core.maths.settings import Field

MAX_COUNT = 10**9  # updates in `every` or `steps`: far past any run


@dataclass(frozen=True)
class Schedule:
    name: str  # the user-facing name, also the registry key
    lr: Callable  # (t, lr0, **settings) -> the learning rate of update t
    fields: dict  # its settings: field name -> Field
    formula: str  # LaTeX of lr_t
    label: str  # catalogue key of its name
    help: str  # catalogue key of one sentence on what it does


def step(t, lr0, every, gamma):
    return lr0 * gamma ** ((t - 1) // every)


def exponential(t, lr0, gamma):
    return lr0 * gamma ** (t - 1)


def cosine(t, lr0, steps, lr_min):
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * (t - 1) / steps)) / 2


SCHEDULES = {
    "step": Schedule(
        "step", step,
        {"every": Field(10, 1, MAX_COUNT, kind="whole", symbol="k"), "gamma": Field(0.1, 0.0, 1.0, symbol=r"\gamma")},
        r"\eta_t = \eta_0\,\gamma^{\lfloor (t-1)/k \rfloor}", "schedule.step", "schedule.step.help"),
    "exponential": Schedule(
        "exponential", exponential, {"gamma": Field(0.99, 0.0, 1.0, symbol=r"\gamma")},
        r"\eta_t = \eta_0\,\gamma^{t-1}", "schedule.exponential", "schedule.exponential.help"),
    "cosine": Schedule(
        "cosine", cosine,
        {"steps": Field(100, 1, MAX_COUNT, kind="whole", symbol="T"),
         "lr_min": Field(0.0, 0.0, 1e6, symbol=r"\eta_{\min}")},
        r"\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\bigl(1 + \cos\tfrac{\pi (t-1)}{T}\bigr)",
        "schedule.cosine", "schedule.cosine.help"),
}
