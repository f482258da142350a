"""The server's numpy runs its BLAS on one thread (blas.py): set before numpy loads, by both entry points."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the thread count numpy's bundled OpenBLAS will use, printed by a fresh interpreter
THREADS = """import glob, ctypes, os, numpy
libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "libscipy_openblas*"))
print(ctypes.CDLL(libs[0]).scipy_openblas_get_num_threads64_() if libs else "none")"""


def _threads(first: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    run = subprocess.run([sys.executable, "-c", first + THREADS], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return run.stdout.strip()


def test_blas_runs_on_one_thread_once_imported_first():
    plain = _threads("")
    if plain == "none":
        pytest.skip("this numpy does not bundle scipy-openblas")
    assert _threads("import blas\n") == "1"
    if (os.cpu_count() or 1) > 1:  # the control: without it, one thread a core
        assert int(plain) > 1


@pytest.mark.parametrize("entry", ["app.py", "serve.py"])
def test_each_entry_point_imports_blas_before_anything_else(entry):
    tree = ast.parse((ROOT / entry).read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert isinstance(imports[0], ast.Import) and imports[0].names[0].name == "blas"
