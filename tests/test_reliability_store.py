"""The store under hostile conditions: a full disk, a read-only file system, two writers.

``tests/test_store_ingest.py`` checks the coded errors themselves (E501 for a held store,
E502 for ``read_only=True``, E503 on a 4 MB disk). Here each condition is pushed further:
a 2 MB disk full before and during an ingest, a store whose file system is mounted
read-only, and two ingests started at the same moment. Every case ends with the store
opened again, read and compared with what it held before.

Mounting a tmpfs needs root and mount(8); without them those tests skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lanner.errors import LannerError
from lanner.store import Store
from test_store_fakes import fake_code_document, make_corpus, make_doc

TESTS = Path(__file__).resolve().parent
FILLER = " ".join(f"Filler sentence number {i} here." for i in range(15_000))
BIG_DOCS = [make_doc(f"Russia attacked Ukraine on 2024-03-0{k + 1}. {FILLER}") for k in range(4)]


def mount_tmpfs(mount_point: Path, size: str) -> None:
    mount_point.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a small disk needs root to mount a tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


def remount(mount_point: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs."""
    mount_point = tmp_path / "disk"
    mount_tmpfs(mount_point, "2m")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    ballast = folder / "ballast"
    try:
        with ballast.open("ab", buffering=0) as stream:
            while True:
                stream.write(b"\0" * 4096)
    except OSError:
        pass
    return ballast


def checksums(path: Path, *, read_only: bool) -> dict[str, tuple[int, str]]:
    with Store(path, read_only=read_only) as store:
        return store.table_checksums()


def clean_checksums(tmp_path: Path, n: int) -> dict[str, tuple[int, str]]:
    with Store(tmp_path / f"clean{n}.duckdb", coder=fake_code_document) as store:
        store.ingest(make_corpus(n))
        return store.table_checksums()


# -- a full disk --------------------------------------------------------------------------


def test_reliability_full_disk_mid_ingest_is_e503_and_store_stays_readable_and_unchanged(
    small_disk: Path,
) -> None:
    path = small_disk / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(8))
        before = store.table_checksums()
    with Store(path, coder=fake_code_document) as store, pytest.raises(LannerError) as info:
        store.ingest(BIG_DOCS, batch_size=len(BIG_DOCS), batch_seconds=1e9)
    assert info.value.code == "E503"
    assert str(path) in info.value.message
    assert checksums(path, read_only=True) == before
    assert checksums(path, read_only=False) == before  # a writer replays the WAL cleanly


def test_reliability_full_disk_then_space_freed_rerun_equals_uninterrupted_run(
    small_disk: Path, tmp_path: Path
) -> None:
    path = small_disk / "s.duckdb"
    (small_disk / "ballast").write_bytes(b"\0" * 300_000)  # room to free later
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(6))
    ballast = fill(small_disk)
    with Store(path, coder=fake_code_document) as store, pytest.raises(LannerError) as info:
        store.ingest(make_corpus(12) + BIG_DOCS[:1], batch_size=12, batch_seconds=1e9)
    assert info.value.code == "E503"
    ballast.unlink()
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(12))
        assert store.table_checksums() == clean_checksums(tmp_path, 12)


def test_reliability_new_store_on_a_full_disk_is_e503_and_leaves_no_broken_file(
    small_disk: Path,
) -> None:
    ballast = fill(small_disk)
    path = small_disk / "new.duckdb"
    with pytest.raises(LannerError) as info:
        Store(path)
    assert info.value.code == "E503"
    # An empty file left here would make every later open fail with E505.
    assert not path.exists()
    ballast.unlink()
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(3))
        assert store.counts()["documents"] == 3


# -- a read-only file system --------------------------------------------------------------


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs holding a store, remounted read-only for the test."""
    mount_point = tmp_path / "ro"
    mount_tmpfs(mount_point, "16m")
    try:
        with Store(mount_point / "s.duckdb", coder=fake_code_document) as store:
            store.ingest(make_corpus(8))
        remount(mount_point, "ro")
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_reliability_store_on_read_only_file_system_refuses_writers_with_e502(
    read_only_disk: Path, tmp_path: Path
) -> None:
    path = read_only_disk / "s.duckdb"
    expected = clean_checksums(tmp_path, 8)
    with pytest.raises(LannerError) as info:
        Store(path, coder=fake_code_document)
    assert info.value.code == "E502"
    assert str(path) in info.value.message
    assert checksums(path, read_only=True) == expected  # readers still welcome


def test_reliability_new_store_on_read_only_file_system_is_e502(read_only_disk: Path) -> None:
    with pytest.raises(LannerError) as info:
        Store(read_only_disk / "new.duckdb")
    assert info.value.code == "E502"
    assert not (read_only_disk / "new.duckdb").exists()


def test_reliability_read_only_store_refuses_every_write_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(8))
        before = store.table_checksums()
    with Store(path, read_only=True, coder=fake_code_document) as store:
        writes = {
            "ingest": lambda: store.ingest(make_corpus(12)),
            "recode": lambda: store.recode(coder=fake_code_document),
            "import_parquet": lambda: store.import_parquet(tmp_path),
        }
        for name, write in writes.items():
            with pytest.raises(LannerError) as info:
                write()
            assert info.value.code == "E502", name
        assert store.table_checksums() == before


# -- two writers --------------------------------------------------------------------------

WRITER_SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from test_store_fakes import SlowFakeCoder, make_corpus
from lanner.errors import LannerError
from lanner.store import Store
sys.stdin.readline()  # both writers start on the same signal
try:
    with Store(sys.argv[1], coder=SlowFakeCoder(0.005)) as store:
        store.ingest(make_corpus(int(sys.argv[2])), batch_size=2)
except LannerError as exc:
    print(exc.code, flush=True)
    sys.exit(3)
print("ok", flush=True)
"""


@pytest.mark.parametrize("existing", [True, False], ids=["existing_store", "new_store"])
def test_reliability_two_concurrent_writers_one_is_busy_or_both_serialised(
    tmp_path: Path, existing: bool
) -> None:
    path = tmp_path / "s.duckdb"
    if existing:
        with Store(path, coder=fake_code_document) as store:
            store.ingest(make_corpus(4))
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, str(path), str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (20, 30)
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outcomes = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        outcomes.append(out.strip())
        assert writer.returncode in (0, 3), err  # finished, or refused with a code; no crash
    assert all(o in ("ok", "E501") for o in outcomes), outcomes
    assert "ok" in outcomes, outcomes
    # Whatever happened, the store opens, and finishing the larger ingest gives a clean run.
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(30))
        assert store.table_checksums() == clean_checksums(tmp_path, 30)


def test_reliability_reader_while_a_writer_holds_the_store_is_busy_not_corrupt(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(6))
        before = store.table_checksums()
    with subprocess.Popen(
        [sys.executable, "-c", WRITER_SCRIPT, str(path), "400"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as holder:
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        refused = 0
        for _ in range(20):
            try:
                with Store(path, read_only=True) as store:
                    store.counts()
            except LannerError as exc:
                assert exc.code == "E501"
                refused += 1
        assert refused > 0 or holder.poll() is not None
        holder.kill()
    with Store(path, read_only=True) as store:  # killed mid-ingest: earlier rows intact
        after = store.table_checksums()
    assert after["documents"][0] >= before["documents"][0]
