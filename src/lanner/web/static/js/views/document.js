// A source document with the provenance of its events: the chosen event's sentence is
// marked and its trigger word marked inside it; other coded sentences are underlined and
// can be chosen. The article is inserted as text nodes only, so markup in it is shown,
// never run.

import { getJSON } from "../api.js";
import { h } from "../dom.js";
import { QUAD_NAMES } from "../events-table.js";
import { navigate } from "../route.js";

// The API's offsets count code points (Python str indices); JS strings count UTF-16
// units. units[i] is the UTF-16 index of code point i (and units[n] the length).
export function codePointUnits(text) {
  const units = [0];
  let at = 0;
  for (const ch of text) {
    at += ch.length;
    units.push(at);
  }
  return units;
}

function eventLabel(e) {
  return `${e.source_text || e.source_code || "?"} → ${e.target_text || e.target_code || "?"}`;
}

// Text nodes and marks for `text` with `selected` (an event) highlighted.
export function markedText(text, events, selected) {
  const units = codePointUnits(text);
  const at = (cp) => units[Math.max(0, Math.min(cp, units.length - 1))];
  const sel = selected ? { start: selected.sentence.start, end: selected.sentence.end } : null;
  // Other coded sentences, in order, without overlaps with the selected one or each other.
  const blocks = [];
  for (const e of [...events].sort((x, y) => x.sentence.start - y.sentence.start)) {
    const { start, end } = e.sentence;
    if (sel && start < sel.end && end > sel.start) continue;
    const last = blocks[blocks.length - 1];
    if (last && start < last.end) continue;
    blocks.push({ start, end, event: e, selected: false });
  }
  if (sel) blocks.push({ ...sel, event: selected, selected: true });
  blocks.sort((x, y) => x.start - y.start);
  const nodes = [];
  let pos = 0;
  for (const block of blocks) {
    nodes.push(document.createTextNode(text.slice(at(pos), at(block.start))));
    const inner = text.slice(at(block.start), at(block.end));
    if (block.selected) {
      const mark = h("mark", { class: "sentence selected", id: "selected-sentence" });
      const t = block.event.trigger;
      if (t && t.start >= block.start && t.end <= block.end && t.end > t.start) {
        mark.append(
          document.createTextNode(text.slice(at(block.start), at(t.start))),
          h("mark", { class: "trigger" }, text.slice(at(t.start), at(t.end))),
          document.createTextNode(text.slice(at(t.end), at(block.end))),
        );
      } else {
        mark.append(document.createTextNode(inner));
      }
      nodes.push(mark);
    } else {
      nodes.push(h("span", { class: "sentence other", title: eventLabel(block.event), dataset: { event: block.event.event_id } }, inner));
    }
    pos = block.end;
  }
  nodes.push(document.createTextNode(text.slice(at(pos))));
  return nodes;
}

export default {
  name: "document",
  title: "Document",
  hidden: true,
  filters: [],
  async render(root, { id, params, isCurrent }) {
    const doc = await getJSON(`/documents/${encodeURIComponent(id)}`);
    if (!isCurrent()) return false;
    const wanted = params.event;
    const selected = doc.events.find((e) => e.event_id === wanted || e.mention_id === wanted) || doc.events[0] || null;
    const choose = (e) => navigate("document", id, { event: e.event_id }, { replace: true });
    const body = h("div", { class: "document-text", lang: doc.language || null }, markedText(doc.text, doc.events, selected));
    body.addEventListener("click", (event) => {
      const span = event.target.closest("span.sentence.other");
      const e = span && doc.events.find((x) => x.event_id === span.dataset.event);
      if (e) choose(e);
    });
    // Outlet, date and dateline; never where the file lay on the ingesting machine.
    const meta = [doc.source, doc.published, doc.dateline].filter(Boolean).join(" · ");
    const list = h(
      "ol",
      { class: "doc-events" },
      doc.events.map((e) =>
        h(
          "li",
          { class: e === selected ? "selected" : null, tabindex: 0, dataset: { event: e.event_id } },
          h("span", { class: `quad q${e.quad_class}`, title: QUAD_NAMES[e.quad_class] }, h("code", {}, e.cameo), e.plover_event ? ` ${e.plover_event}` : ""),
          " ",
          eventLabel(e),
          h("br"),
          h("small", {}, [e.date || "undated", e.location_name, e.factuality, `trigger “${e.trigger.text ?? ""}”`].filter(Boolean).join(" · ")),
        ),
      ),
    );
    for (const li of list.children) {
      const e = doc.events.find((x) => x.event_id === li.dataset.event);
      li.addEventListener("click", () => choose(e));
      li.addEventListener("keydown", (ev) => ev.key === "Enter" && choose(e));
    }
    root.append(
      h("p", {}, h("button", { type: "button", class: "back" }, "← Back")),
      h("h2", { class: "doc-title" }, doc.title || "(untitled document)"),
      h("p", { class: "doc-meta" }, meta, doc.url ? h("span", { class: "doc-url" }, ` · ${doc.url}`) : ""),
      doc.duplicate_of ? h("p", { class: "message" }, `Near-duplicate of document ${doc.duplicate_of}.`) : "",
      h("div", { class: "document-layout" }, h("article", {}, body), h("aside", { class: "panel" }, h("h3", {}, `${doc.events.length} coded event${doc.events.length === 1 ? "" : "s"}`), list)),
    );
    root.querySelector("button.back").addEventListener("click", () => history.back());
    const mark = root.querySelector("#selected-sentence");
    if (mark) mark.scrollIntoView({ block: "center" });
    return true;
  },
};
