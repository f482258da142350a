"""The maths core, in packages ranked maths <- scenarios <- stepping (tests/test_layers.py). Imports only
engine.text."""
