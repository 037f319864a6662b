"""Fixtures shared across test modules.

* ``store_path``: a read-only store built once per module from that module's
  ``store_docs()`` (a list of ``test_analysis_fakes.Doc``), coded by the scripted fake coder;
* ``api_store`` / ``client``: the API's scripted store (``test_api_fixtures.DOCS``) and a
  ``TestClient`` over it, once per module.

A module that needs a different store or client defines its own fixture of the same name,
which takes precedence over these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def store_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    from test_analysis_fakes import build_store

    store_docs = getattr(request.module, "store_docs", None)
    if store_docs is None:
        pytest.fail(f"{request.module.__name__} uses store_path but defines no store_docs()")
    name = request.module.__name__.removeprefix("test_")
    return build_store(tmp_path_factory.mktemp(name) / f"{name}.duckdb", store_docs())


@pytest.fixture(scope="module")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    from test_analysis_fakes import build_store
    from test_api_fixtures import DOCS

    return build_store(tmp_path_factory.mktemp("api") / "api.duckdb", DOCS)


@pytest.fixture(scope="module")
def client(api_store: str) -> Iterator[Any]:
    from lanner.api import create_app
    from test_api_fixtures import TestClient  # imported there with Starlette's warning silenced

    with TestClient(create_app(api_store)) as test_client:
        yield test_client
