// Conflict alerts: places whose recent conflict events depart from their own baseline.
// A row opens that place's events in the alert's window.

import { getJSON } from "../api.js";
import { dataTable, fmtNumber, h } from "../dom.js";
import { codeLabel } from "../names.js";
import { navigate } from "../route.js";

export default {
  name: "alerts",
  title: "Alerts",
  filters: ["alert_level", "window_days", "as_of", "country"],
  async render(root, { params, isCurrent }) {
    const { rows } = await getJSON("/alerts", params);
    if (!isCurrent()) return false;
    root.append(
      h("p", { class: "summary" }, `${rows.length} place${rows.length === 1 ? "" : "s"} with conflict events in the window`),
      dataTable(
        [
          { label: "Place", cell: (r) => r.place },
          { label: "Country", cell: (r) => codeLabel(r.country) },
          { label: "Window", class: "nowrap", cell: (r) => `${r.window_start} to ${r.window_end}` },
          { label: "Recent", class: "num", cell: (r) => r.recent },
          { label: "Baseline mean", class: "num", cell: (r) => fmtNumber(r.baseline_mean) },
          { label: "Change", class: "num", cell: (r) => fmtNumber(r.change) },
          { label: "z", class: "num", cell: (r) => fmtNumber(r.z) },
          { label: "Trend", cell: (r) => h("span", { class: `trend trend-${String(r.trend).replace(/ /g, "-")}` }, r.trend) },
        ],
        rows,
        {
          rowClass: () => "alert-row",
          onActivate: (r) => navigate("events", null, { country: r.country, date_from: r.window_start, date_to: r.window_end }),
        },
      ),
    );
    return rows.length > 0;
  },
};
