"""The Textbook examples page."""
