// The network element (ui/figure): an SVG kept across reruns. Each rerun calls the default export with a
// new payload (viz/element.py); nodes and edges are found by their engine id and updated in place.
const NS = "http://www.w3.org/2000/svg";
const FIGS = new WeakMap();  // parentElement -> the element's state, so a rerun finds its DOM
const MOTION_MS = 320;
const PACKETS = 48;  // packets drawn at most in one motion: the strongest edges

const fill = (tpl, f) => tpl.replace(/\{(\w+)\}/g, (_, k) => (f[k] ?? ""));
const svg = (tag, attrs, parent) => {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
};
const html = (tag, cls, parent) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (parent) parent.appendChild(e);
  return e;
};
const set = (e, attrs) => { for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); };
const parse = (id) => id.slice(1).split("_").map(Number);  // "n1_0" -> [1, 0], "e2_0_1" -> [2, 0, 1]

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let fig = FIGS.get(parentElement);
  if (!fig) {
    fig = make(parentElement);
    FIGS.set(parentElement, fig);
  }
  fig.select = (id) => setTriggerValue("select", id);
  fig.update(JSON.parse(new TextDecoder().decode(data)));  // compact UTF-8 JSON bytes (ui/figure/__init__.py)
  return () => fig.stop();
}

function make(parent) {
  const root = html("div", "bp-fig", parent);
  root.setAttribute("data-bp-figure", "");
  root.setAttribute("role", "group");
  const help = html("p", "bp-sr", root);
  help.id = "bp-help-" + Math.random().toString(36).slice(2);
  root.setAttribute("aria-describedby", help.id);
  const pic = svg("svg", { class: "bp-svg", role: "group" }, root);
  const layer = (name) => svg("g", { class: name }, pic);
  const g = { band: layer("bp-band"), heads: layer("bp-heads"), trail: layer("bp-trail"), edges: layer("bp-edges"),
              nodes: layer("bp-nodes"), more: layer("bp-more"), packets: layer("bp-packets") };
  const legend = html("div", "bp-legend", root);
  legend.setAttribute("aria-hidden", "true");  // the accessible names carry every number
  const note = html("p", "bp-note", root);
  const table = html("div", "bp-sr", root);
  const tip = html("div", "bp-tip", root);
  tip.setAttribute("aria-hidden", "true");
  const fig = { root, pic, g, nodes: new Map(), edges: new Map(), data: null, focus: null, from: null, running: [] };

  fig.update = (d) => {
    const before = fig.data;
    fig.data = d;
    root.classList.toggle("bp-dark", !!d.dark);
    root.style.setProperty("--bp-ink", d.ink);
    root.style.setProperty("--bp-font", d.font + "px");
    root.setAttribute("aria-label", d.t.label + " (" + d.t.layers + ")");
    if (d.screen) root.dataset.screen = d.screen;  // the window height it was laid out for (the presenter's)
    help.textContent = d.t.help;
    set(pic, { viewBox: `0 0 ${d.w} ${d.h}`, "aria-label": d.t.label });
    pic.style.maxWidth = d.w + "px";
    drawHeads(fig, d);
    drawBand(fig, d);
    drawEdges(fig, d);
    drawNodes(fig, d);
    drawMore(fig, d);
    drawTrail(fig, d);
    drawLegend(legend, d);
    note.textContent = d.note;
    note.hidden = !d.note;
    drawTable(table, fig, d);
    roving(fig, d);
    if (d.screen) onScreen(fig);  // the presenter's, laid out for the window
    if (before) motion(fig, before, d);
  };
  fig.stop = () => finish(fig);
  root.addEventListener("keydown", (e) => keys(fig, e));
  root.addEventListener("click", (e) => {
    const item = e.target.closest("[data-id]");
    if (item) { focusOn(fig, item.dataset.id, false); if (fig.data.pick) fig.select(item.dataset.id); }
  });
  root.addEventListener("pointerover", (e) => {
    const item = e.target.closest("[data-id]");
    if (item && e.pointerType === "mouse") showTip(fig, tip, item); });
  root.addEventListener("pointerout", (e) => { if (e.target.closest("[data-id]")) tip.hidden = true; });
  root.addEventListener("focusin", (e) => {  // a keyboard's focus shows the tooltip; a click's has the hover's
    const item = e.target.closest("[data-id]");
    if (item && item.matches(":focus-visible")) showTip(fig, tip, item);
  });
  root.addEventListener("focusout", () => { tip.hidden = true; });
  tip.hidden = true;
  return fig;
}

