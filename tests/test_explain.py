"""Formulas with numbers, chain-rule paths and the Markdown worked example.

Every number shown is read back with a regex and compared, at the shown digits, with a value this
file computes by hand from the step's inputs (never with the explainer's own helpers).
"""
import math
import re
from collections import Counter

import numpy as np
import pytest

from engine.teach.worked import explain
from engine.teach.worked.formulas import TERMS
from engine.text.errors import EngineError
from engine.text.i18n import text
from tests.helpers import HIDDEN, MAZUR, PAIRS, random_scenario, stepper

NUM = re.compile(r"(-?\d+(?:\.\d+)?)(?: \\times 10\^\{(-?\d+)\})?")
CONSTANTS = (r"\tfrac{1}{2}", r"\frac{1}{", "^{2}", r"\bigl(1 - ", r"{2 \cdot ")  # the only literals that are not values
SIG = lambda z: 1 / (1 + math.exp(-z))
SLOPE = {"sigmoid": lambda z: SIG(z) * (1 - SIG(z)), "tanh": lambda z: 1 - math.tanh(z) ** 2,
         "relu": lambda z: float(z > 0), "linear": lambda z: 1.0}
APPLY = {"sigmoid": SIG, "tanh": math.tanh, "relu": lambda z: max(z, 0.0), "linear": lambda z: z}


def numbers(latex):
    for c in CONSTANTS:
        latex = latex.replace(c, "{" if c.startswith("{") else " ")
    return [float(m) * 10.0 ** int(e or 0) for m, e in NUM.findall(latex)]


def shown_right(shown, x, digits):
    """shown is x rounded to `digits` significant digits (or more)."""
    if x == 0:
        return shown == 0
    half = 0.5 * 10.0 ** (math.floor(math.log10(abs(x))) - digits + 1)
    return abs(shown - x) <= half * (1 + 1e-9)


