"""Textbook notations: names from engine indices, checked against each source's own rules by hand."""
import re

import numpy as np
import pytest

from engine.teach.textbook import notation as nota
from engine.text.errors import EngineError

LAYERS = [3, 4, 3, 2]  # three weight layers
RNG = np.random.default_rng(5)
W = [RNG.normal(size=(n, m)) for m, n in zip(LAYERS, LAYERS[1:])]  # list index l-1 holds layer l
b = [RNG.normal(size=n) for n in LAYERS[1:]]
EDGES = [(l, j, k) for l in range(1, 4) for j in range(LAYERS[l]) for k in range(LAYERS[l - 1])]
NAME = re.compile(r"^(?P<sym>\\?\w+)\^\{(?P<sup>[^}]*)\}_\{(?P<sub>[^}]*)\}$")


def parts(latex):
    m = NAME.match(latex)
    assert m, latex
    return m["sym"], m["sup"], m["sub"]


def test_unknown_notation_and_kind_are_refused_with_the_valid_names():
    with pytest.raises(EngineError, match="engine, mazur, ng, nielsen, ufldl"):
        nota.name("bishop", "z", 1, 0)
    with pytest.raises(EngineError, match='unknown quantity "w"'):
        nota.name("ng", "w", 1, 0, 0)


def test_ng_theta_is_bias_column_then_weights():
    theta = nota.theta(W, b)
    assert len(theta) == 3
    for l in range(1, 4):
        T = theta[l - 1]
        assert T.shape == (LAYERS[l], LAYERS[l - 1] + 1)  # (s_{l+1}, s_l + 1) in his sizes
        for j in range(LAYERS[l]):
            assert T[j, 0] == b[l - 1][j]
            for k in range(LAYERS[l - 1]):
                assert T[j, k + 1] == W[l - 1][j, k]


def test_ng_layers_are_the_engines_plus_one_and_theta_l_feeds_his_layer_l_plus_1():
    assert [nota.layer("ng", l) for l in range(4)] == [1, 2, 3, 4]
    theta = nota.theta(W, b)
    for l, j, k in EDGES:
        sym, sup, sub = parts(nota.name("ng", "W", l, j, k))
        his_l, his_j, his_k = int(sup.strip("()")), int(sub[0]), int(sub[1])
        assert sym == r"\Theta" and theta[his_l - 1][his_j - 1, his_k] == W[l - 1][j, k]
        # the receiving neuron a^(l+1)_j in his numbering
        assert nota.name("ng", "z", l, j) == rf"z^{{({his_l + 1})}}_{{{his_j}}}"
    # his bias unit: Theta^(l)_{j0} holds b[l][j]
    for l in range(1, 4):
        for j in range(LAYERS[l]):
            sym, sup, sub = parts(nota.name("ng", "b", l, j))
            assert sub == f"{j + 1}0" and theta[int(sup.strip('()')) - 1][j, int(sub[1])] == b[l - 1][j]
    # his delta^(l+1) is the engine's delta of layer l; Delta^(l) goes with Theta^(l)
    assert nota.name("ng", "delta", 2, 1) == r"\delta^{(3)}_{2}"
    assert nota.name("ng", "Delta", 2, 1, 0) == r"\Delta^{(2)}_{21}"
    assert nota.name("ng", "a", 0, 2) == "a^{(1)}_{3}"


def test_nielsen_w_l_jk_is_engine_W_l_minus_1_with_his_input_layer_1():
    assert [nota.layer("nielsen", l) for l in range(4)] == [1, 2, 3, 4]
    for l, j, k in EDGES:
        sym, sup, sub = parts(nota.name("nielsen", "W", l, j, k))
        his_l, his_j, his_k = int(sup), int(sub[0]), int(sub[1])
        # his w^l feeds his layer l, which is engine layer l - 1, i.e. the engine's W[l-1]
        engine_layer = his_l - 1
        assert sym == "w" and W[engine_layer - 1][his_j - 1, his_k - 1] == W[l - 1][j, k]
        assert nota.name("nielsen", "z", l, j) == f"z^{{{his_l}}}_{{{his_j}}}"
        assert nota.name("nielsen", "a", l - 1, k) == f"a^{{{his_l - 1}}}_{{{his_k}}}"
    assert nota.name("nielsen", "b", 3, 1) == "b^{4}_{2}"
    assert nota.name("nielsen", "dW", 1, 0, 2) == r"\frac{\partial C}{\partial w^{2}_{13}}"


def test_ufldl_keeps_the_engines_layers_and_counts_neurons_from_1():
    assert [nota.layer("ufldl", l) for l in range(4)] == [0, 1, 2, 3]
    for l, j, k in EDGES:
        sym, sup, sub = parts(nota.name("ufldl", "W", l, j, k))
        assert (sym, sup, sub) == ("W", f"({l})", f"{j + 1}{k + 1}")
    assert nota.name("ufldl", "b", 2, 0) == "b^{(2)}_{1}"
    assert nota.name("ufldl", "db", 2, 0) == r"\frac{\partial J}{\partial b^{(2)}_{1}}"


def test_engine_notation_uses_the_arrays_0_based_indices():
    assert nota.name("engine", "W", 2, 0, 1) == "W^{[2]}_{0,1}"
    assert nota.name("engine", "delta", 3, 1) == r"\delta^{[3]}_{1}"
    assert nota.name("engine", "a", 0, 0) == "a^{[0]}_{0}"


def test_two_digit_indices_are_separated_by_a_comma():
    assert nota.name("ufldl", "W", 1, 9, 10) == "W^{(1)}_{10,11}"
    assert nota.name("ng", "b", 1, 9) == r"\Theta^{(1)}_{10,0}"
    assert nota.name("nielsen", "W", 1, 2, 3) == "w^{2}_{34}"


def test_whole_matrices_and_vectors_have_no_subscript():
    assert nota.name("ng", "W", 3) == r"\Theta^{(3)}"
    assert nota.name("nielsen", "z", 2) == "z^{3}"


def test_plain_text_labels_for_the_figure():
    assert nota.html("ng", "W", 1, 0, 1) == "Θ<sup>(1)</sup><sub>12</sub>"
    assert nota.html("nielsen", "delta", 1, 0) == "δ<sup>2</sup><sub>1</sub>"
    label = nota.labeller("ufldl")
    assert label("edge", 2, 1, 0) == "W<sup>(2)</sup><sub>21</sub>"
    assert label("neuron", 0, 1) == "x<sub>2</sub>" and label("neuron", 3, 0) == "a<sup>(3)</sup><sub>1</sub>"


def test_layer_names_in_both_languages():
    assert nota.layer_name("ng", 0) == "layer 1"
    assert nota.layer_name("ufldl", 0, "zh") == "第 0 层"