function onScreen(fig) {
  // a projector's figure is laid out for the window less a one-line phase line above it (ui.stage.present);
  // when that line wraps, the drawing yields the difference (--bp-room, read on screen, not in print)
  // rather than push its legend off the screen
  const { root, pic } = fig;
  const top = pic.getBoundingClientRect().top, under = root.getBoundingClientRect().bottom - pic.getBoundingClientRect().bottom;
  root.style.setProperty("--bp-room", Math.max(window.innerHeight - top - under - 2, 160) + "px");
}

function drawHeads(fig, d) {
  const box = fig.g.heads;
  box.replaceChildren();
  for (const [x, lines, full] of d.heads) {
    const t = svg("text", { x, y: 0, "text-anchor": "middle", class: "bp-head" }, box);
    lines.forEach((line, i) => { const s = svg("tspan", { x, y: d.font * (1.15 + 1.25 * i) }, t); s.textContent = line; });
    if (full) svg("title", {}, t).textContent = full;  // a shortened header's whole title, on hover
  }
}

function drawBand(fig, d) {
  fig.g.band.replaceChildren();
  if (d.band === null || d.band === undefined || !d.heads[d.band]) return;
  const gap = d.heads.length > 1 ? d.heads[1][0] - d.heads[0][0] : d.w;
  const x = d.heads[d.band][0];
  svg("rect", { x: x - (d.band ? 0.75 : 0.4) * gap, y: 0, width: (d.band ? 1.15 : 0.8) * gap, height: d.h,
                class: "bp-bandrect" }, fig.g.band);
}

function nodeName(d, n) {
  const [l, j] = parse(n[0]);
  const sym = l === 0 ? [d.nsym[0]] : [...d.nsym.slice(1, 4), n[8]];  // the bias by its own name
  const vals = n[7].map((v, i) => `${sym[i]} = ${v ?? d.t.not_yet}`).join(", ");
  return `${n[6]}, ${fill(d.t.neuron, { j: j + 1, l })}: ${vals}`;
}

function edgeName(d, e, names) {
  const [l, j, k] = parse(e[0]);
  const vals = e[5].map((v, i) => `${d.esym[i]} = ${v ?? d.t.not_yet}`).join(", ");
  return `${e[4]}, ${fill(d.t.edge, { src: names[`n${l - 1}_${k}`], dst: names[`n${l}_${j}`] })}: ${vals}`;
}

function ends(d, id) {
  // an edge runs from its sending neuron to its receiving one: [x0, y0, x1, y1]
  const [l, j, k] = parse(id);
  const at = d.at || (d.at = Object.fromEntries(d.nodes.map((n) => [n[0], [n[1], n[2]]])));
  return [...at[`n${l - 1}_${k}`], ...at[`n${l}_${j}`]];
}

function reconcile(map, items, box, create) {
  const seen = new Set(items.map((i) => i[0]));
  for (const [id, el] of map) if (!seen.has(id)) { el.remove(); map.delete(id); }
  return items.map((i, n) => {
    let el = map.get(i[0]);
    if (!el) { el = create(i); map.set(i[0], el); }
    // in the payload's order; a node already in place is not moved (moving it would drop its focus)
    if (box.children[n] !== el) box.insertBefore(el, box.children[n] || null);
    return el;
  });
}

