"""Colour vision for the palette tests: dichromacy simulated after Machado, Oliveira & Fernandes (2009)
at severity 1.0 (their matrices act on linear RGB), and the CIEDE2000 colour difference between sRGB
colours (Sharma, Wu & Dalal 2005, checked against their published test pairs in test_palettes.py).
"""
import numpy as np

MACHADO = {  # severity 1.0, from the paper's supplementary table
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
WHITE = SRGB_TO_XYZ @ np.ones(3)  # D65, the sRGB white


def rgb(colour: str) -> np.ndarray:
    """0..1 sRGB of "#rrggbb", "#rgb" or "rgb(r, g, b)"."""
    c = colour.strip()
    if c.startswith("rgb"):
        return np.array([float(v) for v in c[c.index("(") + 1:-1].split(",")[:3]]) / 255
    c = c.lstrip("#")
    c = "".join(ch * 2 for ch in c) if len(c) == 3 else c
    return np.array([int(c[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def linear(srgb):
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(srgb) -> np.ndarray:
    """CIELAB (D65) of 0..1 sRGB."""
    t = (SRGB_TO_XYZ @ linear(srgb)) / WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(colour: str, vision: str) -> np.ndarray:
    """CIELAB of a colour as a viewer with this vision sees it (simulated in linear RGB)."""
    lin = np.clip(MACHADO[vision] @ linear(rgb(colour)), 0.0, 1.0)
    srgb = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
    return lab(srgb)


def ciede2000(lab1, lab2) -> float:
    """The CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(C ** 7 / (C ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = (np.degrees(np.arctan2(b, a)) % 360 for a, b in ((a1p, b1), (a2p, b2)))
    dh = 0.0 if C1p * C2p == 0 else (h2p - h1p + 180) % 360 - 180
    dL, dC, dH = L2 - L1, C2p - C1p, 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dh / 2))
    Lm, Cm = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (1 - 0.17 * np.cos(np.radians(hm - 30)) + 0.24 * np.cos(np.radians(2 * hm))
         + 0.32 * np.cos(np.radians(3 * hm + 6)) - 0.20 * np.cos(np.radians(4 * hm - 63)))
    SL = 1 + 0.015 * (Lm - 50) ** 2 / np.sqrt(20 + (Lm - 50) ** 2)
    SC, SH = 1 + 0.045 * Cm, 1 + 0.015 * Cm * T
    RT = (-2 * np.sqrt(Cm ** 7 / (Cm ** 7 + 25.0 ** 7))
          * np.sin(np.radians(60 * np.exp(-(((hm - 275) / 25) ** 2)))))
    return float(np.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH)))


def difference(c1: str, c2: str, vision: str) -> float:
    """CIEDE2000 between two colours as seen with this vision."""
    return ciede2000(seen(c1, vision), seen(c2, vision))


def closest(colours, vision: str, backgrounds=()) -> tuple:
    """(the smallest difference, the pair it is between) among the colours and against each
    background: the pair a viewer with this vision would confuse first."""
    pairs = [(a, b) for i, a in enumerate(colours) for b in colours[i + 1:]]
    pairs += [(c, bg) for c in colours for bg in backgrounds]
    return min((difference(a, b, vision), (a, b)) for a, b in pairs)
