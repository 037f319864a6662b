// Foreign installations (bases, posts, centres, embassies...) on a map and in a list. An
// installation opens its evidence: the dated sentences behind it, each a way into the
// source document.

import { getJSON } from "../api.js";
import { clear, dataTable, h } from "../dom.js";
import { sentenceCell } from "../events-table.js";
import { worldMap } from "../geo.js";
import { codeLabel, codeText } from "../names.js";
import { openDocument } from "../route.js";

const STATUS_COLORS = {
  planned: "#8da0cb",
  "under construction": "#e5c494",
  operating: "#1b7837",
  attacked: "#b2182b",
  closed: "#777777",
  withdrawn: "#444444",
};

function showEvidence(panel, site) {
  clear(panel).append(
    h("h3", {}, `${codeText(site.owner)} ${site.kind} in ${codeText(site.host)}${site.place ? ` (${site.place})` : ""}`),
    h("p", {}, `Status: ${site.status}; seen ${site.first_seen || "?"} to ${site.last_seen || "?"}; ${site.events} piece${site.events === 1 ? "" : "s"} of evidence.`),
    h("h4", {}, "History"),
    h(
      "ol",
      { class: "history" },
      (site.history || []).map((step) =>
        h("li", {}, h("span", { class: `status status-${step.status.replace(" ", "-")}` }, step.status), ` ${step.date || "undated"}`, step.note ? h("small", {}, ` (${step.note})`) : null),
      ),
    ),
    h("h4", {}, "Evidence"),
    dataTable(
      [
        { label: "Date", class: "nowrap", cell: (e) => e.date || "undated" },
        { label: "Status", cell: (e) => e.status },
        { label: "Sentence", cell: (e) => sentenceCell(e.sentence, e.cue) },
      ],
      site.evidence || [],
      { onActivate: (e) => openDocument(e.doc_id, e.event_id), rowClass: () => "evidence-row" },
    ),
  );
}

export default {
  name: "installations",
  title: "Installations",
  filters: ["date_from", "date_to", "owner", "host", "kind", "status"],
  async render(root, { params, isCurrent }) {
    const { rows } = await getJSON("/installations", params);
    if (!isCurrent()) return false;
    const mapBox = h("div", { class: "map-box" });
    const panel = h("aside", { class: "panel", id: "installation-panel" }, h("p", { class: "hint" }, "Click an installation for its evidence."));
    root.append(
      h("p", { class: "summary" }, `${rows.length} foreign installation${rows.length === 1 ? "" : "s"}`),
      h(
        "p",
        { class: "legend-line" },
        Object.keys(STATUS_COLORS).map((s) => [h("span", { class: `swatch status-${s.replace(" ", "-")}` }), `${s} `]),
      ),
      h("div", { class: "map-layout" }, mapBox, panel),
    );
    const map = await worldMap(mapBox, { height: 400 });
    if (!isCurrent()) return false;
    const select = (site) => {
      showEvidence(panel, site);
      map.svg.selectAll("circle.installation").classed("selected", (s) => s.id === site.id);
    };
    map.drawPoints(
      rows.map((s) => ({ ...s, radius: 5 + Math.min(10, s.events * 2) })),
      {
        className: "installation",
        fill: (s) => STATUS_COLORS[s.status] || "#444",
        title: (s) => `${codeText(s.owner)} ${s.kind} in ${codeText(s.host)} (${s.place || "unplaced"}): ${s.status}`,
        onClick: select,
        label: (s) => `${s.owner} ${s.kind}, ${s.place || "?"}`,
      },
    );
    map.fitTo(rows, 24);
    root.append(
      h("h3", {}, "List"),
      dataTable(
        [
          { label: "Kind", cell: (s) => s.kind },
          { label: "Owner", cell: (s) => codeLabel(s.owner) },
          { label: "Host", cell: (s) => codeLabel(s.host) },
          { label: "Place", cell: (s) => (s.place_text && s.place_text !== s.place ? `${s.place_text} (${s.place})` : s.place || "") },
          { label: "Status", cell: (s) => h("span", { class: `status status-${s.status.replace(" ", "-")}` }, s.status) },
          { label: "First seen", class: "nowrap", cell: (s) => s.first_seen || "" },
          { label: "Last seen", class: "nowrap", cell: (s) => s.last_seen || "" },
          { label: "Evidence", class: "num", cell: (s) => s.events },
        ],
        rows,
        { onActivate: select, rowClass: () => "installation-row" },
      ),
    );
    return rows.length > 0;
  },
};
