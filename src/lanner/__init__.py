"""Lanner: news reports in, dyadic political event data out.

The public API. Everything is imported lazily, so ``import lanner`` loads no model, lexicon or
gazetteer::

    import lanner
    doc = lanner.code_text("Chinese troops attacked Indian soldiers on Monday.", published="2024-05-10")
    for event in doc.events:
        print(event.to_dict())
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("lanner")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

# name -> module that defines it
_EXPORTS = {
    "ActorError": "lanner.errors",
    "ActorRef": "lanner.records",
    "ApiError": "lanner.errors",
    "CodedDocument": "lanner.events",
    "Document": "lanner.records",
    "EventCoder": "lanner.events",
    "EventFilter": "lanner.store",
    "EventError": "lanner.errors",
    "EventRecord": "lanner.records",
    "GeoError": "lanner.errors",
    "InputError": "lanner.errors",
    "InputFailure": "lanner.ingest",
    "LannerError": "lanner.errors",
    "LannerWarning": "lanner.errors",
    "Location": "lanner.records",
    "ScaleError": "lanner.errors",
    "Store": "lanner.store",
    "StoreError": "lanner.errors",
    "code_document": "lanner.events",
    "code_documents": "lanner.events",
    "code_paths": "lanner.pipeline",
    "code_text": "lanner.events",
    "find_dates": "lanner.dates",
    "geoparse_text": "lanner.geo",
    "load_lexicon": "lanner.actors",
    "read_documents": "lanner.ingest",
    "resolve_date": "lanner.dates",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lanner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
