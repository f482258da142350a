"""The Step page's worked-example download: the document the button delivers, read back. Every
formula's result agrees with the engine's record of the step to the digits chosen in the sidebar,
and Mazur's published numbers are in it. The button generates its file on demand, outside the
script run, so the test keeps the callable the page registers."""
import re

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.apptest import button, fresh, mazur
from ui.session import keys

LHS = {  # engine notation: the name a formula's left-hand side starts with -> where the record keeps it
    r"z\^\{\[(\d)\]\}_\{(\d)\}": lambda rec, l, j: rec.z[l - 1][j, 0],
    r"a\^\{\[(\d)\]\}_\{(\d)\}": lambda rec, l, j: rec.a[l][j, 0],
    r"\\delta\^\{\[(\d)\]\}_\{(\d)\}": lambda rec, l, j: rec.delta[l - 1][j, 0],
    r"\\frac\{\\partial J\}\{\\partial W\^\{\[(\d)\]\}_\{(\d),(\d)\}\}": lambda rec, l, j, k: rec.dW[l - 1][j, k],
    r"W\^\{\[(\d)\]\}_\{(\d),(\d)\} \\leftarrow": lambda rec, l, j, k: rec.W_after[l - 1][j, k],
}


@pytest.fixture
def downloads(monkeypatch):
    """file name -> the callable each deferred download button registered."""
    made, register = {}, MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kw)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return made


def number(tex: str) -> float:
    mantissa, _, exponent = tex.partition(r" \times 10^{")
    return float(mantissa) * 10 ** int(exponent.rstrip("}") or 0)


def results(doc: str) -> list:
    """(left-hand side, the number after the last '=') of every display formula."""
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", doc, re.S | re.M)
    return [(b.split(" = ")[0], number(b.rsplit(" = ", 1)[1])) for b in blocks if " = " in b
            and re.fullmatch(r"-?[\d.]+( \\times 10\^\{-?\d+\})?", b.rsplit(" = ", 1)[1])]


@pytest.mark.parametrize("digits", [4, 7])
def test_the_downloaded_worked_example_carries_the_engines_numbers(downloads, digits):
    at = mazur(fresh())
    at.number_input(key="side_digits").set_value(digits).run()
    button(at, "step_whole").click().run()
    doc = downloads["worked-example-engine-en.md"]()
    rec = at.session_state[keys.STEPPER].records[-1]
    checked = 0
    for lhs, shown in results(doc):
        for pattern, where in LHS.items():
            m = re.match(pattern, lhs)
            if m:
                assert shown == pytest.approx(where(rec, *map(int, m.groups())), rel=0.5 * 10 ** (1 - digits)), lhs
                checked += 1
    assert checked == 8 + 4 + 8 + 8  # z and a, delta, dJ/dW and the updated W of his 2-2-2 network
    # his published numbers: out_o1, E_total, the updated w5
    for published in (0.75136507, 0.298371109, 0.35891648):
        assert any(shown == pytest.approx(published, rel=0.5 * 10 ** (1 - digits)) for _, shown in results(doc))


def test_the_download_follows_the_notation_and_language(downloads):
    at = mazur(fresh())
    at.selectbox(key="side_notation").set_value("ng").run()
    at.selectbox(key="side_lang").set_value("zh").run()
    button(at, "step_whole").click().run()
    doc = downloads["worked-example-ng-zh.md"]()
    assert r"\Theta^{(1)}_{10}" in doc and "前向传播" in doc
    assert any(lhs.startswith("a^{(3)}_{1}") and shown == pytest.approx(0.7514, abs=5e-5) for lhs, shown in results(doc))
