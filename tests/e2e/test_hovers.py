"""In the browser: a figure's hover label (exact values, up to 17 digits each) is never cut off, on a
phone too: where it is wider than the room on either side of its point, it passes the figure's edge."""
import pytest

# The hover label's box, and the boxes of the ancestors between it and the page's main area that
# would cut it off (overflow other than visible).
LABEL = """key => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const label = gd.querySelector('.hoverlayer .hovertext');
  if (!label) return null;
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const clips = [];
  for (let e = label.parentElement; e && e.getAttribute('data-testid') !== 'stMain'; e = e.parentElement) {
    if (getComputedStyle(e).overflowX !== 'visible')
      clips.push({...box(e.getBoundingClientRect()), tag: e.className.baseVal ?? e.className});
  }
  return {label: box(label.getBoundingClientRect()), clips, width: window.innerWidth};
}"""
# Screen position of every neuron and edge marker of a key's figure.
POINTS = """key => {
  const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
  const fl = gd._fullLayout, box = gd.getBoundingClientRect(), out = [];
  for (const t of gd._fullData) {
    if (t.name !== 'neurons' && t.name !== 'edges') continue;
    for (let i = 0; i < t.x.length; i++)
      out.push([t.customdata[i], box.left + fl._size.l + fl.xaxis.l2p(t.x[i]),
                box.top + fl._size.t + fl.yaxis.l2p(t.y[i])]);
  }
  return out;
}"""


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_no_hover_label_of_the_step_figure_is_cut_off(new_app, size):
    # opened at its size: a resize after opening reruns the page (ui.common.viewport) while the click's run
    # redraws the figure, and the figure read in between is not there
    app = new_app("/step", viewport={"width": size[0], "height": size[1]})
    app.click("step_whole")
    app.page.wait_for_function("() => !!document.querySelector('.st-key-step_fig .js-plotly-plot')?._fullLayout")
    seen = 0
    for cid, x, y in app.page.evaluate(POINTS, "step_fig"):
        app.page.mouse.move(x, y)
        try:
            app.page.wait_for_function("() => !!document.querySelector('.st-key-step_fig .hoverlayer .hovertext')",
                                       timeout=2_000)
        except Exception:  # noqa: BLE001 - a point under another (a marker under a neuron) shows no label of its own
            continue
        got = app.page.evaluate(LABEL, "step_fig")
        if got is None:
            continue
        seen += 1
        lab = got["label"]
        assert 0 <= lab["left"] and lab["right"] <= got["width"], (cid, got)
        for clip in got["clips"]:
            assert clip["left"] - 1 <= lab["left"] and lab["right"] <= clip["right"] + 1, (cid, got)
        app.page.mouse.move(0, 0)
    assert seen >= 5  # most of the seven neurons and twelve edges of the default network
