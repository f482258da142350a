"""The gradient check as a figure: numeric against analytic, one point per parameter."""
import numpy as np
import plotly.graph_objects as go

from engine.text.i18n import text
from engine.text.numformat import ERROR_DIGITS, exact, rounded
from viz.palette import FONT
from viz.ticks import NUMERIC


def scatter(analytic, numeric, rel, names, tolerance, lang="en") -> go.Figure:
    """Points on the diagonal agree; those whose relative error exceeds tolerance are drawn apart.
    names label the points' hovers; every word comes from the catalogue of lang."""
    t = lambda key: text(lang, key)
    a, n, r = (np.asarray(v, dtype=float) for v in (analytic, numeric, rel))
    names = np.asarray(names)
    lim = float(max(np.abs(a).max(initial=0), np.abs(n).max(initial=0), 1e-12)) * 1.1
    fig = go.Figure(go.Scatter(x=[-lim, lim], y=[-lim, lim], mode="lines", showlegend=False,
                               line=dict(color="#999", dash="dot"), hoverinfo="skip"))
    hover = [f"{name}<br>{t('check.hover_analytic')} {exact(x)}<br>{t('check.hover_numeric')} {exact(y)}"
             f"<br>{t('check.rel')} {rounded(e, ERROR_DIGITS)}" for name, x, y, e in zip(names, a, n, r)]
    hover = np.asarray(hover, dtype=object)
    ok = r <= tolerance  # a NaN error (the cost overflowed) is not agreement
    for mask, key, colour, symbol in ((ok, "check.agrees", "#0072B2", "circle"), (~ok, "check.differs", "#D55E00", "x")):
        fig.add_trace(go.Scatter(
            x=a[mask], y=n[mask], mode="markers", name=t(key), text=names[mask], customdata=r[mask],
            hovertext=hover[mask].tolist(), hoverinfo="text", marker=dict(color=colour, size=10, symbol=symbol)))
    fig.update_layout(title=dict(text=t("check.fig_title"), font=dict(size=FONT + 4)), height=480,
                      template="plotly_white", font=dict(size=FONT + 2), margin=dict(l=70, r=30, t=60, b=60),
                      xaxis=dict(NUMERIC, title=t("check.analytic"), range=[-lim, lim], zeroline=True),
                      yaxis=dict(NUMERIC, title=t("check.numeric"), range=[-lim, lim], scaleanchor="x", zeroline=True),
                      legend=dict(orientation="h", y=-0.2))
    return fig
