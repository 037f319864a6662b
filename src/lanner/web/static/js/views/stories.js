// Stories: threads of documents about the same happening. The list opens a story's
// timeline: its events on a time axis and its documents, each opening the source text.

import { getJSON } from "../api.js";
import { dataTable, h, truncate } from "../dom.js";
import { sentenceCell } from "../events-table.js";
import { storyTimeline } from "../charts.js";
import { navigate, openDocument } from "../route.js";

async function storyDetail(root, id, params, isCurrent) {
  const story = await getJSON(`/stories/${encodeURIComponent(id)}`, params);
  if (!isCurrent()) return false;
  root.append(
    h("p", {}, h("a", { href: `#/stories?${new URLSearchParams(params)}` }, "← All stories")),
    h("h2", {}, story.title || story.id),
    h("p", { class: "summary" }, `${story.start || "?"} to ${story.end || "?"}: ${story.documents} documents, ${story.events} events. Terms: ${story.terms.join(", ")}.`),
    story.dyads.length ? h("p", {}, "Dyads: ", story.dyads.map((d) => [h("a", { href: `#/dyads?a=${encodeURIComponent(d.split("-")[0])}&b=${encodeURIComponent(d.split("-")[1])}` }, d), " "])) : "",
  );
  const box = h("div", { class: "chart-box" });
  root.append(h("h3", {}, "Timeline"), box);
  storyTimeline(box, story.timeline, { onEvent: (e) => openDocument(e.doc_id, e.event_id) });
  root.append(
    h("h3", {}, "Events"),
    dataTable(
      [
        { label: "Date", class: "nowrap", cell: (e) => e.date || "undated" },
        { label: "Dyad", cell: (e) => `${e.source_code || "?"} → ${e.target_code || "?"}` },
        { label: "CAMEO", cell: (e) => h("code", { class: `quad q${e.quad_class}` }, e.cameo) },
        { label: "Place", cell: (e) => e.location_name || "" },
        { label: "Sentence", cell: (e) => sentenceCell(e.sentence, e.trigger_text) },
      ],
      story.timeline,
      { onActivate: (e) => openDocument(e.doc_id, e.event_id), rowClass: () => "timeline-row" },
    ),
    h("h3", {}, "Documents"),
    dataTable(
      [
        { label: "Published", class: "nowrap", cell: (d) => d.published || "" },
        { label: "Title", cell: (d) => truncate(d.title || d.id, 120) },
      ],
      story.documents_list,
      { onActivate: (d) => openDocument(d.id, null), rowClass: () => "document-row" },
    ),
  );
  return story.timeline.length > 0;
}

export default {
  name: "stories",
  title: "Stories",
  filters: ["date_from", "date_to"],
  async render(root, { id, params, isCurrent }) {
    if (id) return storyDetail(root, id, params, isCurrent);
    const { rows, total } = await getJSON("/stories", params);
    if (!isCurrent()) return false;
    root.append(
      h("p", { class: "summary" }, `${total} stor${total === 1 ? "y" : "ies"}, biggest first`),
      dataTable(
        [
          { label: "Story", cell: (s) => truncate(s.title || s.id, 90) },
          { label: "From", class: "nowrap", cell: (s) => s.start || "" },
          { label: "To", class: "nowrap", cell: (s) => s.end || "" },
          { label: "Docs", class: "num", cell: (s) => s.documents },
          { label: "Events", class: "num", cell: (s) => s.events },
          { label: "Dyads", cell: (s) => s.dyads.join(", ") },
          { label: "Places", cell: (s) => s.places.join(", ") },
        ],
        rows,
        { onActivate: (s) => navigate("stories", s.id, params), rowClass: () => "story-row" },
      ),
    );
    return rows.length > 0;
  },
};