function drawEdges(fig, d) {
  const names = Object.fromEntries(d.nodes.map((n) => [n[0], n[6]]));
  const els = reconcile(fig.edges, d.edges, fig.g.edges, (e) => {
    const g = svg("g", { class: "bp-e", tabindex: "-1", "data-id": e[0] });
    for (const c of ["bp-ef", "bp-es", "bp-ev", "bp-eh"]) svg("line", { class: c }, g);
    svg("path", { class: "bp-mark", d: "M0,-6 L6,0 L0,6 L-6,0 Z" }, g);
    return g;
  });
  const edited = new Set(d.edited);
  d.edges.forEach((e, i) => {
    const g = els[i], m = g.bp || (g.bp = {});  // what was last written: only a change touches the DOM
    const [id, colour, width, sign] = e;
    const [x0, y0, x1, y1] = ends(d, id);
    const [focus, sel, vis, hit, mark] = g.children;
    const geo = [x0, y0, x1, y1, width].join();
    if (m.geo !== geo) {
      const ends = { x1: x0, y1: y0, x2: x1, y2: y1 };
      for (const line of [focus, sel, vis, hit]) set(line, ends);
      sel.setAttribute("stroke-width", width + 6);
      hit.setAttribute("stroke-width", Math.max(12, width + 8));
      focus.setAttribute("stroke-width", width + 10);
      vis.setAttribute("stroke-width", width);
      mark.setAttribute("transform", `translate(${x0 + 0.4 * (x1 - x0)},${y0 + 0.4 * (y1 - y0)})`);
      m.geo = geo;
    }
    const dash = sign === null ? "2 4" : sign < 0 ? `${3 + 2 * width} ${2 + width}` : "none";
    if (m.dash !== dash) { vis.setAttribute("stroke-dasharray", dash); m.dash = dash; }
    m.was = m.colour || colour;
    if (m.colour !== colour) { vis.setAttribute("stroke", colour); g.dataset.colour = colour; m.colour = colour; }
    g.classList.toggle("bp-edited", edited.has(id));
    state(g, m, d.sel === id, edgeName(d, e, names), d.pick);
  });
}

function state(g, m, on, label, pick) {
  // a button that selects where the page selects (Step, presenter, Lessons), else an image read out
  if (m.pick !== pick) { g.setAttribute("role", pick ? "button" : "img"); m.pick = pick; m.on = null; }
  if (m.on !== on) {
    g.classList.toggle("bp-on", on);
    if (pick) g.setAttribute("aria-pressed", on ? "true" : "false"); else g.removeAttribute("aria-pressed");
    m.on = on;
  }
  if (m.label !== label) { g.setAttribute("aria-label", label); m.label = label; }
}

function drawNodes(fig, d) {
  const els = reconcile(fig.nodes, d.nodes, fig.g.nodes, (n) => {
    const g = svg("g", { class: "bp-n", tabindex: "-1", "data-id": n[0] });
    for (const c of ["bp-nf", "bp-nr", "bp-nw", "bp-nc"]) svg("circle", { class: c }, g);
    for (const c of ["bp-nv", "bp-nn", "bp-nd"]) svg("text", { class: c, "text-anchor": "middle" }, g);
    return g;
  });
  const warn = new Set(d.warn), edited = new Set(d.edited);
  d.nodes.forEach((n, i) => {
    const g = els[i], m = g.bp || (g.bp = {});
    const [id, x, y, colour, ink, shown] = n;
    const [focus, ring, warnRing, circle, value, name, mark] = g.children;
    const geo = [x, y, d.r, d.names ? n[6] : ""].join();
    if (m.geo !== geo) {
      set(circle, { cx: x, cy: y, r: d.r });
      set(ring, { cx: x, cy: y, r: d.r + 5 });
      set(warnRing, { cx: x, cy: y, r: d.r + 2.5 });
      set(focus, { cx: x, cy: y, r: d.r + 10 });
      set(name, { x, y: y - d.r - d.names });  // its baseline clear of the selection ring (viz/element.py)
      set(mark, { x: x - d.r - 12, y: y + 6 });
      rich(name, d.names ? n[6] : "");
      m.geo = geo;
      m.text = null;
    }
    m.was = m.colour || colour;
    if (m.colour !== colour) { circle.setAttribute("fill", colour); g.dataset.colour = colour; m.colour = colour; }
    const text = shown ?? "·";
    if (m.text !== text + ink) {
      const size = Math.min(d.vf, (1.7 * d.r) / (0.6 * text.length));  // inside its circle
      set(value, { x, y: y + 0.35 * size, "font-size": size });
      value.style.fill = ink;  // over the CSS rule for text on the page
      value.textContent = size >= 8 ? text : "";
      m.text = text + ink;
    }
    mark.textContent = edited.has(id) ? "◆" : "";
    g.classList.toggle("bp-warn", warn.has(id));
    state(g, m, d.sel === id, nodeName(d, n), d.pick);
  });
}

