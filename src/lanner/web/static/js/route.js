// The dashboard's state lives in the URL hash, "#/view/id?param=value&...", so any view
// can be bookmarked or shared and a reload restores it. Parameter names are the API's.

export function parseRoute(hash = window.location.hash) {
  const text = hash.replace(/^#\/?/, "");
  const [pathPart, queryPart = ""] = text.split("?", 2);
  const [view = "", ...rest] = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  const params = {};
  for (const [key, value] of new URLSearchParams(queryPart)) {
    if (value !== "") params[key] = value;
  }
  return { view: view || "map", id: rest.join("/") || null, params };
}

export function routeHash(view, id = null, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const path = `#/${encodeURIComponent(view)}${id ? "/" + encodeURIComponent(id) : ""}`;
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function navigate(view, id = null, params = {}, { replace = false } = {}) {
  const hash = routeHash(view, id, params);
  if (hash === window.location.hash) return;
  if (replace) {
    history.replaceState(null, "", hash);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}

export function openDocument(docId, eventId) {
  navigate("document", docId, eventId ? { event: eventId } : {});
}
