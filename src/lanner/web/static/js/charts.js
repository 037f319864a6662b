// Small d3 charts: a monthly histogram with a brush (time filter), a diverging bar chart
// for dyad series, and a story timeline. Presentation attributes only, no inline styles,
// so the API's CSP (style-src 'self') holds.

const d3 = window.d3;

function frame(container, height, margin) {
  const width = Math.max(480, container.clientWidth || 960);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
  container.append(svg.node());
  return { svg, width, height, inner: { x0: margin.left, x1: width - margin.right, y0: margin.top, y1: height - margin.bottom } };
}

const DAY = 864e5;

// Events per month as bars; brushing a range calls onRange(fromISO, toISO).
export function timeHistogram(container, dates, { onRange = null, from = null, to = null } = {}) {
  const parsed = dates.filter(Boolean).map((d) => new Date(`${d}T00:00:00Z`));
  if (!parsed.length) return null;
  const months = d3.utcMonth;
  const [lo, hi] = d3.extent(parsed);
  const start = months.floor(lo);
  const end = months.offset(months.floor(hi), 1);
  const bins = d3.rollup(parsed, (v) => v.length, (d) => +months.floor(d));
  const data = months.range(start, end).map((m) => ({ month: m, n: bins.get(+m) || 0 }));
  const { svg, inner } = frame(container, 110, { top: 10, right: 24, bottom: 24, left: 36 });
  svg.attr("class", "chart histogram");
  const x = d3.scaleUtc([start, end], [inner.x0, inner.x1]);
  const y = d3.scaleLinear([0, d3.max(data, (d) => d.n) || 1], [inner.y1, inner.y0]).nice();
  svg
    .append("g")
    .selectAll("rect")
    .data(data)
    .join("rect")
    .attr("class", "bar")
    .attr("x", (d) => x(d.month) + 1)
    .attr("width", (d) => Math.max(1, x(months.offset(d.month, 1)) - x(d.month) - 2))
    .attr("y", (d) => y(d.n))
    .attr("height", (d) => y(0) - y(d.n))
    .append("title")
    .text((d) => `${d3.utcFormat("%Y-%m")(d.month)}: ${d.n} events`);
  // Short month names, the year at January: every tick label fits inside the frame.
  const tick = (d) => (d.getUTCMonth() === 0 ? d3.utcFormat("%Y")(d) : d3.utcFormat("%b")(d));
  svg.append("g").attr("transform", `translate(0,${inner.y1})`).call(d3.axisBottom(x).ticks(8).tickFormat(tick));
  svg.append("g").attr("transform", `translate(${inner.x0},0)`).call(d3.axisLeft(y).ticks(3));
  if (onRange) {
    const iso = d3.utcFormat("%Y-%m-%d");
    const brush = d3
      .brushX()
      .extent([
        [inner.x0, inner.y0],
        [inner.x1, inner.y1],
      ])
      .on("end", (event) => {
        if (!event.sourceEvent || !event.selection) return;
        const [a, b] = event.selection.map(x.invert);
        onRange(iso(d3.utcDay.floor(a)), iso(new Date(d3.utcDay.ceil(b) - DAY)));
      });
    const g = svg.append("g").attr("class", "brush").call(brush);
    if (from || to) {
      const a = from ? new Date(`${from}T00:00:00Z`) : start;
      const b = to ? new Date(+new Date(`${to}T00:00:00Z`) + DAY) : end;
      g.call(brush.move, [Math.max(inner.x0, x(a)), Math.min(inner.x1, x(b))]);
    }
  }
  return svg.node();
}

const QUAD_COLORS = { q1: "#7fbf7b", q2: "#1b7837", q3: "#f4a582", q4: "#b2182b" };

