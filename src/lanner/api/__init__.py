"""The REST API over the event store (FastAPI), read-only.

``create_app(db_path)`` builds the application; ``lanner serve`` runs it with uvicorn.
Endpoints and formats are described in ``docs/api.md`` and at ``/openapi.json``.
"""

from lanner.api.app import SECURITY_HEADERS, create_app
from lanner.api.bench import bench_api

__all__ = ["SECURITY_HEADERS", "bench_api", "create_app"]
