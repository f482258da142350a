"""Add keys to both catalogues from a file defining K = {key: (english, chinese)}."""
import json
import runpy
import sys
from pathlib import Path

LANG = Path(__file__).resolve().parent.parent / "engine" / "text" / "lang"
keys = runpy.run_path(sys.argv[1])["K"]
for i, lang in enumerate(("en", "zh")):
    path = LANG / f"{lang}.json"
    cat = json.loads(path.read_text(encoding="utf-8"))
    cat.update({k: v[i] for k, v in keys.items()})
    path.write_text(json.dumps(cat, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print(len(keys), "keys merged")
