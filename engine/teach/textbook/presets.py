"""Textbook presets: ready scenarios (backprop-scenario/1) named by the user, one per worked example.

Each preset's title and 2-3 sentence "about" live in the text catalogues under
"preset.<name>.title" and "preset.<name>.about"; the scenario's own "title" and "description" carry
the English text so an exported file explains itself. Explicit weights and data are used wherever a
textbook gives them, so every number on screen can be checked by hand.
"""
import copy
from dataclasses import dataclass

from engine.core.scenarios.scenario import SCHEMA
from engine.teach.textbook.published import MAZUR_PUBLISHED
from engine.text.errors import choose
from engine.text.i18n import text

# house size (square feet), bedrooms -> price at least 300,000 (1) or not (0)
HOUSES_X = [[2104, 3], [1600, 3], [2400, 3], [1416, 2], [3000, 4], [1985, 4], [1534, 3], [1427, 3],
            [1380, 3], [1494, 3]]
HOUSES_Y = [[1], [1], [1], [0], [1], [0], [1], [0], [0], [0]]


@dataclass(frozen=True)
class Preset:
    name: str  # registry key; also names its catalogue entries preset.<name>.*
    source: dict  # the scenario without title/description (those come from the catalogue)
    notation: str  # engine.teach.textbook.notation key the source writes in, switched to when the preset is loaded
    published: dict | None = None  # quantity -> value exactly as the source prints it, if it prints any

    def title(self, lang: str = "en") -> str:
        return text(lang, f"preset.{self.name}.title")

    def about(self, lang: str = "en") -> str:
        return text(lang, f"preset.{self.name}.about")

    def scenario(self) -> dict:
        """A fresh copy (callers may edit it) with the English title and description filled in."""
        return {**copy.deepcopy(self.source), "title": self.title("en"), "description": self.about("en")}


def _sc(layers, activations, loss, **rest) -> dict:
    return {"schema": SCHEMA, "layers": layers, "activations": activations, "loss": loss,
            "lambda": 0.0, **rest}


