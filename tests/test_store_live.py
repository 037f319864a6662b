"""The live store: ingest into a store while a server serves it (issue 15, part 1).

The server (``create_app(live=True)``, what ``lanner serve`` runs) is the store's one
writer; ``lanner ingest`` codes documents and sends batches to ``POST /ingest``. These tests
check that the result is the store a direct ingest gives, that reruns add nothing, that the
batch route needs its token, that answers change as soon as a batch is stored, and that a
refused opener (E501) is told who holds the store. ``LiveServer`` (a real uvicorn process
on 127.0.0.1) is shared with the kill-point tests.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

from lanner.api import create_app
from lanner.errors import LannerError
from lanner.store import Store
from lanner.store.holder import holder_path, read_holder
from lanner.store.live import ingest_documents, ingest_through_server, running_server
from test_store_fakes import fake_code_document, make_corpus

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TESTS = Path(__file__).resolve().parent
SERVER_SCRIPT = """
import sys, uvicorn
from lanner.api import create_app
url = f"http://127.0.0.1:{sys.argv[2]}"
app = create_app(sys.argv[1], live=True, url=url)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``lanner serve`` over ``path`` in a child process on 127.0.0.1 (a free port)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER_SCRIPT, str(path), str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    self.process.stderr.read().decode() if self.process.stderr else ""
                )
            holder = read_holder(str(path))
            if holder and holder.get("pid") == self.process.pid:
                try:
                    if httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200:
                        self.token = str(holder["ingest_token"])
                        return
                except httpx.TransportError:
                    pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("the live server did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        self.kill()


@contextmanager
def live_server(path: Path) -> Iterator[LiveServer]:
    server = LiveServer(path)
    try:
        yield server
    finally:
        server.stop()


def clean_checksums(path: Path, n: int) -> dict[str, tuple[int, str]]:
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(n))
        return store.table_checksums()


@pytest.fixture()
def live_client(tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path / "live.duckdb"
    Store(path).close()
    app = create_app(str(path), live=True, url="http://testserver")
    with TestClient(app) as client:
        yield client, path


# -- same store as a direct ingest -------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 4, 7, 50])
def test_store_live_ingest_through_server_equals_direct_ingest(
    tmp_path: Path, live_client: tuple[TestClient, Path], batch_size: int
) -> None:
    client, path = live_client
    token = client.app.state.ingest_token  # type: ignore[attr-defined]
    summary = ingest_through_server(
        "http://testserver", token, make_corpus(30), fake_code_document,
        batch_size=batch_size, http=client,
    )  # fmt: skip
    assert summary.documents_new > 0 and summary.documents_failed > 0
    client.app.state.database.close()  # type: ignore[attr-defined]
    with Store(path) as store:
        got = store.table_checksums()
    assert got == clean_checksums(tmp_path / "clean.duckdb", 30)


@pytest.mark.parametrize("first_part", [0, 9, 30])
def test_store_live_rerun_through_server_adds_nothing(
    live_client: tuple[TestClient, Path], first_part: int
) -> None:
    client, path = live_client
    token = client.app.state.ingest_token  # type: ignore[attr-defined]
    corpus = make_corpus(30)
    ingest_through_server(
        "http://testserver", token, corpus[:first_part], fake_code_document, http=client
    )
    ingest_through_server("http://testserver", token, corpus, fake_code_document, http=client)
    database = client.app.state.database  # type: ignore[attr-defined]
    before = database.store.table_checksums()
    again = ingest_through_server(
        "http://testserver", token, corpus, fake_code_document, http=client
    )
    assert again.documents_new == 0 and again.events_new == 0
    assert again.documents_stored_already == sum(1 for d in corpus if "UNREADABLE" not in d.text)
    assert database.store.table_checksums() == before


# -- the batch route's guard and shape ---------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "E603"),
        ({"Authorization": "Bearer wrong"}, 401, "E603"),
        ({"X-Lanner-Token": ""}, 401, "E603"),
        ("good", 400, "E601"),  # right token, a body without items
    ],
)
def test_store_live_ingest_route_needs_the_token(
    live_client: tuple[TestClient, Path], headers: Any, status: int, code: str
) -> None:
    client, _ = live_client
    if headers == "good":
        headers = {"Authorization": f"Bearer {client.app.state.ingest_token}"}  # type: ignore[attr-defined]
    response = client.post("/ingest", json={"coder_version": "x"}, headers=headers)
    assert response.status_code == status
    assert response.json() == {"ok": False, "error": response.json()["error"], "code": code}


