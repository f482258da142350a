"""tools/merge_keys.py: texts go into both catalogues together, or not at all."""
import json
import shutil

import pytest

from tools import merge_keys


@pytest.fixture
def lang(tmp_path):
    """A copy of the real catalogues, so the command writes the format they are kept in."""
    shutil.copytree(merge_keys.LANG, tmp_path, dirs_exist_ok=True)
    return tmp_path


def read(lang, name):
    return json.loads((lang / f"{name}.json").read_text(encoding="utf-8"))


def test_a_new_key_reaches_both_catalogues_in_their_own_format(lang):
    before = (lang / "en.json").read_text(encoding="utf-8")
    changed, found = merge_keys.merge({"zz.new": ["{n} steps", "{n} 步"]}, lang)
    assert (changed, found) == (["zz.new"], [])
    assert read(lang, "en")["zz.new"] == "{n} steps" and read(lang, "zh")["zz.new"] == "{n} 步"
    assert merge_keys.merge({"zz.new": ["{n} steps", "{n} 步"]}, lang) == ([], [])  # again: nothing to change
    after = read(lang, "en")
    del after["zz.new"]
    assert json.dumps(after, ensure_ascii=False, indent=1, sort_keys=True) + "\n" == before  # that key alone


@pytest.mark.parametrize("keys, says", [
    ({"zz.bad": ["only English"]}, "expected [English, Chinese]"),
    ({"zz.bad": ["{n} steps", "步"]}, "different placeholders"),
    ({"app.bad_link": ["Another text {error}", "别的 {error}"]}, "--replace"),
    (["not", "an", "object"], "one object"),
])
def test_a_bad_entry_is_refused_and_nothing_is_written(lang, keys, says):
    before = [(lang / f).read_bytes() for f in ("en.json", "zh.json")]
    good = {"zz.good": ["fine", "好"]}
    changed, found = merge_keys.merge({**good, **keys} if isinstance(keys, dict) else keys, lang)
    assert not changed and any(says in line for line in found), found
    assert [(lang / f).read_bytes() for f in ("en.json", "zh.json")] == before


def test_replace_changes_a_text_in_both(lang):
    changed, found = merge_keys.merge({"app.bad_link": ["Not opened: {error}", "打不开：{error}"]}, lang, replace=True)
    assert (changed, found) == (["app.bad_link"], [])
    assert read(lang, "zh")["app.bad_link"] == "打不开：{error}"


def test_the_command_checks_without_writing(lang, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(merge_keys, "LANG", lang)
    src = tmp_path / "keys.json"
    src.write_text(json.dumps({"zz.new": ["New", "新"]}), encoding="utf-8")
    assert merge_keys.main([str(src), "--check"]) == 0
    assert "1 keys would change" in capsys.readouterr().out and "zz.new" not in read(lang, "en")
    assert merge_keys.main([str(src)]) == 0 and read(lang, "en")["zz.new"] == "New"
