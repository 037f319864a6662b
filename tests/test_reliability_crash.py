"""Crash recovery of a real ingest (readers → coder → store) killed with SIGKILL.

``tests/test_store_crash.py`` kills an ingest of in-memory documents after a random sleep.
This file goes further: the killed process reads files from disk with
``lanner.ingest.read_documents`` (JSONL, text and a bad file that becomes a failure row),
and the 20 kill points are spread over the whole run by counting coded documents, so each
one lands inside the ingest (while coding, or while a batch is being written) rather than
before it starts or after it ends. After each kill the same ingest is rerun to completion;
the store must equal an uninterrupted run's: no document, event, mention or failure lost
or doubled.

The kill points come from a fixed seed, so a failing point can be replayed:
``pytest tests/test_reliability_crash.py -k "point_7"``.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lanner.ingest import read_documents
from lanner.store import Store
from test_store_fakes import fake_code_document, make_corpus

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

TESTS = Path(__file__).resolve().parent
CORPUS_SIZE = 36
KILL_POINTS = 20
SEED = 20261129
DELAY = 0.01  # seconds of "coding" per document in the killed process
BATCH_SIZE = 3
# Documents the coder is given and accepts in one run (the corpus less the three it
# rejects and the binary file); checked against a clean run below.
CODED_IN_RUN = 33


# The killed process: a real ingest of the input folder. After each document it says
# "coded N" and waits for a line on stdin, so it is never more than one document ahead
# of the test, which chooses where to kill it.
def _counting_coder(delay: float) -> str:
    """Source of the killed process's coder: says "coded N" after each document, then waits
    for a line on stdin."""
    return f"""
import sys, time
sys.path.insert(0, {str(TESTS)!r})
from test_store_fakes import fake_code_document, CODER_VERSION
from lanner.ingest import read_documents

class CountingCoder:
    coder_version = CODER_VERSION
    def __init__(self):
        self.coded = 0
    def __call__(self, doc):
        time.sleep({delay})
        result = fake_code_document(doc)
        self.coded += 1
        print("coded", self.coded, flush=True)
        sys.stdin.readline()
        return result
"""


INGEST_SCRIPT = (
    _counting_coder(DELAY)
    + f"""
from lanner.store import Store

store = Store(sys.argv[1], coder=CountingCoder())
print("ready", flush=True)
store.ingest(read_documents([sys.argv[2]]), batch_size={BATCH_SIZE}, batch_seconds=60)
store.close()
print("done", flush=True)
"""
)


def write_inputs(folder: Path) -> Path:
    """The input folder: most documents in one JSONL file, some as .txt, one binary file."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = make_corpus(CORPUS_SIZE)
    lines = [
        json.dumps({"text": d.text, "published": d.published, "source": d.source, "url": d.url})
        for d in docs[: CORPUS_SIZE - 6]
    ]
    (folder / "a_wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i, doc in enumerate(docs[CORPUS_SIZE - 6 :]):
        (folder / f"b_report{i}.txt").write_text(doc.text, encoding="utf-8")
    (folder / "c_broken.txt").write_bytes(b"\x00\x01binary\x00" * 20)  # a failures row
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("inputs") / "in")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, inputs: Path) -> dict[str, tuple[int, str]]:
    """Checksums of an uninterrupted run (with a batch size unlike the killed runs')."""
    path = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(read_documents([str(inputs)]), batch_size=16)
        checksums = store.table_checksums()
        assert store.counts()["documents"] == CODED_IN_RUN
        assert store.counts()["failures"] == 4
    return checksums


def kill_during_ingest(path: Path, inputs: Path, after_coded: int, extra: float) -> bool:
    """Run the ingest in a child; SIGKILL it ``extra`` s after document ``after_coded`` is
    coded (0: as soon as the store is open). True if it finished before the kill."""
    with subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(path), str(inputs)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        finished = False
        if after_coded > 0:
            for line in process.stdout:
                if line.strip() == "done":
                    finished = True
                    break
                process.stdin.write("go\n")  # let it code the next document
                process.stdin.flush()
                if line.strip() == f"coded {after_coded}":
                    break
        time.sleep(extra)
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL or finished
    return finished


