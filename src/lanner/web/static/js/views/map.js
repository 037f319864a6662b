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
    const { rows, more } = await getAllEvents(params, MAX_EVENTS);
    if (!isCurrent()) return false;
    const counts = countryCounts(rows);
    const spots = places(rows);
    const radius = window.d3.scaleSqrt([0, Math.max(1, ...spots.map((p) => p.events.length))], [3, 18]);
    const mapBox = h("div", { class: "map-box" });
    const panel = h("aside", { class: "panel", id: "map-panel" }, h("p", { class: "hint" }, "Click a circle to list its events; click a country to filter by it."));
    const summary = h(
      "p",
      { class: "summary" },
      `${rows.length}${more ? "+" : ""} events, ${spots.length} places`,
      more ? ` (the latest ${MAX_EVENTS} are mapped; narrow the filters to see older ones)` : "",
    );
    const timeBox = h("div", { class: "time-box" });
    root.append(summary, h("div", { class: "map-layout" }, mapBox, panel), h("h3", {}, "Events per month (drag to filter by time)"), timeBox);
    const map = await worldMap(mapBox, {
      countryValue: (iso3) => counts.get(iso3),
      legendLabel: "events",
      onCountry: (iso3) => navigate("map", null, { ...params, country: iso3 }),
    });
    if (!isCurrent()) return false;
    const showPlace = (place) => {
      clear(panel).append(
        h("h3", {}, `${place.name}: ${place.events.length} event${place.events.length === 1 ? "" : "s"}`),
        eventRows(place.events),
      );
      map.svg.selectAll("circle.event-place").classed("selected", (p) => p.key === place.key);
    };
    map.drawPoints(
      spots.map((p) => ({ ...p, radius: radius(p.events.length) })),
      {
        className: "event-place",
        title: (p) => `${p.name}: ${p.events.length} events`,
        onClick: showPlace,
      },
    );
    map.fitTo(spots, 4);
    timeHistogram(timeBox, rows.map((e) => e.date), {
      from: params.date_from,
      to: params.date_to,
      onRange: (from, to) => navigate("map", null, { ...params, date_from: from, date_to: to }),
    });
    return rows.length > 0;
  },
};
