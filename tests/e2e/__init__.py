"""Browser tests (marked browser): a package of its own, see tests/__init__.py."""
