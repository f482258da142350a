"""The light theme's colours meet WCAG 2.2 AA where Streamlit derives them from .streamlit/config.toml.

Streamlit draws a caption in the text colour at 60 % opacity and a toggle group's selected option in the
primary colour on a 10 % tint of it (its frontend's fadedText60 and the button group's active style):
with the default colours they were 3.88:1 and 4.47:1. The browser test (tests/e2e/test_axe.py) measures
the page itself; this checks the arithmetic of the chosen colours in a second."""
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
WHITE, SIDEBAR = (255, 255, 255), (248, 248, 247)  # the main area and the light sidebar


def rgb(hex_: str) -> tuple:
    return tuple(int(hex_.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def over(ink: tuple, alpha: float, paper: tuple) -> tuple:
    return tuple(alpha * i + (1 - alpha) * p for i, p in zip(ink, paper))


def luminance(c: tuple) -> float:
    lin = [(v / 255 / 12.92) if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple, b: tuple) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_light_captions_and_the_selected_option_reach_4_5():
    light = tomllib.loads(CONFIG.read_text())["theme"]["light"]
    text, primary = rgb(light["textColor"]), rgb(light["primaryColor"])
    for paper in (WHITE, SIDEBAR):
        assert contrast(over(text, 0.6, paper), paper) >= 4.5  # a caption
        assert contrast(text, paper) >= 7
    assert contrast(primary, over(primary, 0.1, WHITE)) >= 4.5  # the selected option of a toggle group
    assert contrast(WHITE, primary) >= 4.5  # a primary button's label
    assert contrast(primary, WHITE) >= 3  # the focus ring drawn in it (ui's CSS)