function rich(el, text, html = false) {
  // a name's ^x / ^[..] / ^(..) (a superscript with no Unicode form, viz.element) raised as one
  el.replaceChildren();
  for (const part of text.split(/(\^(?:\[[^\]]*\]|\([^)]*\)|[^\s_]))/)) {
    if (!part) continue;
    const up = part[0] === "^";
    const t = html ? document.createElement(up ? "sup" : "span")
      : svg("tspan", up ? { "baseline-shift": "super", "font-size": "75%" } : {});
    t.textContent = up ? part.slice(1) : part;
    el.appendChild(t);
  }
}

function drawMore(fig, d) {
  fig.g.more.replaceChildren();
  for (const [x, y, text] of d.more) {
    const t = svg("text", { x, y: y + 5, "text-anchor": "middle", class: "bp-head" }, fig.g.more);
    t.textContent = text;
  }
}

function drawTrail(fig, d) {
  fig.g.trail.replaceChildren();
  for (const id of d.trail) {
    const e = fig.edges.get(id);
    if (!e) continue;
    const line = e.children[2];
    svg("line", { class: "bp-halo", x1: line.getAttribute("x1"), y1: line.getAttribute("y1"),
                  x2: line.getAttribute("x2"), y2: line.getAttribute("y2") }, fig.g.trail);
  }
}

function drawLegend(box, d) {
  box.replaceChildren();
  const scale = ([sym, max, colours], what) => {
    const row = html("span", "bp-scale", box);
    html("span", "", row).textContent = `${what} ${sym}`;
    html("span", "", row).textContent = "−" + max;
    html("span", "bp-bar", row).style.background = `linear-gradient(to right, ${colours.join(", ")})`;
    html("span", "", row).textContent = "+" + max;
  };
  scale(d.legend.edge, d.t.lines);
  const kinds = html("span", "bp-scale", box);
  for (const [cls, word] of [["bp-pos", d.t.positive], ["bp-neg", d.t.negative], ["bp-pend", d.t.pending]]) {
    const s = svg("svg", { width: 28, height: 10, class: cls }, kinds);
    svg("line", { x1: 1, y1: 5, x2: 27, y2: 5 }, s);
    html("span", "", kinds).textContent = word;
  }
  scale(d.legend.node, d.t.neurons);
}

function drawTable(box, fig, d) {
  // the numbers of the layer being computed (else of the selection's layer, else of the first hidden one)
  const l = d.band ?? (d.sel ? parse(d.sel)[0] : Math.min(1, d.heads.length - 1));
  const head = d.heads[l] ? d.heads[l][2] ?? d.heads[l][1].join(" ") : "";  // the whole title, if shortened
  const table = (caption, cols, rows) => {
    const t = html("table", "", box);
    html("caption", "", t).textContent = caption;
    const hr = html("tr", "", html("thead", "", t));
    cols.forEach((c) => { const th = html("th", "", hr); th.textContent = c; th.scope = "col"; });
    const body = html("tbody", "", t);
    rows.forEach((r) => {
      const tr = html("tr", "", body);
      r.forEach((v, i) => { const c = html(i ? "td" : "th", "", tr); c.textContent = v ?? d.t.not_yet; if (!i) c.scope = "row"; });
    });
  };
  const nodes = d.nodes.filter((n) => parse(n[0])[0] === l);
  const edges = l > 0 ? d.edges.filter((e) => parse(e[0])[0] === l) : [];
  const key = JSON.stringify([l, head, d.t.table, nodes.map((n) => [n[6], n[7]]), edges.map((e) => [e[4], e[5]])]);
  if (fig.table === key) return;  // unchanged: a screen reader's place in it is kept
  fig.table = key;
  box.replaceChildren();
  const sym = l === 0 ? [d.nsym[0]] : d.nsym.slice(1);
  table(`${fill(d.t.table, { l })}: ${head}, ${d.t.neurons}`, [d.t.name, ...sym], nodes.map((n) => [n[6], ...n[7]]));
  if (l > 0) {
    table(fill(d.t.edges, { l }), [d.t.name, ...d.esym], edges.map((e) => [e[4], ...e[5]]));
  }
}

