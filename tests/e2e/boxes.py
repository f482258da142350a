"""Boxes on the page, shared by the browser tests that check what overlaps or leaves its frame: the
network element's parts, how two boxes relate, and the presenter's waits (laid out for the window,
a view shown in the legend)."""

# Boxes of a figure's parts, in page pixels: headers, every text in or above a neuron (named "neurons"
# for a value, "names" for a name) and the folded layers' notes, the neurons' circles, the SVG's own box.
PARTS = """key => {
  const root = document.querySelector(`.st-key-${key} [data-bp-figure]`), pic = root.querySelector('svg');
  const box = e => { const r = e.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: e.textContent}; };
  const texts = [];
  for (const [sel, name] of [['.bp-nv', 'neurons'], ['.bp-nn', 'names'], ['.bp-more text', 'more']])
    pic.querySelectorAll(sel).forEach(t => { if (t.textContent) texts.push({...box(t), name}); });
  return {figure: box(pic), heads: Array.from(pic.querySelectorAll('.bp-heads text')).map(box), texts,
          markers: Array.from(pic.querySelectorAll('.bp-nc')).map(box)};
}"""


def overlap(a, b, slack=0.5) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > slack and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > slack


def inside(a, b, slack=0.5) -> bool:
    return a["x0"] >= b["x0"] - slack and a["x1"] <= b["x1"] + slack and a["y0"] >= b["y0"] - slack \
        and a["y1"] <= b["y1"] + slack


def clashes(boxes) -> list:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlap(a, b)]


# laid out for this window's height, as ui.common.viewport reports it (a change under 20% is not reported)
SIZED = """() => { const el = document.querySelector('.st-key-present_fig [data-bp-figure]');
  const h = el && +el.dataset.screen; return !!h && Math.abs(h - window.innerHeight) <= 0.2 * h; }"""
# the view the legend names (the neurons' or the edges' quantity)
LEGEND = """want => Array.from(document.querySelectorAll('.st-key-present_fig .bp-legend span'))
  .some(s => s.textContent === want)"""
