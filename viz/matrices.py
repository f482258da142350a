"""Per-layer matrices as pictures: W, dJ/dW or the update as a heat map, and first-layer weights as
small images (one per hidden neuron) for image data such as the 8x8 digits."""
import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .palette import FONT, NODE_SCALE, sym_max

MAX_CELLS = 150_000  # cells drawn at most: as float32 that is well under 1 MB of figure
BIG = 40_000  # cells beyond which a heat map is sent as float32 (7 digits on hover) to stay under 1 MB
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


def heatmap(M, title, diverging=True, height=420) -> go.Figure:
    """Row j = receiving neuron, column k = sending neuron (the engine's W[l] layout); diverging
    matrices get a range symmetric about 0, so the neutral colour means exactly 0."""
    M = np.asarray(M, dtype=float)
    if M.ndim != 2:
        raise ValueError(f"need a 2-D matrix, got shape {M.shape}")
    M, f = pooled(M)
    title = title if f == 1 else f"{title} ({f}×{f})"
    m = sym_max(M)
    scale = dict(colorscale=NODE_SCALE, zmin=-m, zmax=m) if diverging else dict(colorscale=SEQUENTIAL)
    big = M.size > BIG
    z, digits = (M.astype(np.float32), ":.7~g") if big else (M, EXACT)
    fig = go.Figure(go.Heatmap(z=z, **scale, colorbar=dict(thickness=14, tickfont=dict(size=FONT - 1)),
                               hovertemplate=f"j = %{{y}}<br>k = %{{x}}<br>%{{z{digits}}}<extra></extra>"))
    fig.update_layout(title=dict(text=title, font=dict(size=FONT + 2)), height=height, template="none",
                      font=dict(size=FONT), margin=dict(l=50, r=10, t=50, b=40), plot_bgcolor="white",
                      xaxis=dict(title="k", constrain="domain"),
                      yaxis=dict(title="j", autorange="reversed", scaleanchor="x", constrain="domain"))
    return fig


def digit_images(W1, shape=(8, 8), n=16, height_per_row=130) -> go.Figure:
    """Rows 0..n-1 of the first-layer weights, each reshaped to an image with its own symmetric range."""
    W1 = np.asarray(W1, dtype=float)
    if W1.ndim != 2 or W1.shape[1] != shape[0] * shape[1]:
        raise ValueError(f"rows of length {shape[0] * shape[1]} are needed for {shape} images, got {W1.shape}")
    n = min(n, W1.shape[0])
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[f"j = {j}" for j in range(n)],
                        horizontal_spacing=0.02, vertical_spacing=0.25 / rows)
    for j in range(n):
        m = sym_max(W1[j])
        fig.add_trace(go.Heatmap(z=W1[j].reshape(shape), colorscale=NODE_SCALE, zmin=-m, zmax=m, showscale=False,
                                 hovertemplate=f"j = {j}<br>pixel (%{{y}}, %{{x}})<br>%{{z{EXACT}}}<extra></extra>"),
                      row=j // cols + 1, col=j % cols + 1)
    fig.update_xaxes(visible=False, constrain="domain", fixedrange=True)
    fig.update_yaxes(visible=False, autorange="reversed", constrain="domain", fixedrange=True)
    for j in range(n):  # square pixels in every panel
        fig.update_yaxes(scaleanchor=f"x{j + 1 if j else ''}", row=j // cols + 1, col=j % cols + 1)
    fig.update_layout(height=rows * height_per_row + 40, template="none", font=dict(size=FONT),
                      margin=dict(l=10, r=10, t=30, b=10), plot_bgcolor="white")
    return fig
