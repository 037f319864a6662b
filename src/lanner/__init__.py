"""Lanner: news reports in, dyadic political event data out."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("lanner")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