def kill_points() -> list[tuple[int, float]]:
    """(documents coded before the kill, extra delay): spread evenly over the run, each
    point jittered, so that kills fall both while coding and while writing a batch."""
    rng = random.Random(SEED)
    points = []
    for k in range(KILL_POINTS):  # never after the last document: that run would finish
        low = k * (CODED_IN_RUN - 1) // KILL_POINTS
        high = max(low, (k + 1) * (CODED_IN_RUN - 1) // KILL_POINTS - 1)
        points.append((rng.randint(low, high), rng.uniform(0.0, DELAY * 1.5)))
    return points


@pytest.mark.slow
@pytest.mark.parametrize(
    ("after_coded", "extra"),
    kill_points(),
    ids=[f"point_{k}" for k in range(KILL_POINTS)],
)
def test_reliability_ingest_killed_anywhere_then_rerun_equals_uninterrupted_run(
    tmp_path: Path,
    inputs: Path,
    clean: dict[str, tuple[int, str]],
    after_coded: int,
    extra: float,
) -> None:
    path = tmp_path / "killed.duckdb"
    finished = kill_during_ingest(path, inputs, after_coded, extra)
    with Store(path, coder=fake_code_document) as store:
        before = store.counts()
    assert not finished and before["documents"] < CODED_IN_RUN, "the kill came after the run"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(read_documents([str(inputs)]), batch_size=BATCH_SIZE)
        after = store.table_checksums()
    where = f"killed after {after_coded} coded (+{extra * 1000:.0f} ms), {before} before rerun"
    for table, (rows, digest) in clean.items():
        assert after[table][0] == rows, f"{table}: {after[table][0]} rows, not {rows}; {where}"
        assert after[table][1] == digest, f"{table}: rows differ from a clean run; {where}"


@pytest.mark.slow
def test_reliability_ingest_killed_again_and_again_still_converges(
    tmp_path: Path, inputs: Path, clean: dict[str, tuple[int, str]]
) -> None:
    """Five kills in a row on one store, each rerun killed further on, then a full run."""
    path = tmp_path / "killed.duckdb"
    for after_coded in (2, 3, 5, 4, 6):  # counts per rerun: each rerun skips what is stored
        kill_during_ingest(path, inputs, after_coded, DELAY / 2)
    with Store(path, coder=fake_code_document) as store:
        store.ingest(read_documents([str(inputs)]), batch_size=BATCH_SIZE)
        assert store.table_checksums() == clean


# -- through a live server (issue 15): the server holding the store is killed ------------------

LIVE_CLIENT_SCRIPT = (
    _counting_coder(0)
    + f"""
from lanner.store.live import ingest_through_server

print("ready", flush=True)
ingest_through_server(sys.argv[1], sys.argv[2], read_documents([sys.argv[3]]), CountingCoder(),
                      batch_size={BATCH_SIZE}, batch_seconds=60)
print("done", flush=True)
"""
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("after_coded", "extra"), kill_points()[::4], ids=[f"point_{k}" for k in range(0, 20, 4)]
)
def test_reliability_live_server_killed_mid_ingest_then_rerun_equals_uninterrupted_run(
    tmp_path: Path,
    inputs: Path,
    clean: dict[str, tuple[int, str]],
    after_coded: int,
    extra: float,
) -> None:
    """The client reads files and codes; the server writing its batches is SIGKILLed."""
    from lanner.store.live import ingest_through_server
    from test_store_live import LiveServer

    path = tmp_path / "live.duckdb"
    Store(path).close()
    server = LiveServer(path)
    try:
        with subprocess.Popen(
            [sys.executable, "-c", LIVE_CLIENT_SCRIPT, server.url, server.token, str(inputs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as client:
            assert client.stdin is not None and client.stdout is not None
            assert client.stdout.readline().strip() == "ready"
            for line in client.stdout:
                client.stdin.write("go\n")
                client.stdin.flush()
                if line.strip() in (f"coded {after_coded}", "done"):
                    break
            time.sleep(extra)
            server.kill()
            client.kill()
        server = LiveServer(path)  # restart: the store recovers every committed batch
        ingest_through_server(
            server.url, server.token, read_documents([str(inputs)]), fake_code_document,
            batch_size=BATCH_SIZE,
        )  # fmt: skip
    finally:
        server.stop()
    with Store(path) as store:
        assert store.table_checksums() == clean, f"server killed after {after_coded} coded"
