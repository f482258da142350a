"""tests/conftest.py marks a test by what it needs: a module that imports the test kit (tests/kit) starts a
server of its own, so its tests are `server`, never `unit` (the quick loop runs `unit or page`). This module
imports the kit inside its tests, as the example modules' contents: at its top it would make it one of them."""
import types

import numpy as np

from tests import conftest, helpers


def module(**names) -> types.ModuleType:
    mod = types.ModuleType("tests.test_example")
    vars(mod).update(names)
    return mod


def test_a_module_that_uses_the_kit_needs_a_server():
    from tests.kit import balancer, server, student
    for uses in (dict(serve=server.serve), dict(Student=student.Student), dict(balancer=balancer)):
        assert conftest._uses_the_kit(module(np=np, **uses)), uses


def test_a_module_without_the_kit_does_not():
    assert not conftest._uses_the_kit(module(np=np, run_async=helpers.run_async, helpers=helpers))
