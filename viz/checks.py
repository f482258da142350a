"""The gradient check as a figure: numeric against analytic, one point per parameter."""
import numpy as np
import plotly.graph_objects as go

from .palette import FONT


def scatter(analytic, numeric, rel, names, tolerance, title="Numeric vs analytic gradient",
            x_title="analytic (backprop)", y_title="numeric (finite differences)",
            ok_name="agrees", bad_name="differs") -> go.Figure:
    """Points on the diagonal agree; those whose relative error exceeds tolerance are drawn apart."""
    a, n, r = (np.asarray(v, dtype=float) for v in (analytic, numeric, rel))
    names = np.asarray(names)
    lim = float(max(np.abs(a).max(initial=0), np.abs(n).max(initial=0), 1e-12)) * 1.1
    fig = go.Figure(go.Scatter(x=[-lim, lim], y=[-lim, lim], mode="lines", showlegend=False,
                               line=dict(color="#999", dash="dot"), hoverinfo="skip"))
    for mask, name, colour, symbol in ((r <= tolerance, ok_name, "#0072B2", "circle"),
                                       (r > tolerance, bad_name, "#D55E00", "x")):
        fig.add_trace(go.Scatter(
            x=a[mask], y=n[mask], mode="markers", name=name, text=names[mask], customdata=r[mask],
            marker=dict(color=colour, size=10, symbol=symbol),
            hovertemplate="%{text}<br>analytic %{x:.10g}<br>numeric %{y:.10g}<br>rel %{customdata:.2e}<extra></extra>"))
    fig.update_layout(title=dict(text=title, font=dict(size=FONT + 4)), height=480, template="plotly_white",
                      font=dict(size=FONT + 2), margin=dict(l=70, r=30, t=60, b=60),
                      xaxis=dict(title=x_title, range=[-lim, lim], zeroline=True),
                      yaxis=dict(title=y_title, range=[-lim, lim], scaleanchor="x", zeroline=True),
                      legend=dict(orientation="h", y=-0.2))
    return fig
