"""Library functions behind ``lanner geoparse`` and ``lanner eval geo``, plus their argparse wiring.

The lead's ``lanner/cli.py`` calls :func:`register_cli` with its top-level subparsers and
:func:`register_eval_cli` with the subparsers of ``lanner eval``; each command is a thin
wrapper over :func:`geoparse_paths` / :func:`lanner.geo.evaluate.evaluate_geo`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from lanner.errors import LannerError

__all__ = [
    "FORMATS",
    "geoparse_paths",
    "register_cli",
    "register_eval_cli",
    "write_geoparse",
]

FORMATS = ("jsonl", "geojson")


def geoparse_paths(paths: Sequence[str]) -> Iterator[dict[str, Any]]:
    """One record per input document: ``{"doc_id", "path", "toponyms": [...], "errors": [...]}``.

    Unreadable inputs give a record with ``errors`` (coded) and no toponyms; never raises for
    bad input.
    """
    from lanner.geo import geoparse, last_warnings
    from lanner.geo.recognize import default_nlp
    from lanner.ingest import InputFailure, read_documents

    nlp = None
    for item in read_documents(list(paths)):
        if isinstance(item, InputFailure):
            yield {
                "doc_id": None,
                "path": item.path,
                "toponyms": [],
                "errors": [item.error.to_dict()],
            }
            continue
        if nlp is None:
            nlp = default_nlp()
        toponyms = geoparse(nlp(item.text), dateline=item.dateline)
        yield {
            "doc_id": item.id,
            "path": item.path,
            "toponyms": [t.to_dict() for t in toponyms],
            "warnings": [w.to_dict() for w in last_warnings()],
        }


def _features(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for t in record["toponyms"]:
        loc = t.get("location")
        if not loc or loc.get("lat") is None:
            continue
        geometry = loc.get("geometry")
        if not geometry or geometry.get("type") == "Polygon":
            geometry = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
        props = {k: v for k, v in loc.items() if k != "geometry"}
        props.update(doc_id=record["doc_id"], start=t["start"], end=t["end"], kind=t["kind"])
        yield {"type": "Feature", "geometry": geometry, "properties": props}


def write_geoparse(paths: Sequence[str], out: TextIO, fmt: str = "jsonl") -> int:
    """Geoparse ``paths`` and write JSON lines or one GeoJSON FeatureCollection; returns the
    number of documents that could not be read."""
    if fmt not in FORMATS:
        raise LannerError("E604", format=fmt, choices=", ".join(FORMATS))
    failures = 0
    features: list[dict[str, Any]] = []
    for record in geoparse_paths(paths):
        failures += bool(record.get("errors"))
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            features.extend(_features(record))
    if fmt == "geojson":
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    return failures


def _run_geoparse(args: argparse.Namespace) -> int:
    failures = write_geoparse(args.paths, sys.stdout, args.format)
    return 1 if failures else 0


def _run_eval(args: argparse.Namespace) -> int:
    from lanner.geo.evaluate import evaluate_geo

    modes = ["resolution", "end_to_end"] if args.mode == "both" else [args.mode]
    for path in args.corpora:
        for mode in modes:
            scores = evaluate_geo(path, mode=mode, limit=args.limit)
            print(json.dumps({"path": path, **scores.to_dict()}))
    return 0


def register_cli(subparsers: Any) -> None:
    """Add ``geoparse PATH... [--format jsonl|geojson]`` to the top-level subparsers."""
    p = subparsers.add_parser(
        "geoparse", help="find and resolve place names in documents (offline gazetteer)"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or - for stdin")
    p.add_argument("--format", choices=FORMATS, default="jsonl")
    p.set_defaults(func=_run_geoparse)


def register_eval_cli(eval_subparsers: Any) -> None:
    """Add ``geo CORPUS.xml... [--mode ...]`` under ``lanner eval``."""
    p = eval_subparsers.add_parser(
        "geo", help="score geoparsing on LGL/TR-News or GeoWebNews XML gold corpora"
    )
    p.add_argument("corpora", nargs="+", metavar="XML")
    p.add_argument("--mode", choices=["resolution", "end_to_end", "both"], default="both")
    p.add_argument("--limit", type=int, default=None, help="first N articles only")
    p.set_defaults(func=_run_eval)
