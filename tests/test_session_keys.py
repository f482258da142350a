"""Session state has one owner: every key the code uses is declared in ui.session.keys, and installing a
network drops every key declared per-network (and per-source for a whole new scenario), key by key."""
import ast
import copy
import importlib
from pathlib import Path

import pytest

from engine.teach.textbook import presets
from tests.apptest import button, en, fresh
from ui.query import codec
from ui.session import keys, state

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"])


def _named(key: keys.Key) -> str:
    """A session key the declaration covers: the name, or one widget key of a prefix."""
    return key.name[:-1] + "x" if key.name.endswith("*") else key.name


class Text(str):
    """A text that is no other text (equal strings may be one object)."""


def _marked(ss, name):
    """Put a value under name, like the one there, that can be told apart from anything install sets."""
    value = ss.get(name)
    ss[name] = [] if value is None else Text(value) if isinstance(value, str) else copy.copy(value)
    return ss[name]


def _install(from_outside: bool):
    if from_outside:
        state.install(presets.get("mazur").scenario())
    else:  # a Build page edit: one more hidden layer
        state.install(codec.apply(state.source(), "add", True), from_outside=False)


def _of(scope):
    return [pytest.param(k, id=k.name) for k in keys.KEYS.values() if k.scope == scope]


@pytest.mark.parametrize("from_outside", [True, False], ids=["new scenario", "build edit"])
@pytest.mark.parametrize("key", _of(keys.NETWORK))
def test_installing_a_network_drops_each_per_network_key(session, key, from_outside):
    name = _named(key)
    marked = _marked(session, name)
    _install(from_outside)
    assert session.get(name) is not marked


@pytest.mark.parametrize("key", _of(keys.SOURCE))
def test_source_keys_go_with_a_new_scenario_and_stay_through_build_edits(session, key):
    name = _named(key)
    marked = _marked(session, name)
    _install(False)
    assert session.get(name) is marked
    _install(True)
    assert session.get(name) is not marked


@pytest.mark.parametrize("key", _of(keys.SESSION) + _of(keys.MIRROR))
def test_session_keys_outlive_every_install(session, key):
    name = _named(key)
    marked = _marked(session, name)
    _install(False)
    _install(True)
    assert session.get(name) is marked


def _namespace(path: Path) -> dict:
    """The names a file's key expressions can use: a ui module's own, a page's imports."""
    if path.relative_to(ROOT).parts[0] == "ui":
        return vars(importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts)))
    ns = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            exec(compile(ast.Module([node], []), str(path), "exec"), ns)
    return ns


def _value(node, ns):
    """(text, whole) of a key expression: the key, or (whole False) the prefix known before a part
    that only the running code knows; None when nothing of it is known here (a parameter)."""
    if isinstance(node, ast.JoinedStr):
        parts = [(p.value, True) if isinstance(p, ast.Constant) else _value(p.value, ns) for p in node.values]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_value(node.left, ns), _value(node.right, ns)]
    else:
        try:
            value = eval(compile(ast.Expression(node), "<key>", "eval"), ns)
        except Exception:  # a local name: the key is named where the function is called
            return None
        return (value, True) if isinstance(value, str) else None
    text = ""
    for part in parts:
        if part is None or not part[1]:
            return (text + (part[0] if part else ""), False) if text or part else None
        text += str(part[0])
    return text, True


def _key_nodes(tree):
    """Every expression naming a session key: subscripts, get/pop/setdefault and `in` on
    st.session_state, widgets' key= arguments and lazy_expander's key."""
    is_ss = lambda n: ast.unparse(n) == "st.session_state"
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and is_ss(node.value):
            yield node.slice
        elif isinstance(node, ast.Compare) and any(is_ss(c) for c in node.comparators):
            yield node.left
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and is_ss(f.value) and f.attr in ("get", "pop", "setdefault") and node.args:
                yield node.args[0]
            if ast.unparse(f).endswith("lazy_expander") and len(node.args) > 1:
                yield node.args[1]
            yield from (kw.value for kw in node.keywords if kw.arg == "key")


def used_keys():
    """(file:line, key, whole) of every session key the app's code names."""
    for path in SOURCES:
        ns = _namespace(path)
        for node in _key_nodes(ast.parse(path.read_text())):
            found = _value(node, ns)
            if found is not None:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", *found


def test_every_session_key_the_code_uses_is_declared():
    used = list(used_keys())
    assert len(used) > 60  # the scan itself works: the app names many keys
    undeclared = [(where, key) for where, key, whole in used if keys.of(key if whole else key + "\0") is None]
    assert not undeclared


def test_the_scan_catches_an_undeclared_key_and_prefix():
    tree = ast.parse('st.session_state["nowhere"]\nst.text_input("x", key=f"nowhere_{i}")\n'
                     'st.session_state.get(keys.STEPPER)')
    found = [_value(n, {"keys": keys}) for n in _key_nodes(tree)]
    assert found == [("nowhere", True), ("nowhere_", False), ("stepper", True)]
    assert keys.of("nowhere") is None and keys.of("nowhere_\0") is None


def test_keys_left_in_a_session_after_a_walk_are_all_declared():
    at = fresh("train")
    button(at, "train_go").click().run()
    for page, click in (("step", "step_fwd"), ("gradcheck", "check_run"), ("quiz", "quiz_new"), ("trace", None),
                        ("presets", "presets_load_nielsen"), ("build", "build_add")):
        at.switch_page(f"pages/{page}.py").run()
        if click:
            button(at, click).click().run()
    assert not at.exception
    assert [k for k in list(at.session_state) if keys.of(k) is None] == []


def test_a_gradient_check_is_not_shown_for_a_network_it_did_not_check():
    at = fresh("gradcheck")
    button(at, "check_run").click().run()
    assert "17 parameters" in at.success[0].value
    at.switch_page("pages/build.py").run()
    button(at, "build_add").click().run()
    at.switch_page("pages/gradcheck.py").run()
    assert not at.exception and not at.success
    assert at.info[0].value == en("check.empty")


def test_building_another_network_from_mazur_drops_his_title_and_frozen_biases():
    at = fresh("presets")
    button(at, "presets_load_mazur").click().run()
    at.switch_page("pages/build.py").run()
    assert at.checkbox(key="build_freeze").value
    at.number_input(key="build_lr").set_value(0.25).run()  # still his network: his example stays
    assert at.session_state[keys.SCENARIO]["title"] == presets.get("mazur").title("en")
    at.number_input(key="build_n1").set_value(3).run()
    src = at.session_state[keys.SCENARIO]
    assert not at.exception and not at.checkbox(key="build_freeze").value
    assert "title" not in src and "description" not in src and "freeze_biases" not in src
    assert src["lr"] == 0.25  # the user's own change stays
    assert any(en("state.detached_freeze_biases") in i.value for i in at.info)


def test_a_gradient_check_says_when_the_parameters_moved_on_since():
    at = fresh("gradcheck")
    button(at, "check_run").click().run()
    assert not at.warning
    at.switch_page("pages/step.py").run()
    button(at, "step_whole").click().run()
    at.switch_page("pages/gradcheck.py").run()
    assert at.warning[0].value == en("check.stale", then=0, now=1)
    button(at, "check_run").click().run()
    assert not at.warning and at.success
