"""Optimisers and schedules: PyTorch's published update rules, worked out here in plain numpy on a tiny
network (forward, backward and each rule written out independently of the engine), against the
engine's step records; the gradients they start from still pass a finite-difference check."""
import math

import numpy as np
import pytest

from engine.core.maths.gradcheck import gradcheck, worst
from engine.core.maths.optimizers import OPTIMIZERS
from engine.core.maths.schedules import SCHEDULES
from engine.core.maths.settings import check_field
from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from engine.text.errors import NonFiniteError
from engine.text.i18n import LANGS, catalogue

LAM = 0.1
X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]])  # one sample per row, as a file has them
Y = np.array([[0.3], [-0.6], [0.9]])
W0 = [np.array([[0.2, -0.4], [0.7, 0.1]]), np.array([[0.5, -0.3]])]
B0 = [np.array([0.1, -0.2]), np.array([0.05])]


def source(**extra):
    """[2, 2, 1]: tanh, then linear, squared error with L2, all three samples in every step."""
    return {"schema": scenario.SCHEMA, "layers": [2, 2, 1], "activations": ["tanh", "linear"],
            "loss": "squared_error", "lambda": LAM, "lr": 0.05, "batch": "full",
            "W": [w.tolist() for w in W0], "b": [v.tolist() for v in B0], "X": X.tolist(), "Y": Y.tolist(), **extra}


def gradients(W, b):
    """dJ/dW, dJ/db of J = mean 1/2 (a - y)^2 + lambda/(2m) sum ||W||^2, by hand."""
    Xc, Yc, m = X.T, Y.T, X.shape[0]
    a1 = np.tanh(W[0] @ Xc + b[0][:, None])
    d2 = W[1] @ a1 + b[1][:, None] - Yc
    d1 = (W[1].T @ d2) * (1 - a1 ** 2)
    return [d1 @ Xc.T / m + LAM / m * W[0], d2 @ a1.T / m + LAM / m * W[1]], [d1.sum(1) / m, d2.sum(1) / m]


# PyTorch's algorithm boxes (torch.optim.SGD, RMSprop, Adam docs), dampening 0 and weight_decay 0,
# for one parameter p with gradient g at step t; s is this parameter's state dict, filled in place
def torch_sgd(p, g, s, t, lr, momentum=0.0, nesterov=False):
    if momentum:
        s["v"] = g.copy() if t == 1 else momentum * s["v"] + g
        g = g + momentum * s["v"] if nesterov else s["v"]
    return p - lr * g


def torch_rmsprop(p, g, s, t, lr, alpha=0.99, eps=1e-8):
    s["s"] = alpha * s.get("s", 0.0) + (1 - alpha) * g * g
    return p - lr * g / (np.sqrt(s["s"]) + eps)


