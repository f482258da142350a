"""Mazur's own names (his post's i1, h1, o1, w1..w8, b1, b2, net_h1, out_h1, E_total) on his 2-2-2 network."""
import subprocess
import sys
from pathlib import Path

import pytest

from engine.files import formats

from engine.teach.textbook import notation as nota
from engine.teach.textbook.published import FIRST_STEP
from engine.teach.worked import explain
from engine.text.errors import EngineError
from tests.helpers import MAZUR, random_scenario, stepper
from ui.session import keys

ROOT = Path(__file__).resolve().parent.parent
# his weight -> (engine layer l, receiving j, sending k), from his figure: w1 i1->h1, w2 i2->h1, ...
HIS_WEIGHTS = {1: (1, 0, 0), 2: (1, 0, 1), 3: (1, 1, 0), 4: (1, 1, 1),
               5: (2, 0, 0), 6: (2, 0, 1), 7: (2, 1, 0), 8: (2, 1, 1)}


def test_every_weight_has_his_number_and_w5_is_W2_00():
    for n, (l, j, k) in HIS_WEIGHTS.items():
        assert nota.name("mazur", "W", l, j, k) == f"w_{{{n}}}"
        assert nota.text_name("mazur", "W", l, j, k) == "w" + str(n).translate(nota.SUB)  # w₅
        assert nota.html("mazur", "dW", l, j, k) == f"∂E<sub>total</sub>/∂w<sub>{n}</sub>"
    assert nota.name("mazur", "dW", 2, 0, 0) == r"\frac{\partial E_{total}}{\partial w_{5}}"
    assert nota.name("engine", "W", 2, 0, 0) == "W^{[2]}_{0,0}"  # the same weight, the engine's name


def test_every_neuron_quantity_has_his_name():
    assert [nota.name("mazur", "x", None, j) for j in (0, 1)] == ["i_{1}", "i_{2}"]
    assert [nota.name("mazur", "a", 0, j) for j in (0, 1)] == ["i_{1}", "i_{2}"]  # a[0] is the input
    assert [nota.name("mazur", "y", None, j) for j in (0, 1)] == ["target_{o1}", "target_{o2}"]
    for l, unit in ((1, "h"), (2, "o")):
        for j in (0, 1):
            his = f"{unit}{j + 1}"
            assert nota.name("mazur", "z", l, j) == f"net_{{{his}}}"
            assert nota.name("mazur", "a", l, j) == f"out_{{{his}}}"
            assert nota.name("mazur", "delta", l, j) == rf"\delta_{{{his}}}"
            assert nota.text_name("mazur", "z", l, j) == f"net_{his}"
            assert nota.name("mazur", "b", l, j) == f"b_{{{l}}}"  # one bias per layer: b1 hidden, b2 output
    assert nota.text_name("mazur", "a", 1, 0) == "out_h1"  # the key engine.teach.textbook.published uses for the same value
    assert {"net_h1", "out_h1", "out_h2", "out_o1", "out_o2"} <= set(FIRST_STEP)
    nt = nota.get("mazur")
    assert (nt.cost, nt.loss, nt.lr) == ("E_{total}", "E_{o1} + E_{o2}", r"\eta")
    assert nota.symbol_plain(nt.cost) == "E_total"