def reference(f, st, nt):
    """(values substituted, result) of formula f, derived by hand from the step's arrays."""
    rec, sc, c = st.records[-1], st.sc, 0
    net, m, lam = sc.net, rec.X.shape[1], sc.net.lam
    Wb, bb, a, d, Y = rec.W_before, rec.b_before, rec.a, rec.delta, rec.Y
    l, j, *k = f.where if len(f.where) > 1 else (None, None)
    k = k[0] if k else None
    g = net.acts[l - 1].name if l else None
    if f.kind == "z":
        terms = [v for kk in range(Wb[l - 1].shape[1]) for v in (Wb[l - 1][j, kk], a[l - 1][kk, c])]
        used = [bb[l - 1][j], *terms] if nt == "ng" else [*terms, bb[l - 1][j]]
        return used, sum(terms[0::2][i] * terms[1::2][i] for i in range(len(terms) // 2)) + bb[l - 1][j]
    if f.kind == "a":
        z = rec.z[l - 1][:, c]
        if g == "softmax":
            return [z[j], *z], math.exp(z[j]) / sum(math.exp(v) for v in z)
        return [z[j]], APPLY[g](z[j])
    if f.kind == "gprime":
        return [rec.z[l - 1][j, c]], SLOPE[g](rec.z[l - 1][j, c])
    if f.kind == "delta_out":
        diff = a[l][j, c] - Y[j, c]
        if net.loss.name == "squared_error":
            s = SLOPE[g](rec.z[l - 1][j, c])
            return [a[l][j, c], Y[j, c], s], diff * s
        return [a[l][j, c], Y[j, c]], diff
    if f.kind == "delta":
        above = rec.W_after[l] if sc.update_order == "output_first" else Wb[l]
        s, pairs = SLOPE[g](rec.z[l - 1][j, c]), [(above[i, j], d[l][i, c]) for i in range(above.shape[0])]
        return [s, *(v for p in pairs for v in p)], s * sum(w * e for w, e in pairs)
    if f.kind == "loss":
        av, yv = a[-1][:, c], Y[:, c]
        if net.loss.name == "squared_error":
            return [v for p in zip(av, yv) for v in p], 0.5 * sum((av - yv) ** 2)
        if net.loss.name == "cross_entropy":
            return ([v for p in zip(yv, av, yv, av) for v in p],
                    -sum(y * math.log(x) + (1 - y) * math.log(1 - x) for x, y in zip(av, yv)))
        return [v for p in zip(yv, av) for v in p], -sum(y * math.log(x) for x, y in zip(av, yv))
    if f.kind == "cost":
        squares = sum(float((w ** 2).sum()) for w in Wb)
        used = [] if m == 1 and lam == 0 else [rec.loss[0]] if m == 1 else [*rec.loss, m]
        return used + ([lam, m, squares] if lam > 0 else []), rec.loss.mean() + lam / (2 * m) * squares
    dj = d[l - 1][j]
    prods = dj if k is None else dj * a[l - 1][k]
    if f.kind in ("Delta", "Delta_b"):
        return ([v for i in range(m) for v in ((dj[i],) if k is None else (dj[i], a[l - 1][k, i]))], prods.sum())
    if f.kind in ("dW", "db"):
        if nt == "ng":
            used = [prods.sum(), m]
        else:
            used = [v for i in range(m) for v in ((dj[i],) if k is None else (dj[i], a[l - 1][k, i]))]
            used = ([m] + used) if m > 1 else ([] if k is None else used)
        reg = [lam, m, Wb[l - 1][j, k]] if lam > 0 and k is not None else []
        return used + reg, prods.mean() + (lam / m * Wb[l - 1][j, k] if k is not None else 0.0)
    old = Wb[l - 1][j, k] if k is not None else bb[l - 1][j]
    grad = rec.dW[l - 1][j, k] if k is not None else rec.db[l - 1][j]
    return [old, sc.lr, grad], old - sc.lr * grad


def check(f, st, nt, digits):
    used, value = reference(f, st, nt)
    assert np.allclose(f.used, used, rtol=1e-12, atol=1e-300), (f.kind, f.where)
    assert f.value == pytest.approx(value, rel=1e-9, abs=1e-12), (f.kind, f.where, f.latex)
    shown = numbers(f.numbers)
    assert len(shown) == len(f.used), f.numbers
    assert all(shown_right(s, x, digits) for s, x in zip(shown, f.used)), (f.numbers, f.used)
    assert shown_right(numbers(f.result)[0], f.value, digits) and len(numbers(f.result)) == 1


def case(pair, hidden, lam, batch, seed, m=3):
    loss, out = pair
    st = stepper(random_scenario([3, 4, 3, 2], hidden, loss, out, lam=lam, m=m, seed=seed, batch=batch))
    st.run(2)
    return st


CASES = [(pair, HIDDEN[i % 4], lam, batch) for i, pair in enumerate(PAIRS) for lam in (0.0, 0.3)
         for batch in ("sample", "full")]


@pytest.mark.parametrize("notation", ["engine", "ng", "ufldl", "nielsen"])
@pytest.mark.parametrize("pair,hidden,lam,batch", CASES)
def test_every_number_of_every_formula_is_the_engines_at_the_shown_digits(pair, hidden, lam, batch, notation):
    st = case(pair, hidden, lam, batch, seed=len(CASES))
    items = explain.formulas(st, notation, digits=5)
    for f in items:
        check(f, st, notation, 5)
    L, sizes = 3, [3, 4, 3, 2]
    neurons, edges = sum(sizes[1:]), sum(a * b for a, b in zip(sizes, sizes[1:]))
    kinds = Counter(f.kind for f in items)
    assert kinds["z"] == kinds["a"] == kinds["db"] == kinds["b"] == neurons and kinds["dW"] == kinds["W"] == edges
    assert kinds["delta"] + kinds["delta_out"] == neurons and kinds["loss"] == kinds["cost"] == 1
    assert kinds["Delta"] == (edges if notation == "ng" else 0)
    assert kinds["gprime"] == neurons - (0 if pair[0] == "squared_error" else sizes[L])


def test_mazur_output_delta_and_w5_gradient_are_his_published_numbers():
    st = stepper(MAZUR)
    st.step()
    items = {(f.kind, f.where): f for f in explain.formulas(st, "ufldl")}
    o1, w5 = items["delta_out", (2, 0)], items["dW", (2, 0, 0)]
    assert o1.value == pytest.approx(0.138498562, abs=1e-9) and o1.result == "0.1385"
    assert w5.value == pytest.approx(0.082167041, abs=1e-9) and w5.result == "0.08217"
    h1 = items["delta", (1, 0)].latex  # his weights w5 = 0.40, w7 = 0.50 and his deltas, by hand
    assert r"W^{(2)}_{11}\,\delta^{(2)}_{1} + W^{(2)}_{21}\,\delta^{(2)}_{2}" in h1
    assert r"0.2413 \cdot ({0.4 \cdot 0.1385} + {0.5 \cdot (-0.0381)}) = 0.008771" in h1
    assert items["dW", (1, 0, 0)].value == pytest.approx(0.000438568, abs=1e-9)  # his dE/dw1


def test_the_mazur_preset_order_passes_hidden_deltas_through_the_updated_weights():
    st = stepper({**MAZUR, "update_order": "output_first", "freeze_biases": True})
    st.step()
    items = explain.formulas(st, "engine")
    for f in items:
        check(f, st, "engine", 4)
    assert not [f for f in items if f.kind == "b"]  # frozen biases have no update
    doc = explain.worked_example(st)
    assert text("en", "explain.note.output_first") in doc and text("en", "explain.note.frozen") in doc


def test_nielsen_formulas_carry_his_equation_labels():
    st = stepper(MAZUR)
    st.step()
    tags = {f.kind: f.tag for f in explain.formulas(st, "nielsen")}
    assert (tags["delta_out"], tags["delta"], tags["db"], tags["dW"], tags["z"]) == ("BP1", "BP2", "BP3", "BP4", "")


def test_long_sums_show_their_ends_and_tiny_and_huge_numbers_read_back():
    src = random_scenario([9, 2, 1], "tanh", "squared_error", "linear", m=9, seed=3, batch="full")
    src["X"] = (np.array(src["X"]) * 1e-7).tolist()
    src["b"][1] = [2.5e7]
    st = stepper(src)
    st.step()
    items = explain.formulas(st, "ufldl", digits=3)
    z = next(f for f in items if f.kind == "z")
    assert r"\cdots" in z.numbers and len(z.used) == 2 * (TERMS - 2) + 1  # first terms, then the bias
    rec = st.records[-1]
    assert z.used[-1] == rec.b_before[0][0] and z.used[:2] == (rec.W_before[0][0, 0], rec.a[0][0, 0])
    assert any("times" in f.numbers for f in items) and any("times 10^{7}" in f.result for f in items)
    for f in items:
        shown = numbers(f.numbers)
        assert all(shown_right(s, x, 3) for s, x in zip(shown, f.used)) and len(shown) == len(f.used)
        assert shown_right(numbers(f.result)[0], f.value, 3)


def test_neuron_and_edge_formulas_are_those_of_the_whole_step():
    st = case(PAIRS[0], "sigmoid", 0.3, "full", seed=1)
    whole = {(f.kind, f.where): f.latex for f in explain.formulas(st, "ng", "zh", column=2)}
    rec, sc = st.records[-1], st.sc
    for f in explain.neuron_formulas(rec, sc, "ng", 2, 1, column=2, lang="zh") + \
            explain.edge_formulas(rec, sc, "ng", 3, 1, 2, column=2, lang="zh"):
        assert whole[f.kind, f.where] == f.latex
    assert [f.kind for f in explain.edge_formulas(rec, sc, "ng", 3, 1, 2)] == ["Delta", "dW", "W"]
    with pytest.raises(EngineError, match="no weight"):
        explain.edge_formulas(rec, sc, "ng", 3, 2, 0)
    with pytest.raises(EngineError, match="column"):
        explain.neuron_formulas(rec, sc, "ng", 1, 0, column=3)


# --- paths --------------------------------------------------------------------------------------

@pytest.mark.parametrize("pair", PAIRS)
@pytest.mark.parametrize("layers", [[2, 3, 1], [3, 4, 3, 2], [2, 3, 2, 3, 2]])
def test_the_sum_over_paths_is_the_gradient_without_l2(pair, layers):
    hidden = HIDDEN[len(layers) % 4]
    st = stepper(random_scenario(layers, hidden, pair[0], pair[1], lam=0.2, m=1, seed=len(layers)))
    st.step()
    rec, net = st.records[-1], st.sc.net
    for l in range(1, net.L + 1):
        for j in range(layers[l]):
            for k in range(layers[l - 1]):
                found = explain.paths(net, rec.W_before, rec, l, j, k)
                assert len(found) == math.prod(layers[l + 1:])
                want = rec.dW[l - 1][j, k] - net.lam * rec.W_before[l - 1][j, k]
                assert sum(p.product for p in found) == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_paths_per_sample_of_a_batch_and_mazurs_two_paths_to_w1():
    st = case(PAIRS[4], "tanh", 0.0, "full", seed=4)
    rec, net = st.records[-1], st.sc.net
    for col in range(3):
        total = sum(p.product for p in explain.paths(net, rec.W_before, rec, 1, 2, 1, column=col))
        assert total == pytest.approx(rec.delta[0][2, col] * rec.a[0][1, col], rel=1e-12, abs=1e-15)
    st = stepper(MAZUR)
    st.step()
    rec = st.records[-1]
    w1 = explain.paths(st.sc.net, rec.W_before, rec, 1, 0, 0, notation="ufldl")
    assert len(w1) == 2 and sum(p.product for p in w1) == pytest.approx(0.000438568, abs=1e-9)
    # out_h1 -> net_o1 -> out_o1 -> E: his i1 * dout_h1 * w5 * dout_o1 * (out_o1 - target_o1)
    first = w1[0]
    assert first.factors[0] == 0.05 and first.factors[2] == 0.40 and first.names[2] == "W^{(2)}_{11}"
    assert first.factors[-1] == pytest.approx(0.74136507, abs=1e-8)
    with pytest.raises(EngineError, match="paths"):
        explain.paths(st.sc.net, rec.W_before, rec, 1, 0, 0, limit=1)


# --- the worked example -------------------------------------------------------------------------

def maths(doc):
    return re.findall(r"^\$\$\n(.*?)\n\$\$$", doc, re.S | re.M)


def tables(doc, title):
    """The numbers of each parameter table in the section titled `title`, row by row."""
    section = doc.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [[[numbers(cell)[0] for cell in line.split("|")[2:-1]] for line in block.splitlines()[2:]]
            for block in section.split("\n\n") if block.startswith("| |")]


@pytest.mark.parametrize("notation", ["engine", "ng", "ufldl", "nielsen"])
def test_the_worked_example_holds_every_formula_the_sample_and_the_parameter_tables(notation):
    st = case(PAIRS[1], "relu", 0.3, 2, seed=7, m=4)  # two mini-batches of 2
    doc = explain.worked_example(st, notation, "en", digits=4)
    items = explain.formulas(st, notation, "en", digits=4)
    blocks = maths(doc)
    assert len(blocks) == len(items) + 1 + 4  # the sample; relu, tanh, loss and cost definitions
    assert all(f.latex in blocks for f in items)
    rec = st.records[-1]
    sample = next(x for x in blocks if "= x =" in x)
    assert all(shown_right(s, v, 4) for s, v in zip(numbers(sample.split("= x =")[1]), [*rec.X[:, 0], *rec.Y[:, 0]]))
    assert rec.X.shape[1] == 2
    for title, W, b in (("explain.params_before", rec.W_before, rec.b_before),
                        ("explain.params_after", rec.W_after, rec.b_after)):
        got = tables(doc, text("en", title))
        assert [len(t) for t in got] == [4, 3, 2]
        for l, table in enumerate(got):
            for j, row in enumerate(table):
                want = [b[l][j], *W[l][j]] if notation == "ng" else [*W[l][j], b[l][j]]
                assert len(row) == len(want) and all(shown_right(s, x, 4) for s, x in zip(row, want))


def test_the_worked_example_is_plain_github_markdown():
    st = case(PAIRS[5], "tanh", 0.3, "full", seed=8)
    doc = explain.worked_example(st, "ng")
    lines = doc.splitlines()
    assert r"\begin" not in doc and all(line == "$$" or "$$" not in line for line in lines)
    for i, line in enumerate(lines):
        if line == "$$" and lines[i - 1] != "" and lines[i + 1] != "":
            pytest.fail(f"a $$ block is not set off by blank lines at line {i}")
    for block in doc.split("\n\n"):
        if block.startswith("|"):
            assert len({line.count("|") for line in block.splitlines()}) == 1, block


def test_chinese_has_chinese_prose_and_the_same_formulas_and_numbers_as_english():
    st = case(PAIRS[4], "sigmoid", 0.3, "full", seed=9)
    en, zh = (explain.worked_example(st, "nielsen", lang) for lang in ("en", "zh"))
    assert maths(en) == maths(zh) and len(maths(en)) > 50
    rows = lambda doc: [line for line in doc.splitlines() if line.startswith("| $j") or line.startswith("| #")]
    assert rows(en) == rows(zh) and rows(en)
    prose = lambda doc: "\n".join(line for line in doc.splitlines() if "$$" not in line and not line.startswith("|"))
    han = re.compile("[\u4e00-\u9fff]")
    assert len(han.findall(prose(zh))) > 200 and not han.search(en)
    assert "反向传播" in zh and "梯度" in zh


def test_nothing_to_explain_before_a_step_and_unknown_names_are_refused():
    st = stepper(MAZUR)
    with pytest.raises(EngineError, match="no step"):
        explain.worked_example(st)
    st.step()
    with pytest.raises(EngineError, match="valid: engine, mazur, ng, nielsen, ufldl"):
        explain.worked_example(st, "bishop")
    with pytest.raises(EngineError, match="valid: en, zh"):
        explain.worked_example(st, lang="fr")


# --- how the cost and the batch sums are written ----------------------------------------------

def test_ngs_cost_penalises_theta_from_column_1_on_as_he_writes_it():
    st = case(PAIRS[4], "sigmoid", 0.3, "full", seed=11)
    rec = st.records[-1]
    cost = next(f for f in explain.formulas(st, "ng") if f.kind == "cost")
    assert r"\frac{\lambda}{2m} \sum_{l} \sum_{j} \sum_{k \ge 1} \bigl(\Theta^{(l)}_{jk}\bigr)^{2}" in cost.rule
    assert r"\lVert" not in cost.rule
    weights_only = sum(float((w ** 2).sum()) for w in rec.W_before)
    with_biases = weights_only + sum(float((v ** 2).sum()) for v in rec.b_before)
    assert cost.used[-1] == pytest.approx(weights_only, rel=1e-12) and cost.used[-1] != pytest.approx(with_biases)
    doc = explain.worked_example(st, "ng")
    assert r"\sum_{k \ge 1} \bigl(\Theta^{(l)}_{jk}\bigr)^{2}" in doc and r"\lVert" not in doc
    ufldl = next(f for f in explain.formulas(st, "ufldl") if f.kind == "cost")
    assert r"\frac{\lambda}{2m} \sum_{l} \lVert W^{(l)} \rVert^{2}" in ufldl.rule


@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_the_cost_mentions_the_l2_term_only_when_there_is_one(lam):
    st = case(PAIRS[0], "tanh", lam, "full", seed=12)
    for lang, word in (("en", "L2"), ("zh", "L2")):
        cost = next(f for f in explain.formulas(st, "engine", lang) if f.kind == "cost")
        assert (word in cost.caption) is (lam > 0) and (r"\lambda" in cost.rule) is (lam > 0)
        doc = explain.worked_example(st, "engine", lang)
        definition = next(b for b in maths(doc) if b.startswith("J = "))
        assert (r"\lambda" in definition) is (lam > 0)


@pytest.mark.parametrize("notation,delta,a,loss,i", [
    ("engine", r"\delta^{[3](i)}_{0}", r"a^{[2](i)}_{1}", r"\ell^{(i)}", "i"),
    ("ng", r"\delta^{(4)(i)}_{1}", r"a^{(3)(i)}_{2}", r"\ell^{(i)}", "i"),
    ("ufldl", r"\delta^{(3)(i)}_{1}", r"a^{(2)(i)}_{2}", r"\ell^{(i)}", "i"),
    ("nielsen", r"\delta^{x,4}_{1}", r"a^{x,3}_{2}", "C_x", "x"),
])
def test_a_sum_over_the_batch_indexes_each_samples_delta_a_and_loss(notation, delta, a, loss, i):
    st = case(PAIRS[0], "sigmoid", 0.3, "full", seed=13)  # a batch of 3
    items = {(f.kind, f.where): f for f in explain.formulas(st, notation)}
    dW, db, cost = items["dW", (3, 0, 1)], items["db", (3, 0)], items["cost", ()]
    summed = items["Delta", (3, 0, 1)].rule if notation == "ng" else dW.rule
    assert summed.startswith(rf"\sum_{{{i}}} {delta}\,{a}") or rf"\sum_{{{i}}} {delta}\,{a}" in summed
    assert rf"\sum_{{{i}}} {loss}" in cost.rule
    if notation != "ng":
        assert rf"\sum_{{{i}}} {delta}" in db.rule
    one = stepper(MAZUR)
    one.step()
    single = {(f.kind, f.where): f for f in explain.formulas(one, notation)}
    assert "(i)" not in single["dW", (2, 0, 0)].rule and "x," not in single["dW", (2, 0, 0)].rule
