"""Crash safety: an ingest killed with SIGKILL at a random point, then rerun, equals a clean run.

The same holds for an ingest through a live server: SIGKILL the client (``lanner ingest``)
or the server holding the store at a random point, restart, rerun: the clean run's store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lanner.store import Store
from lanner.store.live import ingest_through_server
from test_store_fakes import fake_code_document, make_corpus
from test_store_live import LiveServer

TESTS = Path(__file__).resolve().parent
CORPUS_SIZE = 30
DELAY = 0.02  # seconds of "coding" per document in the killed process
# The killed process ingests with a slow coder; it says "ready" once the store is open.
INGEST_SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from test_store_fakes import SlowFakeCoder, make_corpus
from lanner.store import Store
store = Store(sys.argv[1], coder=SlowFakeCoder({DELAY}))
print("ready", flush=True)
store.ingest(make_corpus({CORPUS_SIZE}), batch_size=4)
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def clean_checksums(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    path = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(CORPUS_SIZE))
        return store.table_checksums()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize("kill_point", range(10))
def test_store_killed_ingest_rerun_equals_uninterrupted_run(
    tmp_path: Path, kill_point: int, clean_checksums: dict[str, tuple[int, str]]
) -> None:
    path = tmp_path / "killed.duckdb"
    rng = random.Random(f"kill-{kill_point}-{os.getpid()}")
    with subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        # Anywhere from before the first document to past the end of the run (coding is
        # DELAY per document, storing it a few milliseconds more).
        time.sleep(rng.uniform(0.0, CORPUS_SIZE * DELAY * 2.0))
        process.send_signal(signal.SIGKILL)
        finished = process.stdout.read().strip() == "done"
        process.wait()
    assert process.returncode == -signal.SIGKILL or finished
    with Store(path, coder=fake_code_document) as store:
        stored_before_rerun = store.counts()["documents"]
        store.ingest(make_corpus(CORPUS_SIZE))
        assert store.table_checksums() == clean_checksums, (
            f"kill point {kill_point}: {stored_before_rerun} documents stored before the rerun"
        )


# -- the same through a live server (issue 15): kill the client, or the server ----------------

CLIENT_SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from test_store_fakes import SlowFakeCoder, make_corpus
from lanner.store.live import ingest_through_server
print("ready", flush=True)
ingest_through_server(
    sys.argv[1], sys.argv[2], make_corpus({CORPUS_SIZE}), SlowFakeCoder({DELAY}), batch_size=4
)
print("done", flush=True)
"""


def _client(server: LiveServer) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT_SCRIPT, server.url, server.token],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize(
    ("victim", "kill_point"), [(v, k) for v in ("client", "server") for k in range(5)]
)
def test_store_live_killed_client_or_server_rerun_equals_uninterrupted_run(
    tmp_path: Path, victim: str, kill_point: int, clean_checksums: dict[str, tuple[int, str]]
) -> None:
    path = tmp_path / "live.duckdb"
    Store(path).close()
    rng = random.Random(f"live-{victim}-{kill_point}-{os.getpid()}")
    server = LiveServer(path)
    try:
        with _client(server) as client:
            assert client.stdout is not None and client.stdout.readline().strip() == "ready"
            # the client's run takes longer than a local one: an HTTP round trip per batch
            time.sleep(rng.uniform(0.0, CORPUS_SIZE * DELAY * 3.0))
            if victim == "server":
                server.kill()  # SIGKILL mid-batch or between batches; the client then fails
                server = LiveServer(path)  # a restart recovers the store from its WAL
            client.kill()
            client.wait()
        rerun = ingest_through_server(
            server.url, server.token, make_corpus(CORPUS_SIZE), fake_code_document, batch_size=5
        )
    finally:
        server.stop()
    with Store(path) as store:
        assert store.table_checksums() == clean_checksums, (
            f"{victim} killed at point {kill_point}; the rerun stored {rerun}"
        )
