// Dyad trends: how two actors treat each other period by period (quad classes and net
// Goldstein), with the dyad's events below. Without a dyad, the busiest ones are offered.

import { getJSON } from "../api.js";
import { dyadChart } from "../charts.js";
import { dataTable, fmtNumber, h } from "../dom.js";
import { pagedEvents } from "../events-table.js";
import { codeLabel, codeText } from "../names.js";
import { navigate } from "../route.js";

async function busiest(root, params, isCurrent) {
  // The list follows the factuality filter shown above it, as the chart and table do.
  const factuality = params.factuality || "asserted";
  const graph = await getJSON("/network", {
    date_from: params.date_from,
    date_to: params.date_to,
    max_nodes: 200,
    factuality: factuality === "any" ? null : factuality,
  });
  if (!isCurrent()) return false;
  const edges = [...graph.edges].sort((x, y) => y.events - x.events).slice(0, 20);
  root.append(
    h("p", { class: "hint" }, `Pick a dyad, or type two actor codes or countries above. Busiest dyads, ${factuality === "any" ? "any factuality" : `${factuality} events`}:`),
    dataTable(
      [
        { label: "Source", cell: (e) => codeLabel(e.source) },
        { label: "Target", cell: (e) => codeLabel(e.target) },
        { label: "Events", class: "num", cell: (e) => e.events },
        { label: "Goldstein sum", class: "num", cell: (e) => fmtNumber(e.goldstein) },
      ],
      edges,
      { onActivate: (e) => navigate("dyads", null, { ...params, a: e.source, b: e.target }) },
    ),
  );
  return edges.length > 0;
}

export default {
  name: "dyads",
  title: "Dyads",
  filters: ["a", "b", "period", "date_from", "date_to", "series_factuality"],
  async render(root, { params, isCurrent }) {
    const a = (params.a || "").toUpperCase();
    const b = (params.b || "").toUpperCase();
    if (!a || !b) return busiest(root, params, isCurrent);
    const range = { date_from: params.date_from, date_to: params.date_to };
    // One factuality for the chart and the table, so that their counts agree.
    const factuality = params.factuality || "asserted";
    const series = await getJSON(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, {
      ...range,
      period: params.period || "month",
      factuality,
    });
    if (!isCurrent()) return false;
    const total = series.rows.reduce((n, r) => n + r.events, 0);
    const which = factuality === "any" ? "" : `${factuality} `;
    root.append(
      h("h2", { class: "dyad-title", dataset: { total } }, `${codeText(a)} and ${codeText(b)}: ${total} dated ${which}events by ${series.period}`),
      h(
        "p",
        { class: "legend-line" },
        h("span", { class: "swatch q1" }), "verbal cooperation ",
        h("span", { class: "swatch q2" }), "material cooperation ",
        h("span", { class: "swatch q3" }), "verbal conflict ",
        h("span", { class: "swatch q4" }), "material conflict ",
        h("span", { class: "swatch net" }), "net Goldstein (right axis)",
      ),
    );
    const chartBox = h("div", { class: "chart-box" });
    root.append(chartBox);
    if (series.rows.length) {
      dyadChart(chartBox, series.rows, {
        onPeriod: (r) => {
          const end = new Date(`${series.rows[series.rows.indexOf(r) + 1]?.period || r.period}T00:00:00Z`);
          const last = series.rows.indexOf(r) + 1 < series.rows.length ? new Date(end - 864e5) : end;
          navigate("dyads", null, { ...params, date_from: r.period, date_to: last.toISOString().slice(0, 10) });
        },
      });
    } else {
      chartBox.append(h("p", { class: "message" }, "No dated events for this dyad."));
    }
    root.append(h("h3", {}, `Dated events of the dyad (${factuality === "any" ? "any factuality" : factuality})`));
    // The chart counts dated events only; so does the table (a lower bound excludes undated).
    const dated = { date_from: range.date_from || "1800-01-01", date_to: range.date_to };
    await pagedEvents(root, { ...dated, dyad: `${a}-${b}`, directed: false, factuality: factuality === "any" ? null : factuality }, { isCurrent });
    return total > 0;
  },
};
