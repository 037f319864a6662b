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

export async function getJSON(path, params = {}) {
  const response = await fetch(apiUrl(path, params), {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
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

// Follow keyset pagination until `max` rows or the end; returns {rows, more}.
export async function getAllEvents(params, max = 2000) {
  const rows = [];
  let after = null;
  for (;;) {
    const page = await getJSON("/events", { ...params, limit: Math.min(500, max - rows.length), after });
    rows.push(...page.rows);
    after = page.next;
    if (!after || rows.length >= max) return { rows, more: Boolean(after) };
  }
}
