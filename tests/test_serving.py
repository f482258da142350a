"""The settings the app is served with: what Streamlit reads from .streamlit/config.toml when started
in the project folder (as `streamlit run app.py` is, here and in the Dockerfile)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READ = """
import json
from streamlit import config
names = json.loads(input())
print(json.dumps({n: [config.get_option(n), config.get_where_defined(n)] for n in names}))
"""
SERVING = {
    "runner.fastReruns": False,  # one run of a session at a time: the Train page's Stop relies on it
}


@pytest.fixture(scope="module")
def options():
    """Each option's value and where Streamlit found it, read in a fresh process in the project folder."""
    done = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, input=json.dumps(list(SERVING)),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(SERVING))
def test_option_comes_from_the_project_config(options, name):
    value, where = options[name]
    assert value == SERVING[name]
    assert Path(where) == ROOT / ".streamlit" / "config.toml"
