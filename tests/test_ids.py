"""A drawing's neuron and edge ids have one home (engine.teach.screen.ids): built and read there only."""
import re
from pathlib import Path

import pytest

from engine.teach.screen import ids

ROOT = Path(__file__).resolve().parent.parent


def test_ids_read_back_what_they_spell():
    assert ids.parse(ids.neuron(2, 5)) == ("n", 2, 5)
    assert ids.parse(ids.edge(1, 0, 3)) == ("e", 1, 0, 3)


@pytest.mark.parametrize("cid", ["e1_0", "n1", "n1_0_2", "x1_0", "e1_0_", "", None, 7, "n-1_0"])
def test_anything_else_is_no_id(cid):
    # "e1_0" was an edge to one parser and a neuron-sized tuple to another
    assert ids.parse(cid) is None


def test_no_other_module_spells_or_splits_the_format():
    spelt = re.compile(r'f"[ne]\{[^}]*\}_\{|"[ne]\{\}_\{\}|\[1:\]\.split\("_"\)')
    found = [f"{p.relative_to(ROOT)}:{i}" for d in ("engine", "ui", "viz", "pages") for p in (ROOT / d).rglob("*.py")
             if p.name != "ids.py" for i, line in enumerate(p.read_text().splitlines(), 1) if spelt.search(line)]
    assert found == []
