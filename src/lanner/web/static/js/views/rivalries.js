// Rivalries: two patrons courting one client in a window, scored, with the client's tilt.
// A row opens its evidence events (looked up by id among the dyads' events in the window).

import { getJSON } from "../api.js";
import { clear, dataTable, fmtNumber, h } from "../dom.js";
import { eventRows } from "../events-table.js";
import { codeLabel, codeText } from "../names.js";

const d3 = window.d3;
const WINDOWS = { month: d3.utcMonth, quarter: d3.utcMonth.every(3), year: d3.utcYear };

function windowRange(period, window) {
  const interval = WINDOWS[window];
  if (!period || !interval) return {};
  const start = new Date(`${period}T00:00:00Z`);
  const step = window === "quarter" ? d3.utcMonth.offset(start, 3) : interval.offset(start, 1);
  return { date_from: period, date_to: new Date(step - 864e5).toISOString().slice(0, 10) };
}

async function showEvidence(panel, row, window) {
  clear(panel).append(h("p", { class: "hint" }, "Loading evidence…"));
  const ids = new Set(Object.values(row.evidence || {}).flat());
  const range = windowRange(row.period, window);
  const found = new Map();
  for (const patron of [row.patron_a, row.patron_b]) {
    const page = await getJSON("/events", { ...range, dyad: `${patron}-${row.client}`, directed: false, limit: 500 });
    for (const e of page.rows) if (ids.has(e.id)) found.set(e.id, e);
  }
  const events = [...found.values()].sort((x, y) => String(y.date).localeCompare(String(x.date)));
  clear(panel).append(
    h("h3", {}, `${codeText(row.patron_a)} and ${codeText(row.patron_b)} courting ${codeText(row.client)}`),
    h("p", {}, `Window from ${row.period || "the start"}: score ${fmtNumber(row.score, 2)}, tilt ${fmtNumber(row.tilt, 2)} (1 leans all to ${row.patron_a}).`),
    row.why ? h("p", { class: "why" }, `Why it ranks: ${row.why}.`) : null,
    events.length ? eventRows(events) : h("p", { class: "message" }, "The evidence events are outside the current page of results."),
  );
}

export default {
  name: "rivalries",
  title: "Rivalries",
  filters: ["date_from", "date_to", "window", "client", "patron"],
  async render(root, { params, isCurrent }) {
    const { rows } = await getJSON("/rivalries", params);
    if (!isCurrent()) return false;
    const window = params.window || "year";
    const panel = h("section", { class: "panel wide", id: "rivalry-panel" }, h("p", { class: "hint" }, "Click a rivalry for the events behind it."));
    root.append(
      h("p", { class: "summary" }, `${rows.length} rivalr${rows.length === 1 ? "y" : "ies"}`),
      dataTable(
        [
          { label: "Window", class: "nowrap", cell: (r) => r.period || "all" },
          { label: "Client", cell: (r) => codeLabel(r.client) },
          { label: "Patron A", cell: (r) => codeLabel(r.patron_a) },
          { label: "Patron B", cell: (r) => codeLabel(r.patron_b) },
          { label: "Courting A/B", class: "num", cell: (r) => `${r.coop_a} / ${r.coop_b}` },
          { label: "Accepted A/B", class: "num", cell: (r) => `${r.accept_a} / ${r.accept_b}` },
          { label: "Rejected A/B", class: "num", cell: (r) => `${r.reject_a} / ${r.reject_b}` },
          { label: "Score", class: "num", cell: (r) => fmtNumber(r.score, 2) },
          { label: "Tilt", class: "num", cell: (r) => fmtNumber(r.tilt, 2) },
          { label: "Why it ranks", cell: (r) => h("span", { class: "why" }, `balance ${fmtNumber(r.balance, 2)}, divergence ${fmtNumber(r.divergence, 2)}`) },
        ],
        rows,
        {
          rowClass: () => "rivalry-row",
          onActivate: (r) => showEvidence(panel, r, window).catch((err) => clear(panel).append(h("p", { class: "message error" }, err.message))),
        },
      ),
      panel,
    );
    return rows.length > 0;
  },
};
