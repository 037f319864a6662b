"""Scale-out: Lanner's coder on a Dask cluster, writing month-partitioned Parquet.

``code_corpus_dask(paths, out_dir)`` codes a corpus on a local or remote Dask cluster;
``ingest_dask(paths, db_path)`` does the same and loads the result into a store;
``bench_dask(n_docs)`` measures how throughput grows from one worker to two. See
``docs/scale.md``.

Dask is an extra (``pip install 'lanner[dask]'``): importing this package does not import
it, and using the engine without it raises E701. The names below are loaded on first use
for the same reason (the coder pulls in spaCy).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lanner.scale.bench import bench_dask, template_reports
    from lanner.scale.engine import DaskRunSummary, code_corpus_dask, dask_client, require_dask
    from lanner.scale.ingest import DaskIngestSummary, ingest_dask, load_coded
    from lanner.scale.parquet import EVENT_SCHEMA, read_events

__all__ = [
    "EVENT_SCHEMA",
    "DaskIngestSummary",
    "DaskRunSummary",
    "bench_dask",
    "code_corpus_dask",
    "dask_client",
    "ingest_dask",
    "load_coded",
    "read_events",
    "require_dask",
    "template_reports",
]

_HOMES = {
    "EVENT_SCHEMA": "lanner.scale.parquet",
    "read_events": "lanner.scale.parquet",
    "DaskRunSummary": "lanner.scale.engine",
    "code_corpus_dask": "lanner.scale.engine",
    "dask_client": "lanner.scale.engine",
    "require_dask": "lanner.scale.engine",
    "DaskIngestSummary": "lanner.scale.ingest",
    "ingest_dask": "lanner.scale.ingest",
    "load_coded": "lanner.scale.ingest",
    "bench_dask": "lanner.scale.bench",
    "template_reports": "lanner.scale.bench",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'lanner.scale' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
