"""``lanner demo``: the README's main job on the bundled sample corpus.

Reads the sample reports (written by the Lanner team, fictional events between real states),
codes and ingests them into the embedded store, prints what the store now holds (top dyads,
installations, rivalries), and serves the dashboard on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lanner.settings import DEFAULT_STORE_PATH

__all__ = ["register_cli", "run_demo", "ingest_sample"]


def ingest_sample(db_path: str, *, progress: bool | None = None) -> Any:
    """Code and store the sample corpus (idempotent: a second run adds nothing)."""
    from lanner.ingest import read_documents
    from lanner.sample import sample_corpus_path
    from lanner.store import Store

    with Store(db_path) as store:
        return store.ingest(read_documents([str(sample_corpus_path())]), progress=progress)


def _summary(db_path: str) -> list[str]:
    import duckdb

    lines: list[str] = []
    con = duckdb.connect(db_path, read_only=True)
    try:
        docs, events = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)"
        ).fetchone() or (0, 0)
        lines.append(f"store {db_path}: {docs} documents, {events} events")
        rows = con.execute(
            """SELECT source_country, target_country, count(*) AS n, round(avg(goldstein), 1)
               FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL
                 AND source_country <> target_country
               GROUP BY 1, 2 ORDER BY n DESC LIMIT 8"""
        ).fetchall()
        lines.append("top dyads (events, mean Goldstein):")
        lines += [f"  {a} -> {b}: {n} events, Goldstein {g}" for a, b, n, g in rows]
        try:
            from lanner.analysis import find_installations, find_rivalries

            rivals = find_rivalries(con, limit=3)
            if rivals:
                lines.append("rivalries (two patrons courting one client):")
                lines += [f"  {_fmt(r)}" for r in rivals]
            found = find_installations(con)[:8]
            if found:
                lines.append("foreign security installations:")
                lines += [f"  {_fmt(i)}" for i in found]
        except ImportError:
            pass
    finally:
        con.close()
    return lines


def _fmt(item: Any) -> str:
    data = item.to_dict() if hasattr(item, "to_dict") else dict(item)
    keys = [
        k
        for k in (
            "patron_a",
            "patron_b",
            "patrons",
            "client",
            "score",
            "tilt",
            "kind",
            "owner",
            "host",
            "place",
            "status",
        )
        if k in data
    ]
    return ", ".join(f"{k}={data[k]}" for k in keys)


def run_demo(args: argparse.Namespace) -> int:
    summary = ingest_sample(args.db, progress=None)
    print(f"ingested the sample corpus: {summary}")
    for line in _summary(args.db):
        print(line)
    if args.no_serve:
        return 0
    try:
        import uvicorn

        from lanner.api import create_app
    except ImportError:
        print("the dashboard needs the server extra: pip install 'lanner[server]'", file=sys.stderr)
        return 0
    url = f"http://{args.host}:{args.port}/"
    print(f"dashboard: {url}  (Ctrl-C to stop)")
    sys.stdout.flush()
    uvicorn.run(create_app(args.db), host=args.host, port=args.port, log_level="warning")
    return 0


def register_cli(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo", help="code and store the bundled sample corpus, then serve the dashboard"
    )
    p.add_argument(
        "--db",
        default=None,
        help=f"the store file (default: the config file's db, else ./{DEFAULT_STORE_PATH})",
    )
    p.add_argument("--no-serve", action="store_true", help="only ingest and print the summary")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.set_defaults(func=run_demo)
