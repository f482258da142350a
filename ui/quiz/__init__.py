"""The Quiz page."""
