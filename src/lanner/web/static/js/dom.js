// DOM helpers. Everything that came from an article (titles, sentences, actor names) goes
// into the page through these functions as text nodes or attribute values, never as
// markup: the dashboard never parses a string as HTML.

const SAFE_ATTR = /^(class|id|href|title|type|name|value|placeholder|pattern|maxlength|role|tabindex|for|min|max|step|lang|colspan|disabled|selected|checked|hidden|aria-[a-z]+|data-[a-z-]+)$/;

// h("tr", {class: "row", dataset: {eventId: id}}, "text", childNode, [more])
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === "href") {
      el.setAttribute("href", safeHref(value));
    } else if (SAFE_ATTR.test(key)) {
      el.setAttribute(key, value === true ? "" : String(value));
    } else {
      throw new Error(`attribute ${key} is not allowed`);
    }
  }
  append(el, children);
  return el;
}

// Only links inside the dashboard or to its own API: an article's URL is shown as text.
export function safeHref(value) {
  const text = String(value);
  return text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//")) ? text : "#";
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}


export function fmtNumber(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number.isInteger(value) ? String(value) : Number(value).toFixed(digits);
}

export function truncate(text, max = 140) {
  const s = String(text ?? "");
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

// A table whose rows are keyboard- and mouse-activated, e.g. to open a document.
export function dataTable(columns, rows, { onActivate, rowClass, caption } = {}) {
  const head = h("thead", {}, h("tr", {}, columns.map((c) => h("th", { class: c.class }, c.label))));
  const body = h("tbody");
  for (const row of rows) {
    const tr = h(
      "tr",
      { class: [onActivate ? "clickable" : "", rowClass ? rowClass(row) : ""].join(" ").trim() || null },
      columns.map((c) => h("td", { class: c.class }, c.cell(row))),
    );
    if (onActivate) {
      tr.tabIndex = 0;
      tr.addEventListener("click", () => onActivate(row));
      tr.addEventListener("keydown", (e) => {
        if (e.key === "Enter") onActivate(row);
      });
    }
    body.append(tr);
  }
  return h("table", { class: "data" }, caption ? h("caption", {}, caption) : null, head, body);
}

export function message(text, kind = "info") {
  return h("p", { class: `message ${kind}` }, text);
}
