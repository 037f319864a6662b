// The offline API page: every endpoint of /openapi.json with its parameters and formats,
// built with DOM calls only (no inline script, no CDN), so the server's CSP holds.

import { clear, h } from "./dom.js";

function schemaText(schema = {}) {
  if (schema.anyOf) return schema.anyOf.map(schemaText).filter((t) => t !== "null").join(" or ");
  const parts = [schema.type || ""];
  if (schema.pattern) parts.push(`matching ${schema.pattern}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? "…"} to ${schema.maximum ?? "…"}`);
  if (schema.items) parts.push(`of ${schemaText(schema.items)}`);
  return parts.filter(Boolean).join(", ");
}

function parameterTable(parameters) {
  if (!parameters.length) return h("p", { class: "hint" }, "No parameters.");
  return h(
    "table",
    { class: "data" },
    h("thead", {}, h("tr", {}, h("th", {}, "Parameter"), h("th", {}, "In"), h("th", {}, "Type"), h("th", {}, "Default"), h("th", {}, "Description"))),
    h(
      "tbody",
      {},
      parameters.map((p) =>
        h(
          "tr",
          {},
          h("td", {}, h("code", {}, p.name), p.required ? " (required)" : ""),
          h("td", {}, p.in),
          h("td", {}, schemaText(p.schema)),
          h("td", {}, p.schema && p.schema.default !== undefined ? String(p.schema.default) : ""),
          h("td", {}, p.description || (p.schema && p.schema.description) || ""),
        ),
      ),
    ),
  );
}

async function main() {
  const root = document.getElementById("view");
  try {
    const spec = await (await fetch("/openapi.json", { headers: { Accept: "application/json" } })).json();
    const paths = Object.keys(spec.paths).sort();
    const base = paths.filter((p) => !/\.(json|csv|parquet)$/.test(p));
    clear(root).append(
      h("h2", {}, `${spec.info.title} API ${spec.info.version}`),
      h("p", {}, spec.info.description || ""),
      h("p", { class: "hint" }, `${base.length} endpoints. Each list is also served as .json, .csv and .parquet: the same path with the suffix.`),
      h("nav", { class: "toc", "aria-label": "Endpoints" }, base.map((p) => h("a", { href: `#${encodeURIComponent(p)}` }, p))),
    );
    for (const path of base) {
      for (const [method, op] of Object.entries(spec.paths[path])) {
        const formats = [".json", ".csv", ".parquet"].filter((s) => spec.paths[path + s]);
        root.append(
          h(
            "section",
            { class: "endpoint", id: encodeURIComponent(path) },
            h("h3", {}, h("code", {}, `${method.toUpperCase()} ${path}`)),
            h("p", {}, op.summary || ""),
            op.description ? h("p", { class: "hint" }, op.description) : null,
            formats.length ? h("p", {}, "Formats: ", formats.map((f) => h("code", {}, path + f)).flatMap((c) => [c, " "])) : null,
            parameterTable(op.parameters || []),
          ),
        );
      }
    }
    document.body.dataset.state = "ready";
  } catch (error) {
    clear(root).append(h("p", { class: "message error", role: "alert" }, String(error.message || error)));
    document.body.dataset.state = "error";
  }
}

main();
