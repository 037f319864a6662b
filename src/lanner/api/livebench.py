"""``bench_live_ingest``: how soon a served store shows what ``lanner ingest`` sends it.

Starts ``lanner serve`` (a live server, its own process, 127.0.0.1) over a copy of a store,
ingests the bundled sample corpus through it with the real coder (``ingest_documents``,
as ``lanner ingest`` does), and polls ``/documents/{id}`` for the first and the last
document of the corpus. Reported: seconds from the start of the ingest until the first
document is served, and from the end of the ingest (the last batch acknowledged) until the
last one is served. Bar: the new events are visible within 15 s.

    python -m lanner.api.livebench STORE.duckdb
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["bench_live_ingest"]

_SERVER = (
    "import sys, uvicorn\n"
    "from lanner.api import create_app\n"
    "url = f'http://127.0.0.1:{sys.argv[2]}'\n"
    "uvicorn.run(create_app(sys.argv[1], live=True, url=url), host='127.0.0.1',"
    " port=int(sys.argv[2]), log_level='warning', access_log=False)\n"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, deadline: float, period: float = 0.05) -> float | None:
    """Monotonic time at which ``url`` first answers 200 (``None``: not before the deadline)."""
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return time.monotonic()
        except httpx.TransportError:
            pass
        time.sleep(period)
    return None


def bench_live_ingest(db_path: str, *, timeout: float = 600.0) -> dict[str, Any]:
    """See the module docstring; ``db_path`` is copied, never changed."""
    from lanner.pipeline import make_coder
    from lanner.records import Document, content_id
    from lanner.sample import load_sample
    from lanner.store.live import ingest_documents

    docs = [
        Document(id=d["id"], text=d["text"], title=d.get("title"), published=d.get("published"),
                 url=d.get("url"), source=d.get("source"))
        for d in load_sample()
    ]  # fmt: skip
    coder = make_coder(geo=False, use_config=False)
    list(coder.code_many(docs[:1]))  # load spaCy before the clock starts
    with tempfile.TemporaryDirectory() as tmp:
        copy = str(Path(tmp) / "live.duckdb")
        shutil.copyfile(db_path, copy)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-c", _SERVER, copy, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if _wait_for(base + "/openapi.json", time.monotonic() + 120) is None:
                raise RuntimeError("the live server did not start")
            first = f"{base}/documents/{content_id(docs[0].text)}"
            last = f"{base}/documents/{content_id(docs[-1].text)}"
            seen: dict[str, float | None] = {}
            started = time.monotonic()
            watcher = threading.Thread(
                target=lambda: seen.update(first=_wait_for(first, started + timeout)),
                daemon=True,
            )
            watcher.start()
            summary, used = ingest_documents(
                copy, docs, coder.code, coder_many=coder.code_many, progress=False
            )
            ended = time.monotonic()
            last_seen = _wait_for(last, ended + 60)
            watcher.join(timeout)
        finally:
            server.terminate()
            server.wait(timeout=30)
    first_seen = seen.get("first")
    return {
        "store_events_before": "copy of " + db_path,
        "through_server": used,
        "documents": len(docs),
        "events_new": summary.events_new,
        "ingest_seconds": round(ended - started, 2),
        "first_document_visible_after_s": round(first_seen - started, 2) if first_seen else None,
        "last_document_visible_after_ingest_end_s": (
            round(last_seen - ended, 3) if last_seen is not None else None
        ),
        "bar": "new events visible within 15 s",
    }


if __name__ == "__main__":
    print(json.dumps(bench_live_ingest(sys.argv[1]), indent=2))
