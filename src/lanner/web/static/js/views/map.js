// Map of events: one circle per place, sized by its number of events, over a country
// choropleth; a monthly histogram below filters by time. A circle opens the list of its
// events, and each of those opens the source document.

import { getAllEvents } from "../api.js";
import { timeHistogram } from "../charts.js";
import { clear, h } from "../dom.js";
import { eventRows } from "../events-table.js";
import { worldMap } from "../geo.js";
import { navigate } from "../route.js";

const MAX_EVENTS = 2000;

// Events at the same rounded coordinates are one place.
function places(rows) {
  const byKey = new Map();
  for (const e of rows) {
    if (e.lat === null || e.lon === null || e.lat === undefined) continue;
    const key = `${e.lat.toFixed(2)},${e.lon.toFixed(2)}`;
    let place = byKey.get(key);
    if (!place) {
      place = { key, lat: e.lat, lon: e.lon, name: e.location_name || key, events: [] };
      byKey.set(key, place);
    }
    place.events.push(e);
  }
  return [...byKey.values()].sort((a, b) => b.events.length - a.events.length);
}

// Choropleth count: the event's place, else (unplaced events) its target's country.
function countryCounts(rows) {
  const counts = new Map();
  for (const e of rows) {
    const iso3 = e.location_country || e.target_country;
    if (iso3) counts.set(iso3, (counts.get(iso3) || 0) + 1);
  }
  return counts;
}

export default {
  name: "map",
  title: "Map",
  filters: ["date_from", "date_to", "q", "actor", "country", "cameo", "quad_class", "factuality"],
  async render(root, { params, isCurrent }) {
    // The histogram shows every date (the other filters still apply), so that a time
    // selection can be moved or widened; the map shows the selection.
    const { date_from: from, date_to: to, ...undated } = params;
    const dated = Boolean(from || to);
    const mapBox = h("div", { class: "map-box" });
    const panel = h("aside", { class: "panel", id: "map-panel" }, h("p", { class: "hint" }, "Click a circle to list its events; click a country to filter by it."));
    const summary = h("p", { class: "summary" }, "Loading events…");
    const timeBox = h("div", { class: "time-box" });
    const allDates = h("button", { type: "button", class: "all-dates", hidden: !dated }, "All dates");
    allDates.addEventListener("click", () => navigate("map", null, undated));
    root.append(
      summary,
      h("div", { class: "map-layout" }, mapBox, panel),
      h("h3", {}, "Events per month (drag to filter by time) ", allDates),
      timeBox,
    );
    // The basemap loads while the first page of events does.
    const mapReady = worldMap(mapBox, {
      legendLabel: "events",
      selected: params.country ? params.country.toUpperCase() : null,
      onCountry: (iso3) => navigate("map", null, { ...params, country: iso3 }),
    });
    let map = null;

    const showPlace = (place) => {
      clear(panel).append(
        h("h3", {}, `${place.name}: ${place.events.length} event${place.events.length === 1 ? "" : "s"}`),
        eventRows(place.events),
      );
      map.svg.selectAll("circle.event-place").classed("selected", (p) => p.key === place.key);
    };
    const histogram = (dates) => {
      clear(timeBox);
      timeHistogram(timeBox, dates, {
        from,
        to,
        onRange: (a, b) => navigate("map", null, { ...params, date_from: a, date_to: b }),
      });
    };
    // Drawn after every page of events, so the first page shows at once on a big store.
    let fitted = false;
    const draw = (rows, more, capped) => {
      const counts = countryCounts(rows);
      const spots = places(rows);
      const busiest = Math.max(0, ...spots.map((p) => p.events.length));
      // Area grows with the count; a place with a few events stays small next to a busy one.
      const radius = window.d3.scaleSqrt([0, Math.max(20, busiest)], [3, 22]);
      map.paintCountries((iso3) => counts.get(iso3));
      map.drawPoints(
        spots.map((p) => ({ ...p, radius: radius(p.events.length) })),
        { className: "event-place", title: (p) => `${p.name}: ${p.events.length} events`, onClick: showPlace, label: (p) => p.name },
      );
      if (!fitted && spots.length) {
        map.fitTo(spots, 8);
        fitted = true;
      }
      summary.textContent = `${rows.length}${capped ? "+" : ""} events, ${spots.length} places${
        capped && !more ? ` (the latest ${MAX_EVENTS} are mapped; narrow the filters to see older ones)` : more ? " (loading more…)" : ""
      }`;
      if (!dated) histogram(rows.map((e) => e.date));
    };
    let first = true;
    let resolveFirst;
    const firstPage = new Promise((resolve) => {
      resolveFirst = resolve;
    });
    root.dataset.loading = "more";
    const mapped = getAllEvents(params, MAX_EVENTS, {
      isCurrent,
      onPage: async (rows, more, capped) => {
        map = await mapReady;
        if (!isCurrent()) return;
        draw(rows, more, capped);
        if (first) {
          first = false;
          resolveFirst(rows.length > 0);
        }
      },
    });
    const timeline = dated ? getAllEvents(undated, MAX_EVENTS, { isCurrent }) : null;
    // The rest of the pages load in the background; data-loading goes when all are in.
    Promise.all([mapped, timeline])
      .then(([, all]) => {
        if (all && isCurrent()) histogram(all.rows.map((e) => e.date));
      })
      .catch((error) => isCurrent() && summary.append(h("span", { class: "error" }, ` ${error.message}`)))
      .finally(() => delete root.dataset.loading);
    return Promise.race([firstPage, mapped.then((r) => r.rows.length > 0)]);
  },
};