def test_it_fits_only_2_2_2_and_a_2_3_2_net_is_refused_by_name():
    assert nota.get("mazur").fits([2, 2, 2]) and not nota.get("mazur").fits([2, 3, 2])
    assert "mazur" in nota.available((2, 2, 2)) and "mazur" not in nota.available((2, 3, 2))
    assert set(nota.available((2, 3, 2))) == set(nota.NOTATIONS) - {"mazur"}
    st = stepper(random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid", m=1))
    st.step()
    with pytest.raises(EngineError, match="names only a 2-2-2 network.*this network is 2-3-2") as err:
        explain.formulas(st, "mazur")
    assert err.value.field == "notation" and "2-2-2" in err.value.text("zh")


def test_the_worked_example_reads_in_his_names():
    st = stepper(MAZUR)
    st.step()
    md = explain.worked_example(st, "mazur", digits=9)
    assert r"net_{h1} = w_{1}\,i_{1} + w_{2}\,i_{2} + b_{1} = {0.15 \cdot 0.05} + {0.2 \cdot 0.1} + 0.35 = 0.3775" in md
    assert r"out_{o1} = \sigma(net_{o1}) = \sigma(1.10590597) = 0.75136507" in md
    assert r"E_{total} = E_{o1} + E_{o2} = 0.298371109" in md
    assert r"w_{5} \leftarrow w_{5} - \eta\,\frac{\partial E_{total}}{\partial w_{5}}" in md
    assert "= 0.35891648" in md  # his w5+
    maths = md.partition("## ")[2]  # past the notation's about, which names w5 in the engine's arrays too
    assert "W^{[" not in maths and r"\ell" not in maths  # nothing left in the engine's own names


def cli(path, *args):
    return subprocess.run([sys.executable, "-m", "engine", "explain", str(path), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_explain_on_the_command_line(tmp_path):
    (tmp_path / "mazur.json").write_text(formats.dumps(MAZUR))
    (tmp_path / "wide.json").write_text(formats.dumps(random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid")))
    ok, refused = cli(tmp_path / "mazur.json", "--notation", "mazur"), cli(tmp_path / "wide.json", "--notation", "mazur")
    assert ok.returncode == 0 and r"\delta_{o1}" in ok.stdout and "Matt Mazur" in ok.stdout
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == ('error: notation: the notation "mazur" names only a 2-2-2 network (its '
                                      "source's own names for each unit); this network is 2-3-2: choose another notation")


def test_the_sidebar_offers_his_names_only_on_his_network():
    from streamlit.testing.v1 import AppTest

    from engine.core.scenarios import scenario
    from engine.core.stepping.stepper import Stepper
    from tests.apptest import mazur

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/step.py").run()
    assert "mazur" not in at.selectbox(key="side_notation").options  # the default network is 2-3-2
    mazur(at)
    at.selectbox(key="side_notation").set_value("mazur").run()
    assert at.session_state["notation"] == "mazur" and not at.exception
    assert any("$target_{o}$" in m.value for m in at.markdown)
    for _ in range(3):  # forward 1, forward 2, the loss
        at.button(key="step_fwd").click().run()
    assert "cost E_total = 0.2984" in at.info[0].value and not at.exception
    at.session_state[keys.STEPPER] = Stepper(scenario.parse(random_scenario([2, 3, 2], "sigmoid", "squared_error", "sigmoid")))
    at.run()
    assert at.session_state["notation"] == "engine" and not at.exception
    assert "mazur" not in at.selectbox(key="side_notation").options
    assert any("only its own network" in c.value for c in at.sidebar.caption)


def test_his_names_here_are_the_names_engine_published_compares():
    """engine.teach.textbook.published reads each of his printed quantities from a step record by hand; every one must sit
    where this notation puts the same name (a record whose entries are their own addresses tells)."""
    from types import SimpleNamespace

    import numpy as np

    NAMES = {}  # (kind, engine layer, j, k) -> the number standing for it in the fake record
    W_after = [np.array([[NAMES.setdefault(("W", l, j, k), len(NAMES)) for k in range(2)] for j in range(2)])
               for l in (1, 2)]
    z = [np.array([[NAMES.setdefault(("z", l, j, None), len(NAMES))] for j in range(2)]) for l in (1, 2)]
    a = [None] + [np.array([[NAMES.setdefault(("a", l, j, None), len(NAMES))] for j in range(2)]) for l in (1, 2)]
    rec = SimpleNamespace(W_after=W_after, z=z, a=a, J=-1)
    where = {v: key for key, v in NAMES.items()}
    for his, get in FIRST_STEP.items():
        if his == "E_total":
            assert nota.symbol_plain(nota.get("mazur").cost) == his
            continue
        kind, l, j, k = where[int(get(rec))]
        if kind == "W":  # his w5+ is w5 after the update
            assert nota.name("mazur", "W", l, j, k) == f"w_{{{his.rstrip('+')[1:]}}}", his
        else:
            assert nota.text_name("mazur", kind, l, j) == his
