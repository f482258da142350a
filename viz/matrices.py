"""Per-layer matrices as pictures: W, dJ/dW or the update as a heat map, and first-layer weights as
small images (one per hidden neuron) for image data such as the 8x8 digits."""
import math

import numpy as np
import plotly.graph_objects as go

from engine.text.i18n import text
from viz.palette import FONT, NODE_SCALE, NO_TEMPLATE, pairs, sym_max
from viz.ticks import index_axis

MAX_CELLS = 150_000  # cells drawn at most: as float32 that is well under 1 MB of figure
BIG = 40_000  # cells beyond which a heat map is sent as float32 (7 digits on hover) to stay under 1 MB
PAGE = 128  # first-layer images per digit_images figure: 128 stay well under 1 MB
SEQUENTIAL = "Viridis"  # colour-blind-safe scale for quantities that are not signed
EXACT = ":.16~g"  # d3 format: 16 significant digits (within one unit of the last bit, without the
# 0.14999999999999999 noise of 17), trailing zeros cut; repr strings would make big matrices megabytes


def pooled(M, cells=MAX_CELLS):
    """M averaged over f x f blocks, with the smallest f that leaves at most `cells` cells."""
    f = max(1, math.ceil(math.sqrt(M.size / cells)))
    if f == 1:
        return M, 1
    rows, cols = -(-M.shape[0] // f) * f, -(-M.shape[1] // f) * f
    padded = np.full((rows, cols), np.nan)
    padded[:M.shape[0], :M.shape[1]] = M
    return np.nanmean(padded.reshape(rows // f, f, cols // f, f), axis=(1, 3)), f


def heatmap(M, title, diverging=True, height=420, x_title="k", y_title="j", square=True, base=0,
            limit=None) -> go.Figure:
    """Row j = receiving neuron, column k = sending neuron (the engine's W[l] layout); diverging
    matrices get a range symmetric about 0, so the neutral colour means exactly 0. A pooled cell is
    placed (and hovered) at the first row and column of its block. square=False lets a matrix with
    far more columns than rows (neurons x samples) fill the width instead of a thin strip. Ticks
    stand on whole indices only, labelled index + base (1 in a notation that counts neurons from 1).
    limit: the half-width of a diverging range shared with other heat maps shown beside this one."""
    M = np.asarray(M, dtype=float)
    if M.ndim != 2:
        raise ValueError(f"need a 2-D matrix, got shape {M.shape}")
    rows, cols = M.shape
    M, f = pooled(M)
    title = title if f == 1 else f"{title} ({f}×{f})"
    m = limit or sym_max(M)
    scale = dict(colorscale=NODE_SCALE, zmin=-m, zmax=m) if diverging else dict(colorscale=SEQUENTIAL)
    big = M.size > BIG
    z, digits = (M.astype(np.float32), ":.7~g") if big else (M, EXACT)
    fig = go.Figure(go.Heatmap(z=z, x0=base, dx=f, y0=base, dy=f, **scale,
                               colorbar=dict(thickness=14, tickfont=dict(size=FONT - 1)),
                               hovertemplate=f"{y_title} = %{{y}}<br>{x_title} = %{{x}}<br>%{{z{digits}}}<extra></extra>"))
    yaxis = dict(index_axis(0, rows - 1, f, base), title=y_title, autorange="reversed", constrain="domain")
    fig.update_layout(title=dict(text=title, font=dict(size=FONT + 2)), height=height, template="none",
                      font=dict(size=FONT), margin=dict(l=50, r=10, t=50, b=40), plot_bgcolor="white",
                      xaxis=dict(index_axis(0, cols - 1, f, base), title=x_title, constrain="domain"),
                      yaxis=dict(yaxis, scaleanchor="x") if square else yaxis)
    return fig


def digit_images(W1, shape=(8, 8), start=0, count=PAGE, per_row=16, tile_px=52, lang="en") -> go.Figure:
    """Rows start .. start+count-1 of the first-layer weights, each reshaped to an image with its own
    symmetric range, tiled per_row to a row on one pair of axes: one small trace per image, where a
    subplot per image would cost a pair of axes each. Hover names the neuron j, the pixel and W."""
    W1 = np.asarray(W1, dtype=float)
    h, w = shape
    if W1.ndim != 2 or W1.shape[1] != h * w:
        raise ValueError(f"rows of length {h * w} are needed for {shape} images, got {W1.shape}")
    rows = range(max(0, start), min(start + count, W1.shape[0]))
    cols = max(1, min(per_row, len(rows)))
    pixel = [[f"({r}, {c})" for c in range(w)] for r in range(h)]
    pixel_word = text(lang, "viz.pixel")
    scale = [list(p) for p in pairs(NODE_SCALE)]
    traces = []
    for i, j in enumerate(rows):
        m = sym_max(W1[j])
        r, c = divmod(i, cols)
        traces.append(dict(type="heatmap", z=W1[j].reshape(shape), x0=c * (w + 1), y0=r * (h + 1), zmin=-m, zmax=m,
                           colorscale=scale, showscale=False, text=pixel, hoverongaps=False,
                           hovertemplate=f"j = {j}<br>{pixel_word} %{{text}}<br>W = %{{z{EXACT}}}<extra></extra>"))
    n_rows = -(-len(rows) // cols)
    ticks = dict(tickvals=[r * (h + 1) + (h - 1) / 2 for r in range(n_rows)],
                 ticktext=[f"j = {rows[0] + r * cols}" for r in range(n_rows)] if rows else [])
    axis = dict(showgrid=False, zeroline=False, fixedrange=True, constrain="domain")
    layout = dict(height=n_rows * tile_px + 50, template=NO_TEMPLATE, font=dict(size=FONT), plot_bgcolor="white",
                  margin=dict(l=70, r=10, t=10, b=30),
                  xaxis=dict(axis, tickvals=[c * (w + 1) + (w - 1) / 2 for c in range(cols)],
                             ticktext=[f"+{c}" for c in range(cols)]),
                  yaxis=dict(axis, **ticks, autorange="reversed", scaleanchor="x"))  # square pixels
    # plain dicts, unvalidated: validating hundreds of small traces would cost more than the page run
    return go.Figure(traces, layout, _validate=False)
