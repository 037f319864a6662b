// Calls to Lanner's API on the same origin. The URL of every list is also its export:
// the same path with .csv or .parquet.

export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function apiUrl(path, params = {}, format = "") {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(key, String(v));
  }
  const text = query.toString();
  return path + (format ? `.${format}` : "") + (text ? `?${text}` : "");
}

// A server started with a token (lanner serve --token) wants it on every API call; the
// dashboard asks for it once and keeps it for this browser tab only.
const TOKEN_KEY = "lanner-token";

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export async function getJSON(path, params = {}) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers["X-Lanner-Token"] = token;
  const response = await fetch(apiUrl(path, params), { headers, credentials: "same-origin" });
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`${path}: the server did not answer with JSON`, null, response.status);
  }
  if (!response.ok || body.ok === false) {
    throw new ApiError(body.error || `${path}: HTTP ${response.status}`, body.code, response.status);
  }
  return body;
}

// Follow keyset pagination until `max` rows or the end, calling onPage(rows so far, more
// pages coming, more events exist) after each page so a view can draw early; stops when
// isCurrent() turns false.
export async function getAllEvents(params, max = 2000, { onPage = null, isCurrent = () => true } = {}) {
  const rows = [];
  let after = null;
  for (;;) {
    const page = await getJSON("/events", { ...params, limit: Math.min(500, max - rows.length), after });
    if (!isCurrent()) return { rows, more: false };
    rows.push(...page.rows);
    after = page.next;
    const more = Boolean(after) && rows.length < max;
    if (onPage) await onPage(rows, more, Boolean(after));
    if (!more) return { rows, more: Boolean(after) };
  }
}
