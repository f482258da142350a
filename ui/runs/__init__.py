"""The session's runs as tools: a new run with one change, the run list (Compare, Textbook examples)."""
