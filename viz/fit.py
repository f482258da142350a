"""How big the network figure draws its parts, worked out from the pixels it gets.

Plotly places markers and text in pixels, so a figure sized for a laptop crowds a phone and looks
tiny on a projector. Every layer gets a column band of equal width (half a band of margin at each
end); a header, a neuron and its name are never wider than their band, so neighbouring columns
never collide and nothing runs past the figure's edge. What does not fit is drawn shorter (the
compact headers) or not at all (a value too small to read inside its neuron: its hover keeps it).
Widths of text are estimated from the character count, with a margin for the widest glyphs.
"""
import re
from dataclasses import dataclass

import numpy as np

CHAR = 0.56  # px of an average glyph per px of font size (digits and lower case, with some room)
LINE = 1.3  # line height per px of font size
PAD = 0.8  # slots of empty space above and below the tallest layer
MIN_MARKER, MARKER_PER_FONT = 12, 4.2  # px; the largest marker grows with the font
MIN_FONT = 9  # px: text that would need to be smaller is left to the hover
SIDE = 10  # px of the figure's left and right margins
MIN_HEIGHT = 300


def _ems(line: str) -> float:
    # a CJK character is a full em wide, others about CHAR of one
    return sum(1.0 if ord(c) >= 0x2E80 else CHAR for c in re.sub(r"<[^>]+>", "", line))


def text_px(text: str, font: float) -> float:
    """The estimated width of the widest line of a plotly text (tags removed, <br> breaks lines)."""
    return max(_ems(line) for line in text.split("<br>")) * font


def lines(text: str) -> int:
    return text.count("<br>") + 1


@dataclass(frozen=True)
class Fit:
    height: int  # px of the whole figure
    font: int  # px of ordinary figure text
    head_font: float  # px of the layer headers
    compact: bool  # headers in their short form
    marker: float  # px diameter of a neuron
    value_font: float  # px of the number inside a neuron; 0 when numbers are left to the hover
    names: bool  # neuron names drawn above the neurons
    slot_px: float  # px between neighbouring neuron slots
    net: float  # share of the plot's width the network takes; the colour strips take the rest
    margin: dict  # plotly's l, r, t, b in px
    note_font: float  # px of the "not drawn" note under the network


def fit(slots: int, columns: int, width: float, height: float, font: int, heads: tuple, short_heads: tuple,
        values: list, names: list, note: str) -> Fit:
    """The sizes for a network of `columns` layers whose tallest layer has `slots` slots, drawn
    `width` x `height` px with `font` px text: heads and short_heads are the layer headers in
    both forms, values and names the texts drawn in and above the neurons, note the note below."""
    plot_w = width - 2 * SIDE
    strip = max(7 * CHAR * (font - 1) + 30, 0.1 * plot_w)  # squares and their longest number
    band = (plot_w - strip) / columns
    head_font = font + 1
    compact = any(text_px(h, head_font) > band - 6 for h in heads)
    shown = short_heads if compact else heads
    head_font = float(np.clip((band - 6) / max(text_px(h, 1) for h in shown), MIN_FONT, head_font))
    note_font = font - 1
    t = max(lines(h) for h in shown) * LINE * head_font + 14
    b = (lines(note) * LINE * note_font + 10) if note else 12
    largest = min(MARKER_PER_FONT * font, 0.62 * band)
    # no taller than the neurons can use: a deep network on a phone gets a short figure
    height = max(MIN_HEIGHT, min(height, t + b + (slots - 1 + 2 * PAD) * max(largest / 0.72 * 2.0, 3 * font)))
    slot_px = (height - t - b) / (slots - 1 + 2 * PAD)
    marker = float(np.clip(min(0.72 * slot_px, largest), MIN_MARKER, None))
    value_font = min(font, 0.9 * marker / max((text_px(v, 1) for v in values), default=1))
    label_room = band - 6 >= max((text_px(n, font) for n in names), default=0) and slot_px >= marker + 2 * LINE * font
    return Fit(int(round(height)), font, head_font, compact, marker, value_font if value_font >= MIN_FONT else 0.0,
               bool(names) and label_room, slot_px, (plot_w - strip) / plot_w,
               dict(l=SIDE, r=SIDE, t=round(t), b=round(b)), note_font)


def wrap(text: str, width: float, font: float) -> str:
    """text broken at spaces into lines no wider than width px (estimated)."""
    out, line = [], ""
    for word in text.split(" "):
        if line and _ems(f"{line} {word}") * font > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "<br>".join(out + [line])
