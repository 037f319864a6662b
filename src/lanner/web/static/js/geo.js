// The world basemap: Natural Earth 1:110m countries from the vendored world-atlas
// TopoJSON, drawn with d3-geo. No tiles and no requests beyond this origin.

import { measurer, placeLabels } from "./labels.js";

const d3 = window.d3;
const topojson = window.topojson;

let worldPromise = null;

// {countries: GeoJSON features with .properties.iso3, byIso3: Map}
export function loadWorld() {
  if (!worldPromise) {
    worldPromise = Promise.all([
      fetch(new URL("../vendor/countries-110m.json", import.meta.url)).then((r) => r.json()),
      fetch(new URL("../vendor/iso-numeric.json", import.meta.url)).then((r) => r.json()),
    ]).then(([topology, isoNumeric]) => {
      const countries = topojson.feature(topology, topology.objects.countries).features;
      for (const feature of countries) {
        const entry = isoNumeric[feature.id];
        feature.properties.iso3 = entry ? entry.iso3 : null;
      }
      return { countries };
    });
  }
  return worldPromise;
}

// Draw the basemap into `container`; returns layers to draw points on and a project(lon, lat).
export async function worldMap(container, { height = 460, onCountry = null, countryValue = null, legendLabel = "", selected = null } = {}) {
  const { countries } = await loadWorld();
  const width = Math.max(480, container.clientWidth || 960);
  const projection = d3.geoEqualEarth().fitExtent(
    [
      [8, 8],
      [width - 8, height - 8],
    ],
    { type: "Sphere" },
  );
  const path = d3.geoPath(projection);
  const svg = d3
    .create("svg")
    .attr("class", "map")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", width)
    .attr("height", height)
    .attr("role", "img");
  const zoomLayer = svg.append("g");
  zoomLayer.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));

  const countryPaths = zoomLayer
    .append("g")
    .attr("class", "countries")
    .selectAll("path")
    .data(countries)
    .join("path")
    .attr("class", "country")
    .attr("d", path)
    .attr("data-iso3", (d) => d.properties.iso3 || "")
    .classed("selected", (d) => selected !== null && d.properties.iso3 === selected);
  countryPaths.filter(".selected").raise(); // its outline on top of the neighbours'
  const countryTitles = countryPaths.append("title");
  const legend = svg.append("g").attr("class", "legend").attr("transform", `translate(16, ${height - 40})`);

  // Colour countries by value(iso3); called again as more data arrives.
  function paintCountries(value) {
    const max = value ? d3.max(countries, (c) => value(c.properties.iso3) || 0) || 0 : 0;
    const color = d3.scaleSequentialSqrt([0, Math.max(1, max)], d3.interpolateOrRd);
    countryPaths.attr("fill", (d) => {
      const v = value ? value(d.properties.iso3) : 0;
      return v ? color(v) : null;
    });
    countryTitles.text((d) => {
      const v = value ? value(d.properties.iso3) || 0 : null;
      return `${d.properties.name}${d.properties.iso3 ? ` (${d.properties.iso3})` : ""}${v !== null ? `: ${v} ${legendLabel}` : ""}`;
    });
    legend.selectAll("*").remove();
    if (max > 0) {
      legend
        .selectAll("rect")
        .data(d3.range(0, 6).map((i) => (max * i) / 5))
        .join("rect")
        .attr("x", (_, i) => i * 28)
        .attr("width", 28)
        .attr("height", 10)
        .attr("fill", (v) => color(v));
      legend.append("text").attr("y", -4).text(`${legendLabel} per country (max ${max})`);
    }
  }
  paintCountries(countryValue);
  if (onCountry) {
    countryPaths.classed("clickable", (d) => Boolean(d.properties.iso3));
    countryPaths.on("click", (event, d) => d.properties.iso3 && onCountry(d.properties.iso3));
  }
  const pointLayer = zoomLayer.append("g").attr("class", "points");
  // Place names sit in screen space above the zoomed map, re-placed after every zoom.
  const labelLayer = svg.append("g").attr("class", "place-labels");
  let labelled = { points: [], text: null };
  let current = d3.zoomIdentity;

  function relabel() {
    const { points, text } = labelled;
    const frame = { x0: 2, x1: width - 2, y0: 2, y1: height - 2 };
    const shown = points
      .map((p) => {
        const [x, y] = current.apply(projection([p.lon, p.lat]));
        return { p, x, y, r: p.radius };
      })
      .filter((s) => s.x >= frame.x0 && s.x <= frame.x1 && s.y >= frame.y0 && s.y <= frame.y1);
    const measure = measurer(svg, "place-label");
    const spots = placeLabels(
      shown.map((s) => ({ x: s.x, y: s.y, r: s.r, width: measure.width(text(s.p)), height: 12 })),
      frame,
    );
    measure.remove();
    labelLayer
      .selectAll("text")
      .data(shown.map((s, i) => ({ ...s, spot: spots[i] })).filter((d) => !d.spot.hidden))
      .join("text")
      .attr("class", "place-label")
      .attr("x", (d) => d.spot.x)
      .attr("y", (d) => d.spot.y)
      .attr("text-anchor", (d) => d.spot.anchor)
      .text((d) => text(d.p));
  }

  // Zoom scales the basemap; points keep their screen size by dividing by k.
  let k = 1;
  const zoom = d3
    .zoom()
    .scaleExtent([1, 24])
    .translateExtent([
      [0, 0],
      [width, height],
    ])
    .on("zoom", (event) => {
      k = event.transform.k;
      current = event.transform;
      if (labelled.text) relabel();
      zoomLayer.attr("transform", event.transform);
      pointLayer.selectAll("circle").attr("r", function () {
        return this.__radius / k;
      });
    });
  svg.call(zoom);
  container.append(svg.node());

  // Draw circles for `points` ({lon, lat, radius, ...}), the largest first so that small
  // circles lie on top of large ones; `label(p)` names each (placed without collisions).
  function drawPoints(points, { className = "point", fill = null, title = null, onClick = null, label = null } = {}) {
    const placed = points
      .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat))
      .sort((p, q) => q.radius - p.radius);
    const circles = pointLayer
      .selectAll(`circle.${className}`)
      .data(placed)
      .join("circle")
      .attr("class", className)
      .attr("cx", (p) => projection([p.lon, p.lat])[0])
      .attr("cy", (p) => projection([p.lon, p.lat])[1])
      .each(function (p) {
        this.__radius = p.radius;
      })
      .attr("r", (p) => p.radius / k)
      .attr("tabindex", 0)
      .attr("role", "button");
    if (fill) circles.attr("fill", fill);
    if (title) circles.append("title").text(title);
    if (onClick) {
      circles.on("click", (event, p) => {
        event.stopPropagation();
        onClick(p);
      });
      circles.on("keydown", (event, p) => event.key === "Enter" && onClick(p));
    }
    circles.order();
    if (label) {
      labelled = { points: placed, text: label };
      relabel();
    }
    return circles;
  }
  // Zoom so that `points` fill the frame (at most maxK times), with room for circles and
  // their labels at the edges: the map opens on the data, not on the whole world.
  function fitTo(points, maxK = 6, pad = 48) {
    const xy = points.filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat)).map((p) => projection([p.lon, p.lat]));
    if (!xy.length) return;
    const [x0, x1] = d3.extent(xy, (p) => p[0]);
    const [y0, y1] = d3.extent(xy, (p) => p[1]);
    const fit = Math.min((width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0));
    const scale = Math.max(1, Math.min(maxK, fit));
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2 - scale * cx, height / 2 - scale * cy).scale(scale));
  }
  return { svg, projection, drawPoints, fitTo, paintCountries };
}
