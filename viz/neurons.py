"""The neuron side of the network figure: slot positions, values, hover texts and marker traces."""
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
import numpy as np

from engine.teach import ids
from engine.text.numformat import exact, rounded
from viz.palette import NODE_SCALE, colours, sym_max, text_colours


def plain_scatter(**props) -> dict:
    """A scatter trace as a plain dict, as plotly's validation leaves it (viz.network.spec)."""
    return dict(type="scatter", **props)


def default_label(kind, l, j, k=None) -> str:
    """Display names; a notation can pass its own function with this signature as `labels`."""
    if kind == "edge":
        return f"W[{l}][{j},{k}]"
    return f"x_{j}" if l == 0 else f"a[{l}]_{j}"


@dataclass(frozen=True)
class Frame:
    shown: tuple  # neurons drawn per layer
    idx: tuple  # per layer: the indices of the drawn neurons, ascending
    x: tuple  # x of each layer
    y: tuple  # per layer: y of each drawn neuron, then of the ellipsis node when folded
    gap: float  # distance between neighbouring slots, and between layers, in data units
    slots: tuple = field(repr=False)  # per layer: {neuron index: its slot} of the drawn ones

    def slot(self, l, j):
        """The slot neuron j of layer l is drawn in; None when it is folded away (or does not exist)."""
        return self.slots[l].get(j) if 0 <= l < len(self.slots) else None

    def at(self, l, j) -> float:
        """y of drawn neuron j of layer l."""
        return float(self.y[l][self.slots[l][j]])


def drawn(layers, sizes, max_neurons) -> tuple:
    """Per layer, the indices of the neurons to draw: all of a small layer, of a large one the
    max_neurons with the largest sizes (Stepper.sizes: ties and NaN go to the lower index, and the
    sizes never change between steps, so neither does the choice), in index order."""
    out = []
    for n, size in zip(layers, sizes, strict=True):
        top = np.argsort(-np.asarray(size, dtype=float), kind="stable")[:max_neurons] if n > max_neurons \
            else range(n)
        out.append(tuple(sorted(int(j) for j in top)))
    return tuple(out)


def frame(layers: tuple, max_neurons: int, sizes) -> Frame:
    """Slot positions from the layer sizes and the choice of drawn neurons alone, so the axes and the
    neurons drawn never move when values change."""
    return _frame(tuple(layers), drawn(layers, sizes, max_neurons))


@lru_cache(maxsize=64)
def _frame(layers: tuple, idx: tuple) -> Frame:
    slots = {l: [(l, s) for s in range(len(keep) + (n > len(keep)))] for l, (n, keep) in enumerate(zip(layers, idx))}
    g = nx.Graph()
    g.add_nodes_from(node for layer in slots.values() for node in layer)
    pos = nx.multipartite_layout(g, subset_key=slots)  # lists keep the slot order (a node attribute would not)
    ys = tuple(np.array([-pos[node][1] for node in layer]) for layer in slots.values())  # slot 0 on top
    for y in ys:
        y.flags.writeable = False  # shared by every figure of these sizes
    xs = tuple(float(pos[(l, 0)][0]) for l in range(len(layers)))
    where = tuple({j: s for s, j in enumerate(keep)} for keep in idx)
    return Frame(tuple(map(len, idx)), idx, xs, ys, xs[1] - xs[0], where)


def node_values(view, qty, fr):
    """Per layer, the colouring value of each drawn neuron (the input layer always shows x), NaN if unknown."""
    out = []
    for l, n in enumerate(fr.shown):
        if l == 0 or qty == "a":
            arr = view.a[l]
        else:
            arr = (view.z if qty == "z" else view.delta)[l - 1]
        out.append(np.full(n, np.nan) if arr is None else np.asarray(arr[list(fr.idx[l])], dtype=float))
    return out


