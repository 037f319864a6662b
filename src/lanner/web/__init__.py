"""Lanner's offline dashboard: static files served by the API at ``/`` and ``/static``.

The dashboard is plain ES modules over vendored d3 and world-atlas (``static/vendor``,
listed with hashes in ``MANIFEST.json``); it loads nothing from outside the server. See
``docs/dashboard.md`` for its views and URLs. This package holds the Python side: where
the files are, a loopback server for tests, and the ``bench_dashboard`` benchmark.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lanner.web.bench import bench_dashboard, chromium_path, is_loopback
    from lanner.web.server import serve_in_thread

__all__ = [
    "STATIC_DIR",
    "bench_dashboard",
    "chromium_path",
    "is_loopback",
    "serve_in_thread",
    "static_dir",
]

STATIC_DIR = Path(__file__).resolve().parent / "static"


def static_dir() -> Path:
    """The folder of the dashboard's static files (``index.html``, ``js/``, ``vendor/``)."""
    return STATIC_DIR


# Loaded on first use: importing lanner.web.routes (the API does) loads no test server.
_HOMES = {
    "bench_dashboard": "lanner.web.bench",
    "chromium_path": "lanner.web.bench",
    "is_loopback": "lanner.web.bench",
    "serve_in_thread": "lanner.web.server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'lanner.web' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