// ---- keyboard: one item of the figure is in the tab order (the selection, else the first neuron) ----
function roving(fig, d) {
  const keep = fig.focus && (fig.nodes.has(fig.focus) || fig.edges.has(fig.focus)) ? fig.focus : null;
  const id = keep || (d.sel && (fig.nodes.has(d.sel) || fig.edges.has(d.sel)) ? d.sel : d.nodes[0] && d.nodes[0][0]);
  for (const map of [fig.nodes, fig.edges]) for (const [k, el] of map) el.setAttribute("tabindex", k === id ? "0" : "-1");
  fig.focus = id;
}

function focusOn(fig, id, move = true) {
  const el = fig.nodes.get(id) || fig.edges.get(id);
  if (!el) return;
  const old = fig.nodes.get(fig.focus) || fig.edges.get(fig.focus);
  if (old) old.setAttribute("tabindex", "-1");
  el.setAttribute("tabindex", "0");
  fig.focus = id;
  if (move) el.focus();
}

function layerOf(fig, l) {
  return fig.data.nodes.filter((n) => parse(n[0])[0] === l);  // top to bottom, as drawn
}

function edgesOf(fig, id) {
  const [l, j] = parse(id);
  const into = fig.data.edges.filter((e) => { const [el, ej] = parse(e[0]); return el === l && ej === j; });
  const out = fig.data.edges.filter((e) => { const [el, , ek] = parse(e[0]); return el === l + 1 && ek === j; });
  return [...into, ...out].map((e) => e[0]);
}

function keys(fig, e) {
  const id = e.target.closest("[data-id]")?.dataset.id;
  if (!id || e.ctrlKey || e.altKey || e.metaKey) return;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  let next = null;
  if (key === "Enter" || key === " ") {
    if (!fig.data.pick) return;
    fig.select(id);
  } else if (id[0] === "n") {
    const [l] = parse(id);
    const here = layerOf(fig, l), i = here.findIndex((n) => n[0] === id);
    if (key === "ArrowUp" || key === "ArrowDown") next = here[i + (key === "ArrowUp" ? -1 : 1)];
    else if (key === "Home" || key === "End") next = here[key === "Home" ? 0 : here.length - 1];
    else if (key === "ArrowLeft" || key === "ArrowRight") {
      const there = layerOf(fig, l + (key === "ArrowLeft" ? -1 : 1)), y = here[i][2];
      next = there.reduce((best, n) => (!best || Math.abs(n[2] - y) < Math.abs(best[2] - y) ? n : best), null);
    } else if (key === "e") {
      const list = edgesOf(fig, id);
      if (list.length) { fig.from = id; focusOn(fig, list[0]); }
    } else return;
    next = next && next[0];
  } else {
    const list = fig.from ? edgesOf(fig, fig.from) : [id];
    const i = list.indexOf(id);
    if (["ArrowUp", "ArrowLeft", "ArrowDown", "ArrowRight"].includes(key)) {
      next = list[(i + (key === "ArrowUp" || key === "ArrowLeft" ? list.length - 1 : 1)) % list.length];
    } else if (key === "n" || key === "Escape") {
      const [l, j, k] = parse(id);
      next = fig.from || `n${l}_${j}` || `n${l - 1}_${k}`;
    } else return;
  }
  e.preventDefault();
  e.stopPropagation();  // the presenter's keys (ui.keyboard) listen on the document: these are the figure's
  if (next) focusOn(fig, next);
}