def neuron_hover(view, l, j, names, not_yet):
    """The neuron's name, then each of its values exact (names: a viz.names.Names)."""
    sym = names.symbols
    rows = [(sym["x"], view.a[0])] if l == 0 else [
        (sym["z"], view.z[l - 1]), (sym["a"], view.a[l]), (sym["delta"], view.delta[l - 1]),
        (names.bias(l, j), view.b[l - 1])]
    return f"<b>{names.label('neuron', l, j)}</b><br>" + "<br>".join(
        f"{symbol} = {not_yet if arr is None else exact(arr[j])}" for symbol, arr in rows)


def neuron_traces(view, nodes, fr, size, names, not_yet, digits, ink):
    """The neurons, each number inside its marker when it can be read there (a viz.fit.Fit says;
    otherwise only its hover shows it: beside the marker it would cover the edges and the next
    layer), to `digits` significant digits, and their names above them when the Fit has room; names: a
    viz.names.Names, ink: a palette.Inks (a number on a coloured fill keeps the fill's own text colour,
    what stands on the page takes the page's)."""
    v = np.concatenate(nodes)
    known = ~np.isnan(v)
    # x is not z, a or delta, and its scale (pixels 0..16) would wash the others out: a range of its own
    M = np.repeat([sym_max(nodes[0]), sym_max(np.concatenate(nodes[1:]))], [fr.shown[0], v.size - fr.shown[0]])
    x = np.concatenate([np.full(n, fr.x[l]) for l, n in enumerate(fr.shown)])
    y = np.concatenate([fr.y[l][:n] for l, n in enumerate(fr.shown)])
    fill = np.full(v.size, ink.not_yet, dtype=object)
    fill[known] = colours(NODE_SCALE, v[known], M[known])
    text = np.array(text_colours(np.nan_to_num(v), M), dtype=object)
    text[~known] = ink.ink
    places = [(l, j) for l, keep in enumerate(fr.idx) for j in keep]  # ids name the real neuron index
    numbers = dict(mode="markers+text", text=[rounded(a, digits) if ok else "·" for a, ok in zip(v.tolist(), known)],
                   textposition="middle center", textfont=dict(size=size.value_font, color=text.tolist())) \
        if size.value_font else dict(mode="markers")
    out = [plain_scatter(
        x=x.tolist(), y=y.tolist(), customdata=[ids.neuron(l, j) for l, j in places], name="neurons",
        hoverinfo="text", showlegend=False, hovertext=[neuron_hover(view, l, j, names, not_yet) for l, j in places],
        marker=dict(color=fill.tolist(), size=size.marker, line=dict(color=ink.ink, width=1.5), opacity=1), **numbers)]
    if size.names:
        lift = (size.marker / 2 + 10) / size.slot_px * fr.gap  # clear of the selection ring too
        out.append(plain_scatter(x=x.tolist(), y=(y + lift).tolist(), mode="text", textposition="top center",
                                 text=[names.label("neuron", l, j) for l, j in places],
                                 textfont=dict(size=size.font, color=ink.ink), hoverinfo="skip", showlegend=False,
                                 name="names"))
    return out


def ellipses(view, fr, font, ink):
    """One "⋯ (+N)" per folded layer: text only, no id, so it is neither hoverable nor clickable."""
    folded = [(l, n - s) for l, (n, s) in enumerate(zip(view.layers, fr.shown)) if n > s]
    if not folded:
        return []
    return [plain_scatter(x=[fr.x[l] for l, _ in folded], y=[float(fr.y[l][-1]) for l, _ in folded], mode="text",
                          text=[f"⋯ (+{n})" for _, n in folded], textfont=dict(size=font, color=ink.ink),
                          hoverinfo="skip", showlegend=False)]


def ring(picked, fr, size, ink):
    """A ring in ink around the selected neuron, if it is drawn."""
    if not picked or picked[0] != "n" or fr.slot(*picked[1:]) is None:
        return []
    _, l, j = picked
    return [plain_scatter(x=[fr.x[l]], y=[fr.at(l, j)], mode="markers", hoverinfo="skip", showlegend=False,
                          marker=dict(symbol="circle-open", size=size + 14, color=ink.ink, line=dict(width=4)))]
