// The filter bar. Each view lists the filters it understands; their values are read from
// and written to the URL, under the API's own parameter names.

import { h } from "./dom.js";
import { navigate } from "./route.js";

const QUADS = [
  ["", "any"],
  ["1", "1 verbal cooperation"],
  ["2", "2 material cooperation"],
  ["3", "3 verbal conflict"],
  ["4", "4 material conflict"],
];
const FACTUALITY = [["", "any"], ["asserted"], ["intended"], ["hypothetical"], ["negated"]];
const CODE = "[A-Za-z0-9]{2,30}";
const ISO3 = "[A-Za-z]{3}";

export const FIELDS = {
  date_from: { label: "From", type: "date" },
  date_to: { label: "To", type: "date" },
  q: { label: "Text", type: "search", placeholder: "words in the sentence", maxlength: 200 },
  actor: { label: "Actor", placeholder: "RUSMIL", pattern: CODE },
  country: { label: "Country", placeholder: "UKR", pattern: ISO3 },
  dyad: { label: "Dyad", placeholder: "RUS-UKR", pattern: `${CODE}(?:-|,)${CODE}` },
  sector: { label: "Sector", placeholder: "MIL", pattern: ISO3 },
  cameo: { label: "CAMEO", placeholder: "19 or 0312", pattern: "\\d{2,4}" },
  plover: { label: "PLOVER", placeholder: "ASSAULT", pattern: "[A-Za-z_]{2,20}" },
  quad_class: { label: "Quad class", type: "select", options: QUADS },
  factuality: { label: "Factuality", type: "select", options: FACTUALITY },
  a: { label: "Side A", placeholder: "RUS", pattern: CODE },
  b: { label: "Side B", placeholder: "UKR", pattern: CODE },
  period: { label: "Period", type: "select", options: [["month"], ["week"], ["day"], ["quarter"], ["year"]] },
  series_factuality: {
    param: "factuality",
    label: "Factuality",
    type: "select",
    options: [["asserted"], ["intended"], ["hypothetical"], ["negated"], ["any"]],
  },
  level: { label: "Level", type: "select", options: [["country"], ["sector"]] },
  min_events: { label: "Min. events", type: "number", min: 1 },
  owner: { label: "Owner", placeholder: "RUS", pattern: ISO3 },
  host: { label: "Host", placeholder: "TJK", pattern: ISO3 },
  kind: {
    label: "Kind",
    type: "select",
    options: [["", "any"], ["base"], ["border post"], ["centre"], ["consulate"], ["embassy"], ["facility"], ["outpost"], ["radar station"]],
  },
  status: {
    label: "Status",
    type: "select",
    options: [["", "any"], ["planned"], ["under construction"], ["operating"], ["attacked"], ["closed"], ["withdrawn"]],
  },
  window: { label: "Window", type: "select", options: [["year"], ["quarter"], ["month"], ["all"]] },
  client: { label: "Client", placeholder: "TJK", pattern: CODE },
  patron: { label: "Patron", placeholder: "CHN", pattern: CODE },
  window_days: { label: "Window (days)", type: "number", min: 1, max: 366 },
  as_of: { label: "As of", type: "date" },
  alert_level: { param: "level", label: "Level", type: "select", options: [["country"], ["admin1"]] },
};

function control(key, spec, value) {
  const name = spec.param || key;
  const id = `filter-${name}`;
  let input;
  if (spec.type === "select") {
    input = h(
      "select",
      { id, name },
      spec.options.map(([v, label]) => h("option", { value: v, selected: String(value ?? "") === v }, label ?? v)),
    );
  } else {
    input = h("input", {
      id,
      name,
      type: spec.type || "text",
      placeholder: spec.placeholder,
      pattern: spec.pattern,
      min: spec.min,
      max: spec.max,
    });
    if (spec.maxlength) input.maxLength = spec.maxlength;
    input.value = value ?? "";
  }
  return h("label", { for: id, class: "field" }, h("span", {}, spec.label), input);
}

// The form for `view` (a view module), filled from `params`; applying it rewrites the URL.
export function filterBar(view, id, params) {
  const keys = view.filters || [];
  if (!keys.length) return null;
  const form = h(
    "form",
    { class: "filters", role: "search" },
    keys.map((key) => control(key, FIELDS[key], params[FIELDS[key].param || key])),
    h("button", { type: "submit", class: "primary" }, "Apply"),
    h("button", { type: "reset" }, "Clear"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const next = {};
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text) next[name] = text;
    }
    navigate(view.name, id, next);
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    navigate(view.name, id, {});
  });
  return form;
}
