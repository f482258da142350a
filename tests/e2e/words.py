"""The English texts the browser tests expect, from the same catalogue the app reads."""
from engine.text import i18n


def en(key, **fields):
    return i18n.text("en", key, **fields)


def progress(steps) -> str:
    """The sidebar's line for the default network (Mazur's one sample) after this many steps."""
    return en("side.progress", steps=i18n.count("en", "step", steps), m=i18n.count("en", "training_sample", 1),
              lr="0.5")
