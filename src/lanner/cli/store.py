"""``lanner ingest``, ``lanner recode`` and ``lanner export``: thin wrappers over :class:`Store`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from lanner.errors import LannerError
from lanner.store.database import DEFAULT_PATH
from lanner.store.export import EXPORT_FORMATS
from lanner.store.query import FACTUALITIES, EventFilter

__all__ = ["register_cli", "run_export", "run_ingest", "run_recode", "run_watch"]


def _coder_options(parser: argparse.ArgumentParser) -> None:
    try:
        from lanner.cli.events import add_dictionary_options
    except ImportError:
        return
    add_dictionary_options(parser)
    parser.add_argument("--no-geo", action="store_true", help="skip geoparsing (no locations)")


def _make_coder(args: argparse.Namespace) -> Any:
    from lanner.pipeline import make_coder

    coder = make_coder(
        getattr(args, "dict_files", ()),
        getattr(args, "petrarch_actors", ()),
        getattr(args, "petrarch_agents", ()),
        getattr(args, "patterns", ()),
        geo=not getattr(args, "no_geo", False),
        coder=getattr(args, "coder", None),
    )
    return coder


def register_cli(subparsers: Any) -> None:
    db_help = f"the store file (default: the config file's db, else ./{DEFAULT_PATH})"

    p = subparsers.add_parser("ingest", help="code reports and store them in the DuckDB store")
    p.add_argument(
        "paths", nargs="*", help="files, directories, RSS/Atom feeds, CSV, or - for stdin"
    )
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date for undated documents"
    )
    p.add_argument(
        "--csv-column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a document field (text, title, published, url, source) to a CSV column",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--report", action="store_true", help="list recorded input failures and exit")
    p.add_argument(
        "--server",
        metavar="URL",
        help="send coded batches to this running lanner serve (default: the server holding "
        "--db, if one runs; its token from $LANNER_API_TOKEN or the store's holder file)",
    )
    _coder_options(p)
    from lanner.cli.scale import add_engine_options  # options only: Dask is imported on use

    add_engine_options(p)
    p.set_defaults(func=run_ingest)

    p = subparsers.add_parser(
        "watch",
        help="follow RSS/Atom feeds: fetch new items' articles, code and store them",
        description="Poll feeds (conditional GETs, back-off on errors), fetch each new item's "
        "page, extract its text and date, and store it (through the server holding --db, "
        "if one runs). Feeds come from the arguments, else the config file's 'feeds'.",
    )
    p.add_argument("urls", nargs="*", metavar="URL", help="RSS/Atom feed URLs")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument(
        "--interval", type=float, default=900.0, metavar="SECONDS", help="between polls (900)"
    )
    p.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS", help="per request")
    p.add_argument("--server", metavar="URL", help="as for lanner ingest")
    _coder_options(p)
    p.set_defaults(func=run_watch)

    p = subparsers.add_parser(
        "optimize", help="rewrite the events table in date order (faster date filters and pages)"
    )
    p.add_argument("--db", default=None, help=db_help)
    p.set_defaults(func=run_optimize)

    p = subparsers.add_parser("recode", help="re-code every stored document with the current coder")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _coder_options(p)
    p.set_defaults(func=run_recode)

    p = subparsers.add_parser(
        "export", help="export stored events (csv, parquet, plover, gdelt, geojson)"
    )
    p.add_argument("output", help="output file (parquet: a folder gets a full dump of every table)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="csv", help="default csv")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="events on or after")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="events on or before")
    p.add_argument("--country", metavar="ISO3", help="either side of the dyad")
    p.add_argument("--actor", metavar="CODE", help="actor code prefix on either side, e.g. RUSMIL")
    p.add_argument("--dyad", metavar="SRC-TGT", help="directed country dyad, e.g. RUS-UKR")
    p.add_argument("--cameo", metavar="CODE", help="CAMEO code or root, e.g. 19 or 0312")
    p.add_argument(
        "--plover", dest="plover_event", metavar="EVENT", help="PLOVER event, e.g. ASSAULT"
    )
    p.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--factuality", choices=FACTUALITIES)
    p.add_argument("--min-sources", type=int, metavar="N")
    p.set_defaults(func=run_export)  # fmt: skip


def _csv_columns(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    columns: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field or not column:
            raise LannerError(
                "E601", name="--csv-column", value=pair, reason="expected FIELD=COLUMN"
            )
        columns[field] = column
    return columns


def run_ingest(args: argparse.Namespace) -> int:
    from lanner.store.database import Store

    if args.report:
        with Store(args.db, read_only=True) as store:
            failures = store.failures()
        for failure in failures:
            print(f"{failure['path']}\t{failure['code']}\t{failure['message']}")
        print(f"{len(failures)} failures recorded", file=sys.stderr)
        return 0
    if not args.paths:
        raise LannerError("E601", name="paths", value="", reason="give at least one input path")
    if getattr(args, "engine", "local") == "dask":
        from lanner.cli.scale import run_dask_ingest

        return int(run_dask_ingest(args))
    from lanner.ingest import read_documents

    items = read_documents(
        args.paths, published=args.published, csv_columns=_csv_columns(args.csv_column)
    )
    from lanner.store.live import ingest_documents

    coder = _make_coder(args)
    summary, server = ingest_documents(
        args.db,
        items,
        coder.code,
        coder_many=coder.code_many,
        server=getattr(args, "server", None),
        token=os.environ.get("LANNER_API_TOKEN") or None,
        progress=False if args.quiet else None,
    )
    if server is not None:
        print(f"ingested through the server at {server}", file=sys.stderr)
    print(summary, file=sys.stderr)
    return 0


def run_watch(args: argparse.Namespace) -> int:
    from lanner.ingest.watch import watch
    from lanner.settings import load_config
    from lanner.store.live import ingest_documents

    feeds = list(args.urls) or [str(u) for u in load_config().get("feeds") or []]
    if not feeds:
        raise LannerError(
            "E601", name="urls", value="", reason="give feed URLs or set 'feeds' in the config"
        )
    if args.interval <= 0 or args.timeout <= 0:
        raise LannerError("E601", name="interval", value=args.interval, reason="must be > 0")
    coder = _make_coder(args)

    def ingest(items: Any) -> dict[str, int]:
        summary, _ = ingest_documents(
            args.db, items, coder.code, coder_many=coder.code_many, server=args.server,
            token=os.environ.get("LANNER_API_TOKEN") or None, progress=False,
        )  # fmt: skip
        return summary.to_dict()

    try:
        watch(feeds, args.db, ingest, interval=args.interval, once=args.once, timeout=args.timeout)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


def run_optimize(args: argparse.Namespace) -> int:
    from lanner.store.database import Store

    with Store(args.db or DEFAULT_PATH) as store:
        count = store.optimize()
    print(f"{count} events rewritten in date order", file=sys.stderr)
    return 0


def run_recode(args: argparse.Namespace) -> int:
    from lanner.store.database import Store

    with Store(args.db, coder=_make_coder(args).code) as store:
        summary = store.recode(progress=False if args.quiet else None)
    print(
        f"recoded {summary.documents_new} documents ({summary.documents_failed} failed); "
        f"events: {summary.events_new} new, {summary.events_merged} merged mentions",
        file=sys.stderr,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from lanner.store.database import Store

    dyad = None
    if args.dyad:
        source, sep, target = args.dyad.partition("-")
        if not sep:
            raise LannerError("E507", name="dyad", value=args.dyad, reason="expected SRC-TGT")
        dyad = (source, target)
    filters = EventFilter(
        date_from=args.date_from,
        date_to=args.date_to,
        country=args.country,
        actor=args.actor,
        dyad=dyad,
        cameo=args.cameo,
        plover_event=args.plover_event,
        quad_class=args.quad_class,
        factuality=args.factuality,
        min_sources=args.min_sources,
    )
    with Store(args.db, read_only=True) as store:
        count = store.export(args.output, args.format, filters)
    print(f"{count} events written to {args.output}", file=sys.stderr)
    return 0
