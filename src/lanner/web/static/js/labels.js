// Collision-free labels: each label takes the first of a few places around its anchor that
// stays inside the frame and overlaps no label placed before it and no other anchor's circle;
// a label with no free place is hidden (its text stays in the anchor's tooltip). Anchors
// are taken most important first, so the busiest places and actors keep their labels.

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// items: [{x, y, r, width, height}] in screen units, most important first.
// Returns [{x, y, anchor: "start"|"middle"|"end", hidden}] (x, y: the text's baseline point).
export function placeLabels(items, frame, { gap = 3 } = {}) {
  const placed = [];
  const discs = items.map((it) => ({ x0: it.x - it.r, x1: it.x + it.r, y0: it.y - it.r, y1: it.y + it.r }));
  return items.map((it, i) => {
    const { x, y, r, width: w, height: hgt } = it;
    const candidates = [
      { x, y: y - r - gap, anchor: "middle", box: { x0: x - w / 2, x1: x + w / 2, y0: y - r - gap - hgt, y1: y - r - gap } },
      { x: x + r + gap, y: y + hgt / 3, anchor: "start", box: { x0: x + r + gap, x1: x + r + gap + w, y0: y - (2 * hgt) / 3, y1: y + hgt / 3 } },
      { x, y: y + r + gap + hgt * 0.8, anchor: "middle", box: { x0: x - w / 2, x1: x + w / 2, y0: y + r + gap, y1: y + r + gap + hgt } },
      { x: x - r - gap, y: y + hgt / 3, anchor: "end", box: { x0: x - r - gap - w, x1: x - r - gap, y0: y - (2 * hgt) / 3, y1: y + hgt / 3 } },
    ];
    for (const c of candidates) {
      const b = c.box;
      if (b.x0 < frame.x0 || b.x1 > frame.x1 || b.y0 < frame.y0 || b.y1 > frame.y1) continue;
      if (placed.some((p) => overlaps(p, b))) continue;
      if (discs.some((d, j) => j !== i && overlaps(d, b))) continue;
      placed.push(b);
      return { x: c.x, y: c.y, anchor: c.anchor, hidden: false, box: b };
    }
    return { x, y, anchor: "middle", hidden: true, box: null };
  });
}

// The rendered width of `text` in an SVG <text> of class `className` inside `svg`.
export function measurer(svg, className) {
  const probe = svg.append("text").attr("class", className).attr("visibility", "hidden");
  const cache = new Map();
  return {
    width(text) {
      if (!cache.has(text)) {
        probe.text(text);
        cache.set(text, probe.node().getComputedTextLength() || text.length * 7);
      }
      return cache.get(text);
    },
    remove() {
      probe.remove();
    },
  };
}