@pytest.mark.parametrize(
    "body",
    [
        {"coder_version": "x", "items": [{"document": {"id": "a"}}]},  # no text
        {"coder_version": "x", "items": [{"failure": {"path": "p", "code": "E999"}}]},
        {"coder_version": "x", "items": [{"document": {"id": "a", "text": "t"}, "events": [{}]}]},
        {"items": []},
    ],
)
def test_store_live_malformed_batch_is_e601_and_changes_nothing(
    live_client: tuple[TestClient, Path], body: dict[str, Any]
) -> None:
    client, _ = live_client
    database = client.app.state.database  # type: ignore[attr-defined]
    before = database.store.table_checksums()
    token = client.app.state.ingest_token  # type: ignore[attr-defined]
    response = client.post("/ingest", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json()["code"] == "E601"
    assert database.store.table_checksums() == before


def test_store_live_read_only_server_has_no_ingest_route(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    Store(path).close()
    with TestClient(create_app(str(path))) as client:
        response = client.post("/ingest", json={"items": []})
    assert response.status_code in (404, 405)
    assert not holder_path(str(path)).exists()


# -- answers follow the data -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/events?limit=500", "/events.csv?limit=500", "/network"])
def test_store_live_cached_answers_change_after_an_ingest(
    live_client: tuple[TestClient, Path], path: str
) -> None:
    client, _ = live_client
    token = client.app.state.ingest_token  # type: ignore[attr-defined]
    corpus = make_corpus(20)
    ingest_through_server("http://testserver", token, corpus[:5], fake_code_document, http=client)
    first = client.get(path)
    assert client.get(path).content == first.content  # now a cache hit
    ingest_through_server("http://testserver", token, corpus, fake_code_document, http=client)
    after = client.get(path)
    assert after.status_code == 200 and after.content != first.content


# -- who holds the store -----------------------------------------------------------------------

HOLD_SCRIPT = """
import sys, time
from lanner.store import Store
store = Store(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def test_store_live_e501_names_the_process_holding_the_store(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        try:
            for read_only in (False, True):
                with pytest.raises(LannerError) as info:
                    Store(path, read_only=read_only)
                assert info.value.code == "E501"
                assert f"pid {holder.pid}" in info.value.message
        finally:
            holder.kill()
    assert read_holder(str(path)) is None  # a dead holder is not reported


# -- a real server process ---------------------------------------------------------------------


def test_store_live_ingest_finds_the_running_server_and_events_appear(tmp_path: Path) -> None:
    path = tmp_path / "served.duckdb"
    Store(path).close()
    corpus = make_corpus(24)
    with live_server(path) as server:
        assert running_server(str(path)) is not None
        with pytest.raises(LannerError) as busy:
            Store(path)  # a direct writer is refused, and told who holds the store
        assert busy.value.code == "E501" and server.url in busy.value.message
        before = httpx.get(server.url + "/events?limit=500").json()["count"]
        summary, used = ingest_documents(str(path), corpus, fake_code_document)
        assert used == server.url and summary.events_new > 0
        deadline = time.monotonic() + 15
        count = before
        while time.monotonic() < deadline and count == before:
            count = httpx.get(server.url + "/events?limit=500").json()["count"]
        assert count == summary.events_new > before
    with Store(path) as store:  # the server released the store when it stopped
        assert store.table_checksums() == clean_checksums(tmp_path / "clean.duckdb", 24)
    assert not holder_path(str(path)).exists()


def test_store_live_cli_ingest_goes_through_the_server(tmp_path: Path) -> None:
    """``lanner ingest`` itself (the real coder) into a served store: E501 before issue 15."""
    pytest.importorskip("spacy")
    path = tmp_path / "cli.duckdb"
    Store(path).close()
    report = tmp_path / "r.txt"
    report.write_text(
        "Russian troops attacked Ukrainian positions near Kharkiv on 3 March 2024.",
        encoding="utf-8",
    )
    with live_server(path) as server:
        env = {**os.environ, "LANNER_API_TOKEN": ""}
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from lanner.cli import main; sys.exit(main())", "ingest", "--db", str(path), "-q", "--no-geo",
             str(report)],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"through the server at {server.url}" in done.stderr
        rows = httpx.get(server.url + "/events").json()["rows"]
    assert rows and json.dumps(rows)  # the new events are served without a restart
