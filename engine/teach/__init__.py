"""Teaching views of the core, in packages ranked textbook <- worked <- screen <- classroom
(tests/test_layers.py). Imports engine.core, engine.files.formats and engine.text."""
