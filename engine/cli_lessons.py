"""The command line's lesson commands: python -m engine lessons | lesson NAME, and validate's lesson check."""
from engine.teach.classroom import lesson
from engine.text.i18n import count

SCHEMA = lesson.SCHEMA


def add(sub):
    lst = sub.add_parser("lessons", help="list the built-in lessons",
                         description="List the built-in lessons: name, tab (the page they play on) and English title.")
    lst.set_defaults(func=cmd_lessons)
    one = sub.add_parser("lesson", help="print a built-in lesson's JSON",
                         description="Print a built-in lesson as a lesson file (backprop-lesson/1), to edit and load.")
    one.add_argument("name", help="lesson name (see: python -m engine lessons)")
    one.set_defaults(func=cmd_lesson)


def cmd_lessons(args) -> int:
    for name, tab, title in lesson.listing("en"):
        print(f"{name}\t{tab}\t{title}")
    return 0


def cmd_lesson(args) -> int:
    print(lesson.dumps(lesson.get(args.name)))
    return 0


def validate(obj) -> int:
    """Check a lesson object and play every stop (EngineError names the first fault)."""
    les = lesson.parse(obj)
    lesson.play(les)
    layers = sorted({tuple(sc.net.layers) for sc in les.scenarios})
    print(f"ok: lesson {lesson.text(les.title, 'en')!r}, {count('en', 'stop', len(les.stops))} on layers "
          f"{', '.join(str(list(n)) for n in layers)}, every stop played")
    return 0
