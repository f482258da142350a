"""The test suite: a package, so tests/test_link.py and tests/e2e/test_link.py can share a basename."""
