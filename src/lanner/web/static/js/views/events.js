// The event table with every filter of /events; rows open the source document.

import { pagedEvents } from "../events-table.js";

export default {
  name: "events",
  title: "Events",
  filters: ["date_from", "date_to", "q", "actor", "dyad", "country", "sector", "cameo", "plover", "quad_class", "factuality"],
  async render(root, { params, isCurrent }) {
    const first = await pagedEvents(root, params, { isCurrent });
    return first.rows.length > 0;
  },
};
