"""A synthetic store of any size, generated inside DuckDB, for benchmarks and load tests.

The rows are deterministic functions of their row number (``h(i)``), so two stores of
the same size are identical, and a million events take seconds, not an ingest.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from lanner.store.schema import migrate

__all__ = ["SYNTHETIC_COUNTRIES", "make_synthetic_store"]

SYNTHETIC_COUNTRIES = (
    "AFG", "CHN", "KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS", "IND", "PAK",
    "IRN", "TUR", "USA", "GBR", "FRA", "DEU", "UKR", "POL", "NER", "TCD",
    "MLI", "NGA", "ETH", "SOM", "KEN", "EGY", "ISR", "SYR", "IRQ", "SAU",
)  # fmt: skip
_SECTORS = ("GOV", "MIL", "COP", "REB", "INS", "OPP", "BUS", "MED", "CVL", "NGO")
# (CAMEO code, quad class, Goldstein, PLOVER event): a spread over all four quad classes.
_CODES = (
    ("010", 1, 0.0, None), ("036", 1, 4.0, "CONSULT"), ("040", 1, 1.0, "CONSULT"),
    ("042", 1, 1.9, "CONSULT"), ("051", 1, 3.4, "COOPERATE"), ("057", 1, 8.0, "AGREE"),
    ("061", 2, 6.4, "COOPERATE"), ("071", 2, 7.4, "AID"), ("0312", 1, 5.2, "AGREE"),
    ("111", 3, -2.0, "ACCUSE"), ("112", 3, -2.0, "ACCUSE"), ("130", 3, -4.4, "THREATEN"),
    ("141", 3, -6.5, "PROTEST"), ("163", 4, -8.0, "SANCTION"), ("173", 4, -5.0, "COERCE"),
    ("190", 4, -10.0, "ASSAULT"), ("193", 4, -10.0, "ASSAULT"), ("195", 4, -10.0, "ASSAULT"),
)  # fmt: skip


def _list(values: tuple[object, ...]) -> str:
    # Literals from the constants above only; nothing here comes from a caller.
    return "[" + ", ".join("NULL" if v is None else repr(v) for v in values) + "]"


def make_synthetic_store(path: str | Path, n_events: int, *, events_per_document: int = 4) -> None:
    """Create (or replace the contents of) a store at ``path`` with ``n_events`` events.

    Each event has one mention; documents hold ``events_per_document`` events each. Dates
    span 2015-2024 at day precision; most events have a place near their target's country.
    """
    if n_events < 0:
        raise ValueError("n_events must be non-negative")
    n_docs = max(1, -(-n_events // events_per_document))
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    try:
        migrate(con, str(path))
        # hash() is UBIGINT; list indexes and arithmetic want BIGINT.
        con.execute("CREATE OR REPLACE TEMP MACRO h(x) AS CAST(hash(x) % 4294967296 AS BIGINT)")
        con.execute("BEGIN TRANSACTION")
        for table in ("mentions", "events", "documents", "failures"):
            con.execute(f"DELETE FROM {table}")
        con.execute(
            f"""
            INSERT INTO documents
            SELECT printf('syn%013d', i), i + 1, 'Synthetic report ' || i,
                   'https://example.org/' || i, 'outlet' || (h(i) % 40),
                   'outlet' || (h(i) % 40),
                   DATE '2015-01-01' + CAST(h(i * 7) % 3650 AS INTEGER),
                   'Synthetic report number ' || i || '.', 'en', NULL, NULL, 'synthetic',
                   NULL, NULL, NULL, {events_per_document}
            FROM range(?) t(i)
            """,
            [n_docs],
        )
        codes = _list(tuple(c[0] for c in _CODES))
        quads = _list(tuple(c[1] for c in _CODES))
        golds = _list(tuple(c[2] for c in _CODES))
        plovers = _list(tuple(c[3] for c in _CODES))
        countries = _list(SYNTHETIC_COUNTRIES)
        sectors = _list(_SECTORS)
        nc, ns, nk = len(SYNTHETIC_COUNTRIES), len(_SECTORS), len(_CODES)
        # Country choice is skewed (squared uniform) so some dyads are busy, as in real data.
        con.execute(
            f"""
            INSERT INTO events
            SELECT id, sc || ss, NULL, sc, ss, NULL, tc || ts, NULL, tc, ts, NULL,
                   {codes}[k], substring({codes}[k], 1, 2), {quads}[k], {golds}[k],
                   {plovers}[k], NULL, NULL,
                   CASE WHEN h(i * 11) % 10 = 0 THEN 'intended' ELSE 'asserted' END,
                   d, 'day', NULL, tc || ' place', tc, NULL, 'city', NULL,
                   CASE WHEN h(i * 13) % 5 = 0 THEN NULL ELSE lat END,
                   CASE WHEN h(i * 13) % 5 = 0 THEN NULL ELSE lon END,
                   NULL, 0.8, 'synthetic', doc_id, 0, mentions, least(mentions, 1 + h(i * 17) % 3),
                   least(mentions, 1 + h(i * 17) % 3)
            FROM (
                SELECT i, printf('%016x', hash(i, 'lanner-synthetic')) AS id,
                       printf('syn%013d', i // {events_per_document}) AS doc_id,
                       {countries}[1 + CAST(floor(pow((h(i * 3) % 10000) / 10000.0, 2) * {nc}) AS INTEGER)] AS sc,
                       {countries}[1 + CAST(floor(pow((h(i * 5) % 10000) / 10000.0, 2) * {nc}) AS INTEGER)] AS tc,
                       {sectors}[1 + h(i * 19) % {ns}] AS ss,
                       {sectors}[1 + h(i * 23) % {ns}] AS ts,
                       1 + h(i * 29) % {nk} AS k,
                       DATE '2015-01-01' + CAST(h(i * 31) % 3650 AS INTEGER) AS d,
                       -40 + (h(i * 37) % 8000) / 100.0 AS lat,
                       -20 + (h(i * 41) % 16000) / 100.0 AS lon,
                       1 + CAST(h(i * 43) % 6 = 0 AS INTEGER) * (h(i * 47) % 5) AS mentions
                FROM range(?) t(i)
            )
            """,
            [n_events],
        )
        con.execute(
            """
            INSERT INTO mentions
            SELECT id, id, first_doc_id, NULL, NULL, cameo, factuality, 0, 0, 30, 10, 16,
                   NULL, NULL, confidence, NULL
            FROM events
            """
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
