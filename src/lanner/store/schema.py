"""The store's tables and the ordered migrations that build them.

The schema is documented in ``docs/store.md``; keep the two in step. A store records
its ``schema_version`` in the ``meta`` table. Opening a store applies every migration
step above that version, in order, inside one transaction, so an old store is either
fully upgraded or left as it was. A store newer than this Lanner is refused (E504).
"""

from __future__ import annotations

import duckdb

from lanner.errors import LannerError

__all__ = ["EVENT_COLUMNS", "MIGRATIONS", "SCHEMA_VERSION", "TABLES", "migrate", "schema_version"]

# Each step is (version it brings the store to, statements). Append new steps; never edit
# a released one, since stores in the field have already run it.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """
            CREATE TABLE IF NOT EXISTS meta (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )
            """,
            # seq is the order in which documents were first stored; event merging depends
            # on that order, so recode replays it.
            """
            CREATE TABLE documents (
                id VARCHAR PRIMARY KEY,
                seq BIGINT NOT NULL,
                title VARCHAR,
                url VARCHAR,
                source VARCHAR,
                source_key VARCHAR NOT NULL,
                published DATE,
                text VARCHAR NOT NULL,
                language VARCHAR,
                path VARCHAR,
                dateline VARCHAR,
                coder_version VARCHAR,
                minhash BLOB,
                duplicate_of VARCHAR,
                duplicate_similarity DOUBLE,
                num_events INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE events (
                id VARCHAR PRIMARY KEY,
                source_code VARCHAR,
                source_text VARCHAR,
                source_country VARCHAR,
                source_sector VARCHAR,
                source_igo VARCHAR,
                target_code VARCHAR,
                target_text VARCHAR,
                target_country VARCHAR,
                target_sector VARCHAR,
                target_igo VARCHAR,
                cameo VARCHAR NOT NULL,
                cameo_root VARCHAR NOT NULL,
                quad_class TINYINT NOT NULL,
                goldstein DOUBLE NOT NULL,
                plover_event VARCHAR,
                plover_mode VARCHAR,
                plover_context VARCHAR,
                factuality VARCHAR NOT NULL,
                date DATE,
                date_precision VARCHAR,
                location_text VARCHAR,
                location_name VARCHAR,
                location_country VARCHAR,
                location_admin1 VARCHAR,
                location_precision VARCHAR,
                geonameid BIGINT,
                lat DOUBLE,
                lon DOUBLE,
                location_geometry VARCHAR,
                confidence DOUBLE NOT NULL,
                coder_version VARCHAR,
                first_doc_id VARCHAR NOT NULL,
                first_sentence_index INTEGER NOT NULL,
                num_mentions INTEGER NOT NULL,
                num_sources INTEGER NOT NULL,
                num_documents INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE mentions (
                id VARCHAR PRIMARY KEY,
                event_id VARCHAR NOT NULL,
                doc_id VARCHAR NOT NULL,
                record_id VARCHAR,
                group_id VARCHAR,
                cameo VARCHAR NOT NULL,
                factuality VARCHAR NOT NULL,
                sentence_index INTEGER NOT NULL,
                sentence_start INTEGER NOT NULL,
                sentence_end INTEGER NOT NULL,
                trigger_start INTEGER NOT NULL,
                trigger_end INTEGER NOT NULL,
                trigger_text VARCHAR,
                date_text VARCHAR,
                confidence DOUBLE NOT NULL,
                explanation VARCHAR
            )
            """,
            "CREATE INDEX mentions_event ON mentions (event_id)",
            """
            CREATE TABLE failures (
                path VARCHAR NOT NULL,
                code VARCHAR NOT NULL,
                message VARCHAR NOT NULL,
                PRIMARY KEY (path, code)
            )
            """,
        ],
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]

# Tables compared by checksums, with the key that orders their rows.
TABLES: dict[str, str] = {
    "documents": "id",
    "events": "id",
    "mentions": "id",
    "failures": "path, code",
}

# The events table's columns, in table order (export and import use this list).
EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "source_code",
    "source_text",
    "source_country",
    "source_sector",
    "source_igo",
    "target_code",
    "target_text",
    "target_country",
    "target_sector",
    "target_igo",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover_event",
    "plover_mode",
    "plover_context",
    "factuality",
    "date",
    "date_precision",
    "location_text",
    "location_name",
    "location_country",
    "location_admin1",
    "location_precision",
    "geonameid",
    "lat",
    "lon",
    "location_geometry",
    "confidence",
    "coder_version",
    "first_doc_id",
    "first_sentence_index",
    "num_mentions",
    "num_sources",
    "num_documents",
)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version; 0 for a store with no tables yet."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the store at ``path`` up to :data:`SCHEMA_VERSION`; return the version found."""
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise LannerError("E504", path=path, found=found, supported=SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    con.execute("BEGIN TRANSACTION")
    try:
        for version, statements in MIGRATIONS:
            if version <= found:
                continue
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return found