def torch_adam(p, g, s, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    m_hat, v_hat = s["m"] / (1 - beta1 ** t), s["v"] / (1 - beta2 ** t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps)


CASES = {  # scenario "optimizer" -> (reference rule, its settings)
    "sgd": ({"name": "sgd"}, torch_sgd, {}),
    "momentum": ({"name": "momentum"}, torch_sgd, {"momentum": 0.9}),
    "nesterov": ({"name": "momentum", "momentum": 0.8, "nesterov": True}, torch_sgd,
                 {"momentum": 0.8, "nesterov": True}),
    "rmsprop": ({"name": "rmsprop"}, torch_rmsprop, {}),
    "rmsprop, alpha 0.9": ({"name": "rmsprop", "alpha": 0.9, "eps": 1e-6}, torch_rmsprop, {"alpha": 0.9, "eps": 1e-6}),
    "adam": ({"name": "adam"}, torch_adam, {}),
    "adam, other betas": ({"name": "adam", "beta1": 0.5, "beta2": 0.9, "eps": 1e-4}, torch_adam,
                          {"beta1": 0.5, "beta2": 0.9, "eps": 1e-4}),
}


def reference(rule, settings, steps, freeze=False, lr_at=lambda t: 0.05):
    """W, b and the per-array state after each of `steps` updates, by the reference rules."""
    W, b = [w.copy() for w in W0], [v.copy() for v in B0]
    states = [{} for _ in range(4)]  # W[1], W[2], b[1], b[2]
    out = []
    for t in range(1, steps + 1):
        dW, db = gradients(W, b)
        params, grads = W + b, dW + db
        n = 2 if freeze else 4
        new = [rule(params[i], grads[i], states[i], t, lr_at(t), **settings) for i in range(n)]
        W, b = new[:2], new[2:] if not freeze else b
        out.append(([w.copy() for w in W], [v.copy() for v in b], [dict(s) for s in states]))
    return out


def close(x, y):
    return np.allclose(x, y, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("freeze", [False, True])
@pytest.mark.parametrize("case", CASES)
def test_three_updates_follow_pytorchs_rules(case, freeze):
    opt, rule, settings = CASES[case]
    st = Stepper(scenario.parse(source(optimizer=opt, freeze_biases=freeze)))
    st.run(3)
    for rec, (W, b, states) in zip(st.records, reference(rule, settings, 3, freeze)):
        assert all(close(p, q) for p, q in zip(rec.W_after + rec.b_after, W + b))
        kept = [rec.state_after["W"][0], rec.state_after["W"][1], rec.state_after["b"][0], rec.state_after["b"][1]]
        for mine, theirs in zip(kept[:2] if freeze else kept, states):
            assert mine.keys() == theirs.keys() and all(close(mine[k], theirs[k]) for k in mine)
        if freeze:  # frozen biases: never moved, their state still the zeros it started as
            assert all(np.array_equal(p, q) for p, q in zip(rec.b_after, B0))
            assert all(not np.any(arr) for kept_b in kept[2:] for arr in kept_b.values())


def test_adams_first_update_moves_every_weight_by_about_lr():
    # at t = 1, m_hat = g and v_hat = g^2: the step is lr g / (|g| + eps), lr with g's sign
    st = Stepper(scenario.parse(source(optimizer={"name": "adam"})))
    st.step()
    rec = st.records[0]
    for before, after, g in zip(rec.W_before + rec.b_before, rec.W_after + rec.b_after, rec.dW + rec.db):
        assert np.allclose(before - after, 0.05 * np.sign(g), rtol=0, atol=1e-7)  # eps / |g| below 1e-6


def test_momentums_velocity_starts_as_the_first_gradient():
    st = Stepper(scenario.parse(source(optimizer={"name": "momentum", "momentum": 0.5})))
    st.run(2)
    first, second = st.records
    assert np.array_equal(first.state_after["W"][0]["v"], first.dW[0])
    assert np.array_equal(second.state_after["W"][0]["v"], 0.5 * first.dW[0] + second.dW[0])


@pytest.mark.parametrize("opt", ["momentum", "rmsprop", "adam"])
def test_the_gradients_an_optimiser_uses_still_pass_a_finite_difference_check(opt):
    st = Stepper(scenario.parse(source(optimizer={"name": opt})))
    st.run(4)
    rec, sc = st.records[-1], st.sc
    assert worst(gradcheck(sc.net, rec.W_before, rec.b_before, sc.X, sc.Y, grad=(rec.dW, rec.db))).rel < 1e-7


SCHEDULED = {  # schedule -> {update t: the lr the module's formula gives with lr = 0.05}
    "step": ({"name": "step", "every": 3, "gamma": 0.5}, {1: 0.05, 3: 0.05, 4: 0.025, 6: 0.025, 7: 0.0125}),
    "exponential": ({"name": "exponential", "gamma": 0.9}, {1: 0.05, 2: 0.05 * 0.9, 5: 0.05 * 0.9 ** 4}),
    "cosine": ({"name": "cosine", "steps": 4, "lr_min": 0.01},
               {1: 0.05, 3: 0.03, 5: 0.01, 7: 0.03, 9: 0.05, 2: 0.01 + 0.02 * (1 + math.cos(math.pi / 4))}),
}


@pytest.mark.parametrize("name", SCHEDULED)
def test_schedules_give_the_documented_lr_and_steps_record_it(name):
    sched, want = SCHEDULED[name]
    st = Stepper(scenario.parse(source(optimizer={"name": "adam"}, schedule=sched)))
    st.run(max(want))
    for t, lr in want.items():
        assert st.records[t - 1].lr == pytest.approx(lr, rel=1e-14)
    lrs = [rec.lr for rec in st.records]
    last = reference(torch_adam, {}, len(lrs), lr_at=lambda t: lrs[t - 1])[-1]
    assert all(close(p, q) for p, q in zip(st.W + st.b, last[0] + last[1]))


def test_without_a_schedule_every_step_records_the_scenarios_lr():
    st = Stepper(scenario.parse(source()))
    st.run(3)
    assert [rec.lr for rec in st.records] == [0.05] * 3


def test_an_overflowing_state_is_refused_by_name_though_the_weights_stay_finite():
    # g = 1e200 is finite, g^2 is not: s = inf, and W - lr g / (sqrt(s) + eps) = W would still be finite
    src = {"schema": scenario.SCHEMA, "layers": [1, 1], "activations": ["linear"], "loss": "squared_error",
           "lr": 0.1, "W": [[[1.0]]], "b": [[0.0]], "X": [[1e100]], "Y": [[0.0]], "optimizer": {"name": "rmsprop"}}
    st = Stepper(scenario.parse(src))
    with pytest.raises(NonFiniteError) as info:
        st.step()
    assert (info.value.quantity, info.value.layer) == ("s(W)", 1)
    assert len(st.records) == 0 and st.W[0][0, 0] == 1.0


def test_every_optimiser_and_schedule_has_its_words_a_formula_and_defaults_in_range():
    for rec in [*OPTIMIZERS.values(), *SCHEDULES.values()]:
        assert rec.formula and all(catalogue(lang)[rec.label] and catalogue(lang)[rec.help] for lang in LANGS)
        for name, field in rec.fields.items():
            assert check_field(field, field.default, name) == field.default
