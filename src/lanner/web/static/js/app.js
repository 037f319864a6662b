// Lanner's dashboard: a one-page app over the API on the same origin. The URL hash holds
// the view and its filters; every change of hash renders the view again from the URL.
//
// For tests and `lanner bench`: <body data-view=... data-state="loading|ready|error">, and
// performance marks "lanner:view-ready" after each view and "lanner:first-data" the first
// time a view has drawn data.

import { setToken } from "./api.js";
import { clear, h } from "./dom.js";
import { filterBar } from "./filters.js";
import { loadNames } from "./names.js";
import { navigate, parseRoute, routeHash } from "./route.js";
import alerts from "./views/alerts.js";
import documentView from "./views/document.js";
import dyads from "./views/dyads.js";
import events from "./views/events.js";
import installations from "./views/installations.js";
import map from "./views/map.js";
import network from "./views/network.js";
import rivalries from "./views/rivalries.js";
import stories from "./views/stories.js";

const VIEWS = [map, events, dyads, network, installations, rivalries, stories, alerts, documentView];
const BY_NAME = new Map(VIEWS.map((v) => [v.name, v]));

let renderCount = 0;
let firstData = false;

function navBar(current) {
  return h(
    "nav",
    { class: "tabs", "aria-label": "Views" },
    VIEWS.filter((v) => !v.hidden).map((v) =>
      h("a", { href: routeHash(v.name), class: v.name === current ? "active" : null, "aria-current": v.name === current ? "page" : null }, v.title),
    ),
  );
}

async function render() {
  const route = parseRoute();
  const view = BY_NAME.get(route.view);
  if (!view) {
    navigate("map", null, {}, { replace: true });
    return;
  }
  const token = ++renderCount;
  const isCurrent = () => token === renderCount;
  document.body.dataset.view = view.name;
  document.body.dataset.state = "loading";
  document.title = `${view.title} · Lanner`;
  const header = document.getElementById("nav");
  clear(header).append(navBar(view.name));
  const filters = document.getElementById("filters");
  clear(filters);
  const main = document.getElementById("view");
  clear(main);
  const content = h("div", { class: `view view-${view.name}` });
  main.append(content);
  try {
    const form = filterBar(view, route.id, route.params);
    if (form) filters.append(form);
    await loadNames();
    if (!isCurrent()) return;
    const hasData = await view.render(content, { id: route.id, params: route.params, isCurrent });
    if (!isCurrent()) return;
    performance.mark("lanner:view-ready", { detail: view.name });
    if (hasData && !firstData) {
      firstData = true;
      performance.mark("lanner:first-data", { detail: view.name });
    }
    document.body.dataset.state = "ready";
  } catch (error) {
    if (!isCurrent()) return;
    content.append(h("p", { class: "message error", role: "alert" }, error.message || String(error)));
    if (error.code === "E603") content.append(tokenForm());
    document.body.dataset.state = "error";
  }
}

function tokenForm() {
  const input = h("input", { type: "password", name: "token", id: "token" });
  const form = h("form", { class: "filters" }, h("label", { for: "token", class: "field" }, h("span", {}, "API token"), input), h("button", { type: "submit", class: "primary" }, "Use token"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    setToken(input.value.trim());
    render();
  });
  return form;
}

window.addEventListener("hashchange", render);
render();
