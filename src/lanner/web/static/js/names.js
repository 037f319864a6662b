// Names next to codes: "TJK Tajikistan", "CHNINS China · insurgents", from the API's /names
// (the actor lexicon). Loaded once per page; a code without a name is shown alone.

import { getJSON } from "./api.js";
import { h } from "./dom.js";

let names = new Map();
let loading = null;

export function loadNames() {
  if (!loading) {
    loading = getJSON("/names")
      .then((body) => {
        names = new Map(Object.entries(body.names || {}));
      })
      .catch(() => {
        loading = null; // e.g. a guarded server before the token is given: try again later
      });
  }
  return loading || Promise.resolve();
}

export function nameOf(code) {
  return code ? names.get(String(code)) || null : null;
}

// "TJK Tajikistan" as text, for titles and headings.
export function codeText(code) {
  const name = nameOf(code);
  return name ? `${code} ${name}` : String(code || "?");
}

// <span class="code-name"><code>TJK</code> <span class="name">Tajikistan</span></span>
export function codeLabel(code) {
  const name = nameOf(code);
  return h("span", { class: "code-name", title: name || null }, h("code", {}, code || "?"), name ? [" ", h("span", { class: "name" }, name)] : null);
}
