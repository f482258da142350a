"""Live class: the student's view of a teacher's class, joined by code (?join=CODE), followed step by step."""
from ui.live import student
from ui.session import boot

boot.ensure()
student.page()
