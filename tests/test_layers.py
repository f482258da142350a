"""Imports point one way: pages -> ui -> viz -> engine, and inside the engine text <- core <- files <-
teach <- its command line, with core's packages maths <- scenarios <- stepping and teach's textbook <- worked
<- screen <- classroom. Inside ui, the shared packages rank query <- session <- common <- stage and runs,
and a page's package (ui/build, ui/step, ...) imports only those, never another page's. Parsed from the
sources, so a wrong arrow fails here, not in review."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# rank of each part: a module may import parts of a lower or equal rank, never a higher one
PAGE_PACKAGES = ("build", "train", "compare", "lessons", "trace", "check", "quiz", "presets")
RANKS = {"engine.text": 0, "engine.core": 1, "engine.files": 2, "engine.teach": 3, "engine": 4,
         # the packages of core and teach rank inside their folder's rank, below the next folder's
         "engine.core.maths": 1.1, "engine.core.scenarios": 1.2, "engine.core.stepping": 1.3,
         "engine.teach.textbook": 3.1, "engine.teach.worked": 3.2, "engine.teach.screen": 3.3,
         "engine.teach.classroom": 3.4,
         "viz": 5, "ui.query": 6, "ui.session": 7, "ui.common": 8, "ui.figure": 8, "ui.stage": 9, "ui.runs": 9,
         "ui.live": 10, **{f"ui.{name}": 11 for name in PAGE_PACKAGES}, "pages": 12, "app": 12}
FOREIGN = {"engine": ("streamlit", "plotly", "networkx"), "viz": ("streamlit",)}  # libraries a part must not use


def part(module: str) -> str | None:
    """The part a dotted module name belongs to (its longest prefix among RANKS)."""
    found = [p for p in RANKS if module == p or module.startswith(p + ".")]
    return max(found, key=len) if found else None


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a source, relative ones made absolute."""
    rel = path.relative_to(ROOT).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            mod = ".".join(p for p in (base, node.module or "") if p)
            # `from engine import notation` imports engine.teach.textbook.notation, not the package alone
            out += [(node.lineno, f"{mod}.{a.name}" if part(f"{mod}.{a.name}") != part(mod) else mod)
                    for a in node.names]
    return out


def wrong_arrows(path: Path) -> list[str]:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    own = part(name)
    bad = []
    for line, mod in imports(path):
        other = part(mod)
        if other is not None and RANKS[other] > RANKS[own]:
            bad.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {mod} ({other})")
        elif other != own and RANKS.get(other) == RANKS[own] == RANKS["ui.build"]:
            bad.append(f"{path.relative_to(ROOT)}:{line} (page package {own}) imports another page's {mod}")
        for top, banned in FOREIGN.items():
            if own.split(".")[0] == top and mod.split(".")[0] in banned:
                bad.append(f"{path.relative_to(ROOT)}:{line} ({own}) imports {mod}")
    return bad


SOURCES = sorted([*ROOT.glob("engine/**/*.py"), *ROOT.glob("viz/**/*.py"), *ROOT.glob("ui/**/*.py"),
                  *ROOT.glob("pages/*.py"), ROOT / "app.py"])


def test_every_import_points_down_the_layers():
    assert len(SOURCES) > 60
    assert [bad for path in SOURCES for bad in wrong_arrows(path)] == []


@pytest.mark.parametrize("where, line", [
    ("engine/core/x.py", "from engine.teach import notation"),
    ("engine/core/x.py", "from ..files import formats"),
    ("engine/text/x.py", "from engine.core.maths.network import Net"),
    ("engine/teach/x.py", "import streamlit as st"),
    ("engine/core/maths/x.py", "from engine.core.stepping.stepper import Stepper"),
    ("engine/core/scenarios/x.py", "from engine.core.stepping import reveal"),
    ("engine/teach/textbook/x.py", "from engine.teach.worked import formulas"),
    ("engine/teach/screen/x.py", "from engine.teach.classroom import lesson"),
    ("viz/x.py", "from ui.session import state"),
    ("ui/session/x.py", "from pages import step"),
    ("ui/session/x.py", "from ui.common import sidebar"),
    ("ui/common/x.py", "from ui.stage import present"),
    ("ui/build/x.py", "from ui.train import loop"),
    ("ui/quiz/x.py", "from ui.lessons.page import draw"),
])
def test_a_wrong_arrow_is_caught(tmp_path, monkeypatch, where, line):
    fake = ROOT / where
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: line)
    assert wrong_arrows(fake)


def test_every_ui_module_is_in_a_ranked_package():
    loose = [p.relative_to(ROOT) for p in SOURCES if p.parts[len(ROOT.parts)] == "ui"
             and part(".".join(p.relative_to(ROOT).with_suffix("").parts)) is None and p.name != "__init__.py"]
    assert loose == []


def test_every_core_and_teach_module_is_in_a_ranked_package():
    """engine/core and engine/teach hold packages by concern (maths, stepping, ...), no module of their own."""
    loose = [p.relative_to(ROOT) for p in SOURCES if p.name != "__init__.py"
             and part(".".join(p.relative_to(ROOT).with_suffix("").parts)) in ("engine.core", "engine.teach")]
    assert loose == []


def test_no_ui_or_engine_folder_holds_more_than_a_dozen_modules():
    folders = {p.parent for p in SOURCES if p.parts[len(ROOT.parts)] in ("ui", "engine")}
    crowded = [f"{f.relative_to(ROOT)}: {n}" for f in folders
               if (n := len([p for p in f.glob("*.py") if p.name != "__init__.py"])) > 12]
    assert crowded == []


def test_the_engine_top_level_holds_at_most_a_dozen_modules_and_none_is_long():
    top = [p for p in (ROOT / "engine").iterdir() if p.suffix == ".py"]  # the top level only
    assert len(top) <= 12
    long = [f"{p.relative_to(ROOT)}: {n}" for p in SOURCES if (n := len(p.read_text().splitlines())) > 300]
    assert long == []


def test_no_test_module_imports_another():
    """Shared helpers live in tests/apptest.py, tests/helpers.py and tests/kit, never in a test module."""
    found = [f"{p.relative_to(ROOT)}:{line}" for p in (ROOT / "tests").rglob("*.py")
             for line, mod in imports(p) if mod.split(".")[-1].startswith("test_")]
    assert found == []


def test_every_import_is_written_absolute():
    """`from viz.palette import FONT`, never `from .palette import FONT`: a module reads the same wherever
    it is and wherever it moves."""
    relative = [f"{p.relative_to(ROOT)}:{node.lineno}" for p in SOURCES for node in ast.walk(ast.parse(p.read_text()))
                if isinstance(node, ast.ImportFrom) and node.level]
    assert relative == []
