// The actor network: who acts on whom, laid out by a force simulation run to rest before
// drawing (the same data always gives the same picture). Node size is activity, edge
// colour the sign of the summed Goldstein scores. A node opens the actor's profile, an
// edge the dyad's trend.

import { getJSON } from "../api.js";
import { clear, dataTable, fmtNumber, h } from "../dom.js";
import { measurer, placeLabels } from "../labels.js";
import { codeLabel, codeText, nameOf } from "../names.js";
import { navigate } from "../route.js";

const d3 = window.d3;

async function showActor(panel, code, params) {
  clear(panel).append(h("p", { class: "hint" }, `Loading ${code}…`));
  const profile = await getJSON(`/actors/${encodeURIComponent(code)}`);
  const partners = (rows, role) =>
    dataTable(
      [
        { label: role, cell: (r) => codeLabel(r.actor) },
        { label: "Events", class: "num", cell: (r) => r.events },
        { label: "Mean Goldstein", class: "num", cell: (r) => fmtNumber(r.goldstein) },
      ],
      rows,
      {
        onActivate: (r) =>
          navigate("dyads", null, role === "Target" ? { a: code, b: r.actor } : { a: r.actor, b: code }),
      },
    );
  clear(panel).append(
    h("h3", {}, `${codeText(code)}: ${profile.events} events`),
    h("p", {}, `${profile.as_source} as source, ${profile.as_target} as target, ${profile.first_date || "?"} to ${profile.last_date || "?"}.`),
    profile.names.length ? h("p", {}, "Named as: ", profile.names.join(", ")) : "",
    h("p", {}, h("a", { href: `#/events?${new URLSearchParams({ actor: code, ...(params.date_from ? { date_from: params.date_from } : {}), ...(params.date_to ? { date_to: params.date_to } : {}) })}` }, `All events of ${code}`)),
    h("h4", {}, "Acts on"),
    partners(profile.top_targets, "Target"),
    h("h4", {}, "Acted on by"),
    partners(profile.top_sources, "Source"),
  );
}

