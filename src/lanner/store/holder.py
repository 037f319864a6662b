"""Who has a store open: a small JSON file beside it, so a refusal can name the holder.

DuckDB lets one process open a store for writing. The process that does (``lanner ingest``,
``lanner serve``, ``lanner watch``, a library caller) writes ``STORE.holder.json`` with its
pid, its command and, for a server, the URL at which it takes ingest batches and the token
that ``POST /ingest`` needs. The file is created with mode 0600: whoever may read it may
write the store file anyway. A holder whose pid is gone (a killed process) is ignored.

``lanner ingest`` reads it to find a running server (and ingests through it); E501 reads
it to say who holds a busy store.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

__all__ = [
    "Holder",
    "claim",
    "command_name",
    "describe_holder",
    "holder_path",
    "read_holder",
    "release",
]

Holder = dict[str, Any]

_DUCKDB_HOLDER = re.compile(r"lock is held in (?P<exe>.+?) \(PID (?P<pid>\d+)\)")


def holder_path(db_path: str) -> Path:
    return Path(db_path + ".holder.json")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def command_name() -> str:
    """``lanner ingest`` for the CLI, else the script or interpreter name."""
    argv = sys.argv or ["python"]
    name = Path(argv[0]).name
    if name in ("lanner", "__main__.py") and len(argv) > 1:
        return f"lanner {argv[1]}"
    return name or "python"


def claim(db_path: str, role: str | None = None, **extra: Any) -> None:
    """Record this process as the holder of ``db_path`` (atomic replace, mode 0600)."""
    if db_path == ":memory:":
        return
    info: Holder = {
        "pid": os.getpid(),
        "command": role or command_name(),
        "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **extra,
    }
    path = holder_path(db_path)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with suppress(OSError):
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(info, out)
        os.replace(temp, path)


def release(db_path: str) -> None:
    """Remove the holder file if this process wrote it."""
    holder = read_holder(db_path, check_alive=False)
    if holder is not None and holder.get("pid") == os.getpid():
        with suppress(OSError):
            holder_path(db_path).unlink()


def read_holder(db_path: str, *, check_alive: bool = True) -> Holder | None:
    """The recorded holder of ``db_path``, or ``None`` (no file, unreadable, or a dead pid)."""
    try:
        data = json.loads(holder_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    if check_alive and not _alive(data["pid"]):
        return None
    return data


def describe_holder(db_path: str, duckdb_message: str = "") -> tuple[str, str]:
    """Who holds the store, and what to do about it, for E501's ``holder`` and ``hint``.

    The holder file names the command; without one, the pid DuckDB's message gives.
    """
    holder = read_holder(db_path)
    if holder is not None:
        text = f"{holder.get('command', 'a Lanner process')} (pid {holder['pid']}"
        if holder.get("url"):
            text += f", serving {holder['url']}"
        text += f", since {holder.get('since', '?')})"
        if holder.get("url"):
            return text, "; lanner ingest and lanner watch send their batches to that server"
        return text, "; wait for it to finish"
    found = _DUCKDB_HOLDER.search(duckdb_message)
    if found:
        return f"another process ({Path(found['exe']).name}, pid {found['pid']})", ""
    return "another process", ""
