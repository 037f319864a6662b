"""Analyses over the event store: dyad series, networks, installations, rivalries, stories, alerts.

Each function takes a DuckDB connection (or cursor) on a Lanner store and returns plain
dicts and lists; the CLI and the REST API (:mod:`lanner.api`) call the same functions.
The rules behind each analysis are in ``docs/analysis.md`` and in each module's docstring.
"""

from lanner.analysis.alerts import ALERT_LEVELS, TRENDS, classify_trend, conflict_alerts
from lanner.analysis.installations import KINDS, STATUSES, find_installations, installation_mentions
from lanner.analysis.names import code_name, lexicon_names, store_names
from lanner.analysis.network import LEVELS, actor_network, pagerank
from lanner.analysis.rivalries import find_rivalries, rivalry_score
from lanner.analysis.search import (
    EventQuery,
    actor_profile,
    count_events,
    document_provenance,
    search_events,
)
from lanner.analysis.series import SERIES_FIELDS, dyad_series
from lanner.analysis.stories import find_stories, story_detail, tfidf_vectors

__all__ = [
    "ALERT_LEVELS",
    "KINDS",
    "LEVELS",
    "SERIES_FIELDS",
    "STATUSES",
    "TRENDS",
    "EventQuery",
    "actor_network",
    "actor_profile",
    "classify_trend",
    "code_name",
    "conflict_alerts",
    "count_events",
    "document_provenance",
    "dyad_series",
    "find_installations",
    "find_rivalries",
    "find_stories",
    "installation_mentions",
    "lexicon_names",
    "pagerank",
    "rivalry_score",
    "search_events",
    "store_names",
    "story_detail",
    "tfidf_vectors",
]
