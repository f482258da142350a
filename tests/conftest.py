"""Markers put on every test by where it lives and what it drives, so a new test file gets the right one
without naming it (pytest.ini registers them; README says which command runs which):

- browser: tests/e2e, a real Streamlit server driven by Playwright through chromium;
- server: a Streamlit server (or HAProxy and replicas) of the test's own, spoken to over HTTP and
  Streamlit's protocol without a browser (its module uses the test kit, tests/kit);
- page: drives the app in Streamlit's AppTest (its code, or a function of its module it calls, names
  AppTest or a helper of tests/apptest.py);
- unit: everything else (the engine, viz, ui functions without a session);
- slow: set by hand (`pytestmark = pytest.mark.slow` or a decorator) on the few long property, fuzz,
  large-network and memory tests; it comes on top of the others.

`--every-state` walks every control in every state (tests/test_every_callback.py); without it, a
representative set of states.
"""
import inspect
import types
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from engine.teach.textbook import presets
from tests import apptest, kit
from ui.session import state

E2E = Path(__file__).resolve().parent / "e2e"


def _names(code: types.CodeType):
    """The global names a function's code (and the functions and lambdas defined inside it) refers to."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _names(const)


def _drives_the_app(fn, module, seen) -> bool:
    """Whether fn, or a function of its own module it calls, reaches AppTest or tests/apptest.py."""
    if fn in seen or not hasattr(fn, "__code__"):
        return False
    seen.add(fn)
    for name in _names(fn.__code__):
        obj = vars(module).get(name)
        if obj is AppTest or obj is apptest or inspect.getmodule(obj) is apptest:
            return True
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and _drives_the_app(obj, module, seen):
            return True
    return False


def _uses_the_kit(module) -> bool:
    """Whether a test module imported the test kit's servers, students or balancer."""
    inside = kit.__name__ + "."
    return any(str(getattr(obj, attr, None)).startswith(inside)
               for obj in vars(module).values() for attr in ("__name__", "__module__"))


def pytest_addoption(parser):
    parser.addoption("--every-state", action="store_true",
                     help="tests/test_every_callback.py: every control in every state, not a representative set")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)
        elif _uses_the_kit(item.module):
            item.add_marker(pytest.mark.server)
        elif _drives_the_app(getattr(item, "function", None), item.module, set()):
            item.add_marker(pytest.mark.page)
        else:
            item.add_marker(pytest.mark.unit)


@pytest.fixture(autouse=True, scope="session")
def _components_scanned_once():
    """Each AppTest session scans every installed package for Streamlit component manifests, about three
    quarters of its start; the packages do not change during a test run, so the first scan serves all."""
    from functools import cache

    from streamlit.components.v2 import manifest_scanner
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(manifest_scanner, "scan_component_manifests", cache(manifest_scanner.scan_component_manifests))
        yield


class Query(dict):
    """st.query_params as share() uses it."""

    def to_dict(self):
        return dict(self)

    def from_dict(self, q):
        self.clear()
        self.update(q)


@pytest.fixture
def session(monkeypatch):
    """A session bootstrapped outside Streamlit: session_state and the query are plain dicts. Mazur's
    preset is loaded, so that every key holds a value of its kind (the preset's name too)."""
    ss = {}
    monkeypatch.setattr(streamlit, "session_state", ss)
    monkeypatch.setattr(streamlit, "query_params", Query())
    state.bootstrap({})
    state.install(presets.get("mazur").scenario(), preset="mazur")
    return ss


@pytest.fixture
def media_stores(monkeypatch) -> list:
    """AppTest's media stores, kept past the run so that a test can read what a download button hands out."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test
    stores = []

    class Kept(MemoryMediaFileStorage):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    return stores


@pytest.fixture(autouse=True, scope="session")
def _live_classes_in_a_folder_of_the_tests(tmp_path_factory):
    """A live class a test starts (the walk of every control presses "Start a live class") goes to a
    SQLite file of the test run, never to the project's data/ folder or a configured Redis."""
    import os
    from ui import live
    before = {k: os.environ.get(k) for k in ("BACKPROP_DATA", "BACKPROP_STORE")}
    os.environ["BACKPROP_DATA"] = str(tmp_path_factory.mktemp("live"))
    os.environ.pop("BACKPROP_STORE", None)
    live.open_store.cache_clear()
    yield
    for k, v in before.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    live.open_store.cache_clear()
