"""Streamlit code, no maths: shared packages (query, session, common, stage, runs) and one package a page.
The README's layout table says what each holds; tests/test_layers.py holds the arrows between them."""