def _presets():
    sig = "sigmoid"
    yield Preset("mazur", _sc(
        [2, 2, 2], [sig, sig], "squared_error", lr=0.5,
        W=[[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
        b=[[0.35, 0.35], [0.60, 0.60]], X=[[0.05, 0.10]], Y=[[0.01, 0.99]],
        # the textbook rule reproduces every weight he prints; his loss after the step needs
        # update_order "output_first" (engine.teach.textbook.published explains both)
        update_order="simultaneous", freeze_biases=True),
        # his own names (net_h1, w5) are mapped onto the engine's arrays in engine.teach.textbook.published
        "engine", MAZUR_PUBLISHED)
    # full batch: Ng's gradient is over all m samples, so the 1/m and lambda/m terms show
    yield Preset("ng_4layer", _sc(
        [3, 2, 2, 2], [sig, sig, sig], "cross_entropy", lr=1.0, batch="full", **{"lambda": 1.0},
        W=[[[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6]], [[0.7, -0.8], [0.9, 0.2]], [[-0.3, 0.6], [0.4, -0.5]]],
        b=[[0.1, -0.1], [0.05, -0.05], [0.2, -0.2]],
        X=[[1.0, 0.5, -1.0], [-0.5, 1.5, 0.5], [0.8, -1.2, 1.0], [-1.0, -0.3, -0.6]],
        Y=[[1, 0], [0, 1], [1, 0], [0, 1]]), "ng")
    yield Preset("softmax_232", _sc(
        [2, 3, 2], [sig, "softmax"], "softmax_cross_entropy", lr=0.5,
        W=[[[0.2, -0.4], [0.6, 0.1], [-0.3, 0.5]], [[0.4, -0.2, 0.3], [-0.5, 0.6, 0.1]]],
        b=[[0.0, 0.1, -0.1], [0.05, -0.05]],
        X=[[0.5, 1.0], [-1.0, 0.5], [1.5, -0.5], [-0.5, -1.5]], Y=[[1, 0], [0, 1], [1, 0], [0, 1]]), "ufldl")
    yield Preset("nielsen", _sc(
        [2, 3, 2], [sig, sig], "squared_error", lr=3.0,
        W=[[[0.5, -0.3], [-0.2, 0.8], [0.4, 0.1]], [[0.3, -0.6, 0.2], [-0.4, 0.5, 0.7]]],
        b=[[0.1, -0.2, 0.0], [0.2, -0.1]],
        X=[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], Y=[[1, 0], [0, 1], [0, 1], [1, 0]]), "nielsen")
    yield Preset("linreg", _sc(
        [2, 1], ["linear"], "squared_error", lr=0.1, batch="full", W=[[[0.0, 0.0]]], b=[[0.0]],
        X=[[1.0, 2.0], [2.0, 0.5], [-1.0, 1.0], [0.5, -1.5], [-2.0, -0.5], [1.5, 1.0]],
        Y=[[0.6], [4.1], [-2.4], [3.4], [-3.2], [2.4]]), "ng")  # about 2 x1 - x2 + 0.5, with noise
    yield Preset("logreg", _sc(
        [2, 1], [sig], "cross_entropy", lr=0.5, batch="full", W=[[[0.0, 0.0]]], b=[[0.0]],
        X=[[1.0, 2.0], [2.0, 0.5], [-1.0, 1.0], [0.5, -1.5], [-2.0, -0.5], [1.5, 1.0], [-0.5, 2.5], [0.2, 0.1]],
        Y=[[1], [1], [0], [1], [0], [1], [0], [0]]), "ng")
    yield Preset("linear2", _sc(
        [2, 2, 1], ["linear", "linear"], "squared_error", lr=0.05, batch="full",
        W=[[[0.5, -0.2], [0.1, 0.4]], [[0.3, -0.6]]], b=[[0.0, 0.0], [0.0]],
        X=[[1.0, 2.0], [2.0, 0.5], [-1.0, 1.0], [0.5, -1.5], [-2.0, -0.5]],
        Y=[[-1.0], [1.5], [-2.0], [2.0], [-1.5]]), "ufldl")  # y = x1 - x2: one linear map, split in two layers
    yield Preset("linear332", _sc(
        [3, 3, 2], ["linear", "linear"], "squared_error", lr=0.05,
        W=[[[0.2, -0.1, 0.4], [0.3, 0.5, -0.2], [-0.4, 0.1, 0.3]], [[0.6, -0.3, 0.2], [-0.1, 0.4, 0.5]]],
        b=[[0.1, 0.0, -0.1], [0.0, 0.2]],
        X=[[1.0, 0.0, 2.0], [0.5, -1.0, 1.0], [-1.0, 2.0, 0.0]], Y=[[1.0, 2.0], [0.0, 1.0], [-1.0, 0.5]]), "ufldl")
    yield Preset("symmetry", _sc(
        [2, 4, 1], [sig, sig], "cross_entropy", lr=1.0, init={"scheme": "constant", "value": 0.5},
        dataset={"name": "xor", "seed": 0, "n": 100}), "ng")  # his lecture on breaking the symmetry
    houses = dict(W=[[[0.5, -0.3], [-0.2, 0.4], [0.1, 0.6]], [[0.5, -0.5, 0.4]]], b=[[0.0, 0.0, 0.0], [0.0]],
                  X=HOUSES_X, Y=HOUSES_Y, lr=0.5)
    yield Preset("unscaled", _sc([2, 3, 1], [sig, sig], "cross_entropy", **houses), "ng")  # his housing data
    yield Preset("unscaled_std", _sc([2, 3, 1], [sig, sig], "cross_entropy", standardize=True, **houses), "ng")
    yield Preset("digits", _sc(
        [64, 128, 64, 10], ["tanh", "tanh", "softmax"], "softmax_cross_entropy", lr=0.1, batch=32,
        init={"scheme": "xavier", "seed": 0}, dataset={"name": "digits", "seed": 0, "n": 1797},
        test_fraction=0.2), "ufldl")  # a CS231n-style softmax classifier
    # one start for the Compare page's one-click comparison of optimisers (ui.runs.onechange): at this small lr
    # plain gradient descent has barely begun after 400 steps where momentum and Adam have fitted the disc
    yield Preset("optimisers", _sc(
        [2, 8, 8, 1], ["tanh", "tanh", sig], "cross_entropy", lr=0.01, batch=10,
        init={"scheme": "xavier", "seed": 1}, dataset={"name": "circle", "seed": 0, "n": 200}), "engine")


PRESETS = {p.name: p for p in _presets()}


def names() -> list[str]:
    return list(PRESETS)


def get(name: str) -> Preset:
    """The preset of that name; an unknown name raises EngineError listing the valid ones."""
    return choose("preset", name, PRESETS)
