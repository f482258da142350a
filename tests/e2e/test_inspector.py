"""In the browser: selecting a neuron and an edge shows their chain-rule formulas with the engine's numbers."""
from engine.core.scenarios import scenario
from engine.core.stepping.stepper import Stepper
from engine.teach.textbook import presets
from engine.teach.worked.explain import edge_formulas, neuron_formulas


def annotations(app) -> list:
    """The LaTeX source of every formula KaTeX rendered on the page."""
    app.page.locator("annotation").first.wait_for(state="attached", timeout=30_000)
    return app.page.locator("annotation").all_text_contents()


def wait_for(app, latex: str):
    app.page.wait_for_function("t => [...document.querySelectorAll('annotation')].some(a => a.textContent === t)",
                               arg=latex, timeout=30_000)


def test_selected_neuron_and_edge_show_their_formulas(new_app):
    app = new_app("/")
    # the last sidebar link can sit under the sidebar's fold at 1280x800: click it where it is
    link = app.page.locator('[data-testid="stSidebarNav"] a[href$="/presets"]').first
    app.act(lambda: link.dispatch_event("click"))
    app.click("presets_load_mazur")
    app.nav("step")
    app.click("step_whole")
    sc = scenario.parse(presets.get("mazur").scenario())
    ref = Stepper(sc)
    ref.step()
    rec = ref.records[0]
    app.click_item("step_fig", "n1_0")
    want = [f.latex for f in neuron_formulas(rec, sc, "engine", 1, 0)]
    wait_for(app, want[0])
    shown = annotations(app)
    assert all(w in shown for w in want), (want, shown)
    assert any("0.008771" in s for s in shown)  # delta of Mazur's h1, 4 significant digits
    app.click_item("step_fig", "e2_0_0")
    want = [f.latex for f in edge_formulas(rec, sc, "engine", 2, 0, 0)]
    wait_for(app, want[0])
    assert any("0.08217" in s for s in annotations(app))  # Mazur's dE/dw5 = 0.082167041
    app.shot("step_formulas")
