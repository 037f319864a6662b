"""End to end: `lanner code` as a user runs it, on good and bad input in one batch."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "Chinese troops attacked Indian soldiers near the border on Monday.\n"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lanner.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with open(folder / "huge.txt", "wb") as fh:  # sparse 10 MB file
        fh.seek(10 * 1024 * 1024)
        fh.write(b"x")
    (folder / "latin1.txt").write_bytes(
        "Les soldats fran\xe7ais ont quitt\xe9 Bamako hier.\n".encode("latin-1")
    )
    (folder / "german.txt").write_text(
        "Die Regierung hat am Montag beschlossen, dass die Truppen nicht in das Land geschickt werden, "
        "weil die Lage an der Grenze sich nicht verbessert hat und die Verhandlungen gescheitert sind.\n",
        encoding="utf-8",
    )
    return folder


def test_cli_code_batch_with_bad_inputs_codes_the_good_one(batch: Path) -> None:
    result = _run("code", str(batch), "--published", "2024-05-10")
    assert result.returncode == 1, "some inputs failed, so the exit code says so"
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert any(e["cameo_root"] == "19" and e["source"]["country"] == "CHN" for e in events), (
        result.stderr
    )
    for code in ("E102", "E103", "E105", "E106"):
        assert code in result.stderr, f"{code} missing from:\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_cli_code_clean_batch_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _run("code", str(tmp_path / "a.txt"), "--published", "2024-05-10")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["date"] == "2024-05-06"


def test_cli_code_reads_stdin_and_writes_csv(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = _run(
        "code", "-", "--published", "2024-05-10", "--format", "csv", "-o", str(out), stdin=GOOD
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and rows[0]["source_country"] == "CHN" and rows[0]["target_country"] == "IND"


@pytest.mark.parametrize(("fmt", "field"), [("plover", "event"), ("gdelt", "EventCode")])
def test_cli_code_writes_plover_and_gdelt(tmp_path: Path, fmt: str, field: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _run("code", str(tmp_path / "a.txt"), "--published", "2024-05-10", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "plover":
        assert json.loads(result.stdout.splitlines()[0])[field] == "ASSAULT"
    else:
        header, first = result.stdout.splitlines()[:2]
        assert first.split("\t")[header.split("\t").index(field)].startswith("19")


def test_cli_code_rejects_a_bad_date_with_a_coded_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _run("code", str(tmp_path / "a.txt"), "--published", "29/09/2016")
    assert result.returncode != 0
    assert "E109" in result.stderr and "Traceback" not in result.stderr


def test_cli_code_missing_file_is_reported(tmp_path: Path) -> None:
    result = _run("code", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "E101" in result.stderr