// Cooperation (q1, q2) above the axis, conflict (q3, q4) below; a line for net Goldstein.
export function dyadChart(container, rows, { onPeriod = null } = {}) {
  const { svg, inner } = frame(container, 300, { top: 16, right: 48, bottom: 28, left: 40 });
  svg.attr("class", "chart dyad-chart");
  const periods = rows.map((r) => new Date(`${r.period}T00:00:00Z`));
  const x = d3.scaleBand(periods.map(Number), [inner.x0, inner.x1]).padding(0.15);
  const up = d3.max(rows, (r) => r.q1 + r.q2) || 1;
  const down = d3.max(rows, (r) => r.q3 + r.q4) || 1;
  const y = d3.scaleLinear([-down, up], [inner.y1, inner.y0]).nice();
  const stacks = [
    ["q1", (r) => 0, (r) => r.q1],
    ["q2", (r) => r.q1, (r) => r.q1 + r.q2],
    ["q3", (r) => 0, (r) => -r.q3],
    ["q4", (r) => -r.q3, (r) => -r.q3 - r.q4],
  ];
  const g = svg.append("g");
  for (const [key, from, to] of stacks) {
    g.append("g")
      .attr("class", `series ${key}`)
      .attr("fill", QUAD_COLORS[key])
      .selectAll("rect")
      .data(rows.filter((r) => r[key] > 0))
      .join("rect")
      .attr("x", (r) => x(+new Date(`${r.period}T00:00:00Z`)))
      .attr("width", x.bandwidth())
      .attr("y", (r) => y(Math.max(from(r), to(r))))
      .attr("height", (r) => Math.abs(y(from(r)) - y(to(r))))
      .append("title")
      .text((r) => `${r.period}: ${r[key]} ${key.toUpperCase()} events`);
  }
  // The right axis shares the left one's zero and covers every net value: its domain is
  // the left one's, rescaled just enough that the line stays inside the chart.
  const [lo, hi] = y.domain();
  const netHi = Math.max(0, d3.max(rows, (r) => r.net_goldstein) || 0);
  const netLo = Math.min(0, d3.min(rows, (r) => r.net_goldstein) || 0);
  const scale = 1.05 * Math.max(hi > 0 ? netHi / hi : 0, lo < 0 ? netLo / lo : 0) || 1;
  const y2 = d3.scaleLinear([lo * scale, hi * scale], [inner.y1, inner.y0]);
  const line = d3
    .line()
    .x((r) => x(+new Date(`${r.period}T00:00:00Z`)) + x.bandwidth() / 2)
    .y((r) => y2(r.net_goldstein));
  svg.append("path").datum(rows).attr("class", "net-line").attr("fill", "none").attr("d", line);
  const ticks = x.domain().filter((_, i, all) => i % Math.ceil(all.length / 10) === 0);
  svg.append("line").attr("class", "zero").attr("x1", inner.x0).attr("x2", inner.x1).attr("y1", y(0)).attr("y2", y(0));
  svg
    .append("g")
    .attr("transform", `translate(0,${inner.y1})`)
    .call(d3.axisBottom(x).tickValues(ticks).tickFormat((v) => d3.utcFormat("%Y-%m")(new Date(v))));
  svg.append("g").attr("transform", `translate(${inner.x0},0)`).call(d3.axisLeft(y).ticks(5));
  svg
    .append("g")
    .attr("class", "axis-net")
    .attr("transform", `translate(${inner.x1},0)`)
    .call(d3.axisRight(y2).ticks(5));
  if (onPeriod) {
    svg
      .append("g")
      .selectAll("rect")
      .data(rows)
      .join("rect")
      .attr("class", "hit")
      .attr("x", (r) => x(+new Date(`${r.period}T00:00:00Z`)))
      .attr("width", x.bandwidth())
      .attr("y", inner.y0)
      .attr("height", inner.y1 - inner.y0)
      .attr("fill", "transparent")
      .on("click", (_, r) => onPeriod(r));
  }
  return svg.node();
}

// Events of a story on a time axis, one lane per quad class; onEvent(event) on click.
export function storyTimeline(container, events, { onEvent = null } = {}) {
  const dated = events.filter((e) => e.date);
  if (!dated.length) return null;
  const { svg, inner } = frame(container, 190, { top: 14, right: 20, bottom: 26, left: 130 });
  svg.attr("class", "chart timeline");
  const dates = dated.map((e) => new Date(`${e.date}T00:00:00Z`));
  let [lo, hi] = d3.extent(dates);
  if (+lo === +hi) {
    lo = d3.utcDay.offset(lo, -3);
    hi = d3.utcDay.offset(hi, 3);
  }
  const x = d3.scaleUtc([lo, hi], [inner.x0, inner.x1]).nice();
  const y = d3.scalePoint([1, 2, 3, 4], [inner.y0 + 8, inner.y1 - 8]);
  const names = { 1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict" };
  svg.append("g").attr("transform", `translate(0,${inner.y1})`).call(d3.axisBottom(x).ticks(6));
  svg
    .append("g")
    .attr("transform", `translate(${inner.x0},0)`)
    .call(d3.axisLeft(y).tickFormat((q) => names[q]));
  const dots = svg
    .append("g")
    .selectAll("circle")
    .data(dated)
    .join("circle")
    .attr("class", (e) => `dot q${e.quad_class}`)
    .attr("cx", (e) => x(new Date(`${e.date}T00:00:00Z`)))
    .attr("cy", (e) => y(e.quad_class))
    .attr("r", 6)
    .attr("tabindex", 0);
  dots.append("title").text((e) => `${e.date} ${e.source_code} ${e.cameo} ${e.target_code}: ${e.sentence}`);
  if (onEvent) dots.on("click", (_, e) => onEvent(e));
  return svg.node();
}
