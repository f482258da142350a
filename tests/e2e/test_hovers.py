"""In the browser: the network element's tooltip (a neuron's or an edge's values, to the chosen digits) is
never cut off, on a phone too: it stands inside the window, whatever is around the figure."""
import pytest

# The visible tooltip's box and the window's width and height; null while none shows.
TIP = """key => {
  const tip = document.querySelector(`.st-key-${key} [data-bp-figure] .bp-tip`);
  if (!tip || tip.hidden) return null;
  const r = tip.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: tip.innerText,
          width: window.innerWidth, height: window.innerHeight};
}"""


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_no_tooltip_of_the_step_figure_is_cut_off(new_app, size):
    app = new_app("/step", viewport={"width": size[0], "height": size[1]})
    app.click("step_whole")
    app.wait_element("step_fig", "items => Object.keys(items).length === 19", "7 neurons and 12 edges drawn")
    seen = 0
    for cid, item in app.element("step_fig").items():
        app.page.mouse.move(item["x"], item["y"])
        app.page.wait_for_function(f"key => ({TIP})(key) !== null", arg="step_fig", timeout=5_000)
        got = app.page.evaluate(TIP, "step_fig")
        name = item["label"].split(", ")[0].replace("^", "")  # its own name first (a ^[1] raised as <sup>)
        assert got["text"].startswith(name), (cid, got["text"])
        assert "^" not in got["text"], (cid, got["text"])  # every ^ raised, the bias's name's too
        assert 0 <= got["left"] and got["right"] <= got["width"] and 0 <= got["top"] \
            and got["bottom"] <= got["height"], (cid, got)
        seen += 1
        app.page.mouse.move(0, 0)
    assert seen == 19
