"""Lessons: a network and the stops a teacher makes on it, each with a note, played stop by stop."""
from ui.lessons import page
from ui.session import boot

boot.ensure()
page.draw()
