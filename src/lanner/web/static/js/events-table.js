// The event table used by several views: one row per event, newest first, with keyset
// "more" paging. Activating a row opens the event's source document at its sentence.

import { apiUrl, getJSON } from "./api.js";
import { dataTable, h, truncate } from "./dom.js";
import { nameOf } from "./names.js";
import { openDocument } from "./route.js";

export const QUAD_NAMES = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
};

function side(text, code) {
  const name = nameOf(code);
  return h("span", { class: "actor", title: name }, text ? `${text} ` : "", h("code", {}, code || "?"), name ? h("span", { class: "name block" }, name) : null);
}

// The sentence with its trigger set in bold, built from text nodes.
export function sentenceCell(sentence, trigger) {
  const text = String(sentence ?? "");
  const at = trigger ? text.indexOf(trigger) : -1;
  if (at < 0) return truncate(text, 180);
  return h(
    "span",
    { class: "sentence" },
    truncate(text.slice(0, at), 80),
    h("b", { class: "trigger" }, trigger),
    truncate(text.slice(at + trigger.length), 100),
  );
}

export const EVENT_COLUMNS = [
  { label: "Date", class: "nowrap", cell: (e) => e.date || "undated" },
  { label: "Source", cell: (e) => side(e.source_text, e.source_code) },
  {
    label: "Event",
    cell: (e) =>
      h(
        "span",
        { class: `quad q${e.quad_class}`, title: QUAD_NAMES[e.quad_class] },
        h("code", {}, e.cameo),
        e.plover_event ? ` ${e.plover_event}` : "",
        e.factuality && e.factuality !== "asserted" ? ` (${e.factuality})` : "",
      ),
  },
  { label: "Target", cell: (e) => side(e.target_text, e.target_code) },
  { label: "Place", cell: (e) => e.location_name || "" },
  { label: "Sentence", cell: (e) => sentenceCell(e.sentence_text, e.trigger_text) },
  { label: "Document", cell: (e) => truncate(e.doc_title || e.first_doc_id, 60) },
];

export function eventRows(rows) {
  return dataTable(EVENT_COLUMNS, rows, {
    onActivate: (e) => openDocument(e.first_doc_id, e.id),
    rowClass: () => "event-row",
  });
}

// A paged table of /events for `params`; resolves once the first page is shown.
// The count line says how many rows are shown and how many match in all (the true total).
function countText(shown, total) {
  return shown >= total ? `${total} event${total === 1 ? "" : "s"}` : `${shown} of ${total} events shown`;
}

export async function pagedEvents(container, params, { pageSize = 100, isCurrent = () => true } = {}) {
  const first = await getJSON("/events", { ...params, limit: pageSize, total: true });
  if (!isCurrent()) return first;
  const table = eventRows(first.rows);
  const tbody = table.querySelector("tbody");
  const total = first.total ?? first.rows.length;
  const count = h("span", { class: "count", dataset: { total } }, countText(first.rows.length, total));
  const more = h("button", { type: "button", class: "more" }, "More");
  const exports = h(
    "span",
    { class: "exports" },
    "Export: ",
    h("a", { href: apiUrl("/events", params, "csv") }, "CSV"),
    " ",
    h("a", { href: apiUrl("/events", params, "parquet") }, "Parquet"),
    " ",
    h("a", { href: apiUrl("/events", params, "json") }, "JSON"),
  );
  let cursor = first.next;
  let shown = first.rows.length;
  more.hidden = !cursor;
  more.addEventListener("click", async () => {
    more.disabled = true;
    const page = await getJSON("/events", { ...params, limit: pageSize, after: cursor });
    const extra = eventRows(page.rows).querySelector("tbody");
    tbody.append(...extra.children);
    shown += page.rows.length;
    count.textContent = countText(shown, total);
    cursor = page.next;
    more.hidden = !cursor;
    more.disabled = false;
  });
  container.append(
    h("div", { class: "table-head" }, count, exports),
    first.rows.length ? table : h("p", { class: "message" }, "No events match these filters."),
    more,
  );
  return first;
}
