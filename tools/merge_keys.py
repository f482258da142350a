"""Add or change catalogue texts in both languages at once, from a JSON file.

    python tools/merge_keys.py KEYS.json [--replace] [--check]

KEYS.json maps each key to its English and its Chinese text: {"train.go": ["Train", "训练"]}. Every
entry is checked before anything is written (a pair of non-empty strings, the same {placeholders} in
both); a key already in a catalogue with another text is refused unless --replace is given. The
catalogues (engine/text/lang/en.json, zh.json) are rewritten in their own format: sorted keys, one a
line. --check only says what would change. Exits 1 when something was refused.
"""
import argparse
import json
import string
import sys
from pathlib import Path

LANG = Path(__file__).resolve().parent.parent / "engine" / "text" / "lang"
LANGS = ("en", "zh")


def fields(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(keys, catalogues, replace: bool) -> list:
    """What is wrong with the entries of keys, one line each (nothing: they can be merged)."""
    if not isinstance(keys, dict):
        return ["the file must hold one object: key -> [English, Chinese]"]
    found = []
    for key, pair in keys.items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p.strip() for p in pair)):
            found.append(f"{key}: expected [English, Chinese], two non-empty texts; got {pair!r}")
        elif fields(pair[0]) != fields(pair[1]):
            found.append(f"{key}: the texts name different placeholders: {sorted(fields(pair[0]))} and "
                         f"{sorted(fields(pair[1]))}")
        elif not replace:
            found += [f"{key}: {lang}.json already says {cat[key]!r} (--replace to change it)"
                      for lang, cat, text in zip(LANGS, catalogues, pair) if cat.get(key, text) != text]
    return found


def merge(keys: dict, folder: Path = LANG, replace: bool = False, write: bool = True) -> tuple[list, list]:
    """(keys added or changed, problems); writes both catalogues only when there is no problem."""
    paths = [folder / f"{lang}.json" for lang in LANGS]
    catalogues = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    found = problems(keys, catalogues, replace)
    if found:
        return [], found
    changed = sorted(k for k, pair in keys.items() if any(c.get(k) != t for c, t in zip(catalogues, pair)))
    if write:
        for path, cat, i in zip(paths, catalogues, range(len(LANGS))):
            cat.update({k: pair[i] for k, pair in keys.items()})
            path.write_text(json.dumps(cat, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return changed, []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="KEYS.json: {\"key\": [\"English\", \"Chinese\"], ...}")
    parser.add_argument("keys", type=Path, help="JSON file: key -> [English text, Chinese text]")
    parser.add_argument("--replace", action="store_true", help="change keys that already have another text")
    parser.add_argument("--check", action="store_true", help="say what would change, write nothing")
    args = parser.parse_args(argv)
    try:
        keys = json.loads(args.keys.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"{args.keys}: {exc}", file=sys.stderr)
        return 1
    changed, found = merge(keys, LANG, replace=args.replace, write=not args.check)
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        verb = "would change" if args.check else "changed"
        print(f"{len(changed)} keys {verb} in {', '.join(f'{lang}.json' for lang in LANGS)}: {', '.join(changed)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