export default {
  name: "network",
  title: "Network",
  filters: ["date_from", "date_to", "quad_class", "level", "min_events"],
  async render(root, { params, isCurrent }) {
    const graph = await getJSON("/network", { ...params, max_nodes: params.max_nodes || 150 });
    if (!isCurrent()) return false;
    if (!graph.nodes.length) {
      root.append(h("p", { class: "message" }, "No dyadic events match these filters."));
      return false;
    }
    const box = h("div", { class: "network-box" });
    const panel = h("aside", { class: "panel", id: "network-panel" }, h("p", { class: "hint" }, "Click an actor for its profile, an arrow for the dyad's trend."));
    root.append(h("p", { class: "summary" }, `${graph.nodes.length} actors, ${graph.edges.length} directed ties`), h("div", { class: "map-layout" }, box, panel));
    const width = Math.max(480, box.clientWidth || 900);
    const height = 520;
    const nodes = graph.nodes.map((n) => ({ ...n }));
    const links = graph.edges.map((e) => ({ ...e }));
    const size = d3.scaleSqrt([0, d3.max(nodes, (n) => n.in_weight + n.out_weight) || 1], [5, 26]);
    const thickness = d3.scaleSqrt([0, d3.max(links, (l) => l.events) || 1], [1, 8]);
    const sim = d3
      .forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((n) => n.id).distance(150))
      .force("charge", d3.forceManyBody().strength(-700))
      .force("collide", d3.forceCollide((n) => size(n.in_weight + n.out_weight) + 4))
      .force("x", d3.forceX(width / 2).strength(0.03))
      .force("y", d3.forceY(height / 2).strength(0.05))
      .stop();
    for (let i = 0; i < 300; i += 1) sim.tick();
    // Centre the drawing, then keep every circle and its label inside the frame.
    const [x0, x1] = d3.extent(nodes, (n) => n.x);
    const [y0, y1] = d3.extent(nodes, (n) => n.y);
    for (const n of nodes) {
      n.x += width / 2 - (x0 + x1) / 2;
      n.y += height / 2 - (y0 + y1) / 2;
    }
    // Scale the layout into the frame, leaving room for labels ...
    const pad = 34;
    const [ax0, ax1] = d3.extent(nodes, (n) => n.x);
    const [ay0, ay1] = d3.extent(nodes, (n) => n.y);
    // ... and spread a small layout out, so crowded actors get room for their labels
    // (each axis on its own: a wide frame spreads a tall layout sideways)
    const fitX = Math.min(2.5, (width - 2 * pad) / Math.max(1, ax1 - ax0));
    const fitY = Math.min(2.5, (height - 2 * pad) / Math.max(1, ay1 - ay0));
    for (const n of nodes) {
      const r = size(n.in_weight + n.out_weight);
      n.x = width / 2 + (n.x - (ax0 + ax1) / 2) * fitX;
      n.y = height / 2 + (n.y - (ay0 + ay1) / 2) * fitY;
      n.x = Math.max(r + 4, Math.min(width - r - 4, n.x));
      n.y = Math.max(r + 4, Math.min(height - r - 4, n.y));
    }
    const svg = d3.create("svg").attr("class", "network").attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    svg
      .append("defs")
      .selectAll("marker")
      .data(["coop", "conflict"])
      .join("marker")
      .attr("id", (d) => `arrow-${d}`)
      .attr("viewBox", "0 -5 10 10")
      .attr("refX", 10)
      .attr("markerUnits", "userSpaceOnUse")
      .attr("markerWidth", 12)
      .attr("markerHeight", 12)
      .attr("orient", "auto")
      .append("path")
      .attr("class", (d) => `arrowhead ${d}`)
      .attr("d", "M0,-5L10,0L0,5");
    // Edges end at the target's rim, bent a little so that A->B and B->A do not overlap.
    const edgePath = (l) => {
      const dx = l.target.x - l.source.x;
      const dy = l.target.y - l.source.y;
      const dist = Math.hypot(dx, dy) || 1;
      const r = size(l.target.in_weight + l.target.out_weight) + 2;
      const r0 = size(l.source.in_weight + l.source.out_weight);
      const tx = l.target.x - (dx / dist) * r;
      const ty = l.target.y - (dy / dist) * r;
      const sx = l.source.x + (dx / dist) * r0;
      const sy = l.source.y + (dy / dist) * r0;
      return `M${sx},${sy}A${dist * 1.6},${dist * 1.6} 0 0,1 ${tx},${ty}`;
    };
    const edges = svg
      .append("g")
      .selectAll("path")
      .data(links)
      .join("path")
      .attr("class", (l) => `edge ${l.goldstein >= 0 ? "coop" : "conflict"}`)
      .attr("fill", "none")
      .attr("stroke-width", (l) => thickness(l.events))
      .attr("marker-end", (l) => `url(#arrow-${l.goldstein >= 0 ? "coop" : "conflict"})`)
      .attr("d", edgePath)
      .on("click", (_, l) => navigate("dyads", null, { a: l.source.id, b: l.target.id, date_from: params.date_from, date_to: params.date_to }));
    edges.append("title").text((l) => `${codeText(l.source.id)} → ${codeText(l.target.id)}: ${l.events} events, Goldstein sum ${fmtNumber(l.goldstein)}`);
    const node = svg
      .append("g")
      .selectAll("g")
      .data(nodes)
      .join("g")
      .attr("class", "node")
      .attr("data-actor", (n) => n.id)
      .attr("tabindex", 0)
      .attr("transform", (n) => `translate(${n.x},${n.y})`);
    node.append("circle").attr("r", (n) => size(n.in_weight + n.out_weight));
    node.append("title").text((n) => `${codeText(n.id)}: ${n.out_weight} events as source, ${n.in_weight} as target, PageRank ${fmtNumber(n.pagerank, 3)}`);
    box.append(svg.node());
    // Labels in their own layer, placed without collisions; the busiest actors first.
    const measure = measurer(svg, "node-label");
    const order = [...nodes].sort((p, q) => q.in_weight + q.out_weight - (p.in_weight + p.out_weight));
    const spots = placeLabels(
      order.map((n) => ({ x: n.x, y: n.y, r: size(n.in_weight + n.out_weight), width: measure.width(n.id), height: 12 })),
      { x0: 0, x1: width, y0: 0, y1: height },
    );
    measure.remove();
    svg
      .append("g")
      .attr("class", "labels")
      .selectAll("text")
      .data(order.map((n, i) => ({ n, spot: spots[i] })))
      .join("text")
      .attr("class", "node-label")
      .attr("data-actor", (d) => d.n.id)
      .attr("x", (d) => d.spot.x)
      .attr("y", (d) => d.spot.y)
      .attr("text-anchor", (d) => d.spot.anchor)
      .attr("display", (d) => (d.spot.hidden ? "none" : null))
      .text((d) => d.n.id)
      .append("title")
      .text((d) => nameOf(d.n.id) || d.n.id);
    const select = (n) => {
      node.classed("selected", (m) => m.id === n.id);
      showActor(panel, n.id, params).catch((err) => clear(panel).append(h("p", { class: "message error" }, err.message)));
    };
    node.on("click", (_, n) => select(n)).on("keydown", (event, n) => event.key === "Enter" && select(n));
    return true;
  },
};
