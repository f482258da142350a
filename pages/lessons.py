"""Lessons: a network and the stops a teacher makes on it, each with a note, played stop by stop."""
from ui import boot, lessonpage

boot.ensure()
lessonpage.draw()
