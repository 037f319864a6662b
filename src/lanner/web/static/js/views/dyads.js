// Dyad trends: how two actors treat each other period by period (quad classes and net
// Goldstein), with the dyad's events below. Without a dyad, the busiest ones are offered.

import { getJSON } from "../api.js";
import { dyadChart } from "../charts.js";
import { dataTable, fmtNumber, h } from "../dom.js";
import { pagedEvents } from "../events-table.js";
import { navigate } from "../route.js";

async function busiest(root, params, isCurrent) {
  const graph = await getJSON("/network", { date_from: params.date_from, date_to: params.date_to, max_nodes: 200 });
  if (!isCurrent()) return false;
  const edges = [...graph.edges].sort((x, y) => y.events - x.events).slice(0, 20);
  root.append(
    h("p", { class: "hint" }, "Pick a dyad, or type two actor codes or countries above."),
    dataTable(
      [
        { label: "Source", cell: (e) => h("code", {}, e.source) },
        { label: "Target", cell: (e) => h("code", {}, e.target) },
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
    const series = await getJSON(`/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, {
      ...range,
      period: params.period || "month",
      factuality: params.factuality,
    });
    if (!isCurrent()) return false;
    const total = series.rows.reduce((n, r) => n + r.events, 0);
    root.append(
      h("h2", {}, `${a} and ${b}: ${total} events by ${series.period}`),
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
    root.append(h("h3", {}, "Events of the dyad"));
    const factuality = params.factuality && params.factuality !== "any" ? params.factuality : null;
    await pagedEvents(root, { ...range, dyad: `${a}-${b}`, directed: false, factuality }, { isCurrent });
    return total > 0;
  },
};