function showTip(fig, tip, item) {
  const id = item.dataset.id;
  const label = item.getAttribute("aria-label") || "";
  const [name, rest] = [label.slice(0, label.indexOf(": ")), label.slice(label.indexOf(": ") + 2)];
  tip.replaceChildren();
  rich(html("b", "", tip), name, true);
  for (const part of rest.split(", ")) rich(html("div", "", tip), part, true);  // a bias's name may have a ^[l]
  tip.hidden = false;
  const box = id[0] === "n" ? item.querySelector(".bp-nc").getBoundingClientRect() : spot(item.querySelector(".bp-ev"));
  const own = tip.getBoundingClientRect();
  const x = Math.min(Math.max(4, box.left + box.width / 2 - own.width / 2), window.innerWidth - own.width - 4);
  const above = box.top - own.height - 8;
  const y = above >= 4 ? above : Math.min(box.bottom + 8, window.innerHeight - own.height - 4);
  tip.style.left = x + "px";
  tip.style.top = y + "px";
}

function spot(line) {
  // an edge's tooltip stands at 0.4 of its length from the sending end (where two crossing edges part)
  const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((k) => +line.getAttribute(k));
  const p = line.ownerSVGElement.createSVGPoint();
  p.x = x1 + 0.4 * (x2 - x1);
  p.y = y1 + 0.4 * (y2 - y1);
  const q = p.matrixTransform(line.getScreenCTM());
  return { left: q.x, right: q.x, top: q.y - 6, bottom: q.y + 6, width: 0 };
}

// ---- motion: a sub-step's signal travels along the edges (at most MOTION_MS; none when asked) ----
function finish(fig) {
  for (const a of fig.running) a.finish();
  fig.running = [];
  fig.g.packets.replaceChildren();
}

function still(d) {
  return d.motion === false || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function motion(fig, before, d) {
  finish(fig);
  const [kind, l] = d.phase;
  const moved = before.phase[0] !== kind || before.phase[1] !== l || before.step !== d.step;
  if (still(d) || !moved || before.qty.join() !== d.qty.join()) return;
  const opts = { duration: MOTION_MS, easing: "ease-out" };
  const run = (el, frames) => { const a = el.animate(frames, opts); fig.running.push(a); return a; };
  if (kind === "forward" || kind === "backward") {
    const layer = kind === "forward" ? l : l + 1;  // backward: delta comes back from layer l+1
    const along = d.edges.filter((e) => parse(e[0])[0] === layer && e[3] !== null)
      .sort((a, b) => b[2] - a[2]).slice(0, PACKETS);
    for (const e of along) {
      const [x0, y0, x1, y1] = ends(d, e[0]);
      const [from, to] = kind === "forward" ? [[x0, y0], [x1, y1]] : [[x1, y1], [x0, y0]];
      const dot = svg("circle", { r: Math.max(3, d.r / 5), class: "bp-packet" }, fig.g.packets);
      run(dot, [{ transform: `translate(${from[0]}px,${from[1]}px)` }, { transform: `translate(${to[0]}px,${to[1]}px)` }])
        .onfinish = () => dot.remove();
    }
    for (const n of d.nodes) if (parse(n[0])[0] === l) {
      const c = fig.nodes.get(n[0]).querySelector(".bp-nc");
      run(c, [{ fill: fig.nodes.get(n[0]).bp.was }, { fill: n[3] }]);
    }
  } else if (kind === "update") {
    for (const g of fig.edges.values()) if (g.bp.was !== g.bp.colour) run(g.children[2], [{ stroke: g.bp.was }, { stroke: g.bp.colour }]);
  }
  if (!fig.running.length) return;
  const stop = () => { finish(fig); off(); };
  const off = () => { document.removeEventListener("keydown", stop, true); document.removeEventListener("pointerdown", stop, true); };
  document.addEventListener("keydown", stop, true);  // a key or a click finishes the motion at once
  document.addEventListener("pointerdown", stop, true);
  Promise.all(fig.running.map((a) => a.finished)).then(off, off);
}
