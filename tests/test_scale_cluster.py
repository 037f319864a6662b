"""A real ``dask scheduler`` and two ``dask worker`` processes on loopback, driven through the
engine's ``--scheduler`` path, as on a multi-machine cluster."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask is an extra: pip install 'lanner[dask]'")

from lanner.scale import code_corpus_dask, read_events, template_reports  # noqa: E402

pytestmark = pytest.mark.slow

_START_TIMEOUT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextlib.contextmanager
def _cluster(workdir: Path) -> Iterator[str]:
    """Start a scheduler and two single-threaded workers; stop them whatever happens."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = [sys.executable, "-m", "dask"]
    processes: list[subprocess.Popen[bytes]] = []
    logs = []
    try:
        log = open(workdir / "scheduler.log", "wb")  # noqa: SIM115 - closed in finally
        logs.append(log)
        port = address.rsplit(":", 1)[1]
        processes.append(
            subprocess.Popen(
                [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
                cwd=workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        for n in range(2):
            log = open(workdir / f"worker-{n}.log", "wb")  # noqa: SIM115 - closed in finally
            logs.append(log)
            processes.append(
                subprocess.Popen(
                    [
                        *dask,
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--no-dashboard",
                        "--name",
                        f"lanner-test-{n}",
                        "--death-timeout",
                        "60",
                        "--local-directory",
                        str(workdir / f"w{n}"),
                    ],
                    cwd=workdir,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )  # fmt: skip
            )
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)
        for log in logs:
            log.close()


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + _START_TIMEOUT
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(count, timeout=_START_TIMEOUT)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _write_corpus(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for doc in template_reports(n):
            out.write(json.dumps({"text": doc.text, "published": doc.published}) + "\n")
    return path


def _rows(out: Path) -> list[tuple[object, ...]]:
    table = read_events(out).drop_columns(["id", "group_id"])
    return sorted((tuple(r.values()) for r in table.to_pylist()), key=repr)


def _wait_for_markers(folder: Path, client: subprocess.Popen[bytes], count: int) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline and client.poll() is None:
        if folder.is_dir() and len(list(folder.iterdir())) >= count:
            return
        time.sleep(0.05)


def test_scale_runs_on_a_separate_scheduler_and_workers(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "reports.jsonl", 24)
    killed = tmp_path / "killed"
    with _cluster(tmp_path) as address:
        summary = code_corpus_dask([str(corpus)], tmp_path / "out", scheduler=address,
                                   partition_size=4, progress=False)  # fmt: skip
        again = code_corpus_dask([str(corpus)], tmp_path / "out", scheduler=address,
                                 partition_size=4, progress=False)  # fmt: skip
        # A client killed mid-run: the rerun continues it from the finished partitions.
        command = [sys.executable, "-m", "lanner.cli", "code", str(corpus), "--engine", "dask",
                   "--scheduler", address, "--partition-size", "2", "-o", str(killed)]  # fmt: skip
        client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for_markers(killed / "_done", client, 1)
        finally:
            client.kill()
            client.wait(timeout=15)
        continued = code_corpus_dask([str(corpus)], killed, scheduler=address,
                                     partition_size=2, progress=False)  # fmt: skip
    assert summary.workers == 2
    assert summary.partitions == 6
    assert summary.documents == 24
    assert not summary.partitions_failed
    assert summary.events == read_events(tmp_path / "out").num_rows > 0
    assert len(summary.worker_peak_rss_mb) == 2
    assert again.partitions_skipped == 6
    pids = {
        json.loads(marker.read_text(encoding="utf-8"))["worker_pid"]
        for marker in (tmp_path / "out" / "_done").iterdir()
    }
    assert 1 <= len(pids) <= 2
    assert 1 <= continued.partitions_skipped < continued.partitions == 12
    assert continued.documents == 24
    assert _rows(killed) == _rows(tmp_path / "out")
