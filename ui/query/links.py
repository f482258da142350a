"""A network as a link, and what a link cannot carry.

A network built on the Build page travels as its configuration (ui.query.codec's query). A network loaded
from a textbook preset travels by the preset's name plus the settings changed since (?preset=mazur&lr=0.1),
so its published weights and data arrive exactly. Whatever no link can hold (edited weights, an
uploaded table, a file's explicit weights) is found by opening the link and comparing the networks.
No Streamlit here: the query is a plain dict of strings.
"""
import copy

import numpy as np

from engine.core.scenarios import scenario

from engine.teach.textbook import presets

from engine.text import i18n
from engine.text.errors import EngineError
from ui.query import choices, codec

PRESET = "preset"  # the query key naming a textbook preset
# query keys that are changed together -> the scenario keys they decide; a preset's explicit weights
# give way to an init scheme when the layer sizes or the init change
GROUPS = [(("layers",), ("layers", "W", "b", "init")), (("act",), ("activations",)), (("loss",), ("loss",)),
          (("lam",), ("lambda",)), (("lr",), ("lr",)), (("batch",), ("batch",)),
          (("init", "seed", "p"), ("init", "W", "b")),
          (("data", "n", "noise", "dseed", "x", "y"), ("dataset", "X", "Y")),
          (("test",), ("test_fraction",)), (("std",), ("standardize",)), (("order",), ("update_order",)),
          (("freeze",), ("freeze_biases",)), (choices.QUERY_KEYS["opt"], ("optimizer",)),
          (choices.QUERY_KEYS["sched"], ("schedule",))]


def _full(query: dict) -> dict:
    """A query with its left-out optional settings written out, so that a removed one shows as a change."""
    return {**codec.QUERY_DEFAULTS, **query}


def to_query(src: dict, preset: str | None = None) -> dict:
    """The link's query: the configuration, or preset=NAME plus the groups of settings that differ."""
    if preset is None:
        return codec.to_query(src)
    now, base = _full(codec.to_query(src)), _full(codec.to_query(presets.get(preset).scenario()))
    query = {PRESET: preset}
    for keys, _ in GROUPS:
        if any(now.get(k) != base.get(k) for k in keys):
            query.update({k: now[k] for k in keys if k in now})
    return query


def from_query(q: dict, lang: str = "en") -> tuple[dict, str | None] | None:
    """(scenario, preset name or None) from a URL query; None when it names no network.

    Raises EngineError naming the bad key, or the known presets when the name is not one of them."""
    if PRESET not in q:
        src = codec.from_query(q, lang)
        return None if src is None else (src, None)
    name = q[PRESET]
    if name not in presets.names():
        raise EngineError(i18n.text(lang, "app.link_preset", name=str(name)[:40], known=", ".join(presets.names())))
    src = presets.get(name).scenario()
    changed = [group for group in GROUPS if any(k in q for k in group[0])]
    if changed:
        merged = codec.to_query(src)
        for keys, _ in changed:
            merged = {k: v for k, v in merged.items() if k not in keys} | {k: q[k] for k in keys if k in q}
        read = codec.from_query(merged, lang)
        for _, fields in changed:
            for field in fields:
                if field in read:
                    src[field] = copy.deepcopy(read[field])
                else:
                    src.pop(field, None)
    scenario.parse(src)
    return src, name


def recognise(src: dict) -> str | None:
    """The preset src is exactly (a downloaded preset file read back, say), so that its link names it."""
    for name in presets.names():
        preset = presets.get(name).scenario()
        if preset["layers"] == src["layers"] and ("W" in preset) == ("W" in src) and not gaps(src, {PRESET: name}):
            return name
    return None


def gaps(src: dict, query: dict) -> list[str]:
    """What opening the query would not bring back: "weights", "data", "settings" (in that order)."""
    try:
        there = scenario.parse(from_query(query)[0])
    except EngineError:  # not expected: every query written here reads back; then nothing is carried
        return ["weights", "data", "settings"]
    here = scenario.parse(src)
    found = []
    if not _same(here.W + here.b, there.W + there.b):
        found.append("weights")
    if not _same((here.X, here.Y, here.X_test, here.Y_test), (there.X, there.Y, there.X_test, there.Y_test)):
        found.append("data")
    if _settings(here) != _settings(there):
        found.append("settings")
    return found


def _same(mine, theirs) -> bool:
    return len(mine) == len(theirs) and all(a.shape == b.shape and np.array_equal(a, b) for a, b in zip(mine, theirs))


def _settings(sc) -> tuple:
    net = sc.net
    return (net.layers, tuple(g.name for g in net.acts), net.loss.name, net.lam, sc.lr, sc.batch, sc.shuffle,
            sc.shuffle_seed, sc.update_order, sc.freeze_biases, sc.optimizer.name, sc.optimizer_settings,
            sc.schedule and sc.schedule.name, sc.schedule_settings, sc.resumed)
