"""The Gradient check page."""
