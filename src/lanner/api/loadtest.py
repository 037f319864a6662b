"""A bounded load test of the real API server on loopback.

``run_load_test(db_path, clients=50, seconds=60)`` starts ``uvicorn`` serving the store in
a subprocess on 127.0.0.1 and a free port, lets ``clients`` concurrent clients (asyncio +
httpx, each sending its next request when the last one is answered) walk a mix of
dashboard requests for ``seconds``, stops the server, and returns the request count, the
error count (transport errors and any status other than 200) and the p50/p95/p99
latencies, overall and per request. Only 127.0.0.1 is ever contacted.

    python fuzz/load_test.py STORE.duckdb --clients 50 --seconds 60
    python fuzz/load_test.py /tmp/load.duckdb --synthetic 1000000   # build the store first
    python fuzz/load_test.py STORE.duckdb --think 2   # clients pause 2 s after each answer

Two mixes: ``mode="fixed"`` walks :data:`DASHBOARD_MIX` (14 distinct URLs, so a response
cache answers nearly everything), ``mode="random"`` (the default) draws every request
afresh, as a user moving a date brush or picking countries does: events with random
filters and text, dyad series, networks and alerts over random windows, actors, documents
and rivalries. The result reports the share of distinct URLs among the requests sent, and
the server's resident memory after the load.

    python -m lanner.api.loadtest STORE.duckdb --mode random --clients 50 --seconds 30

``lanner bench load`` runs the random mix on a fresh 1M-event synthetic store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

__all__ = ["DASHBOARD_MIX", "MODES", "random_path", "run_load_test"]

LOOPBACK = "127.0.0.1"
# What the dashboard asks for as a user moves around: first page of events, filtered
# pages, a dyad's series, an actor, a document, the network and the alerts. {doc} is
# filled with ids read from the store.
DASHBOARD_MIX = (
    "/events?limit=100",
    "/events?limit=100&country=RUS",
    "/events?limit=100&dyad=RUS-UKR",
    "/events?limit=100&quad_class=4&date_from=2020-01-01&date_to=2020-12-31",
    "/events?limit=100&cameo=19",
    "/dyads/RUS/UKR/series",
    "/actors/CHN",
    "/documents/{doc}",
    "/network.json?date_from=2024-01-01",
    "/alerts",
)
_SERVER = (
    "import sys, uvicorn\n"
    "from lanner.api import create_app\n"
    "from lanner.api.server import KEEP_ALIVE\n"
    "uvicorn.run(create_app(sys.argv[1], live=True, url=f'http://{sys.argv[2]}:{sys.argv[3]}'),"
    " host=sys.argv[2], port=int(sys.argv[3]), log_level='warning', access_log=False,"
    " timeout_keep_alive=KEEP_ALIVE)\n"
)
# ``lanner serve --read-only --workers N``: N processes sharing the read-only store.
_WORKERS_SERVER = (
    "import sys\n"
    "from lanner.api.server import serve\n"
    "serve(sys.argv[1], host=sys.argv[2], port=int(sys.argv[3]), read_only=True,"
    " workers=int(sys.argv[4]))\n"
)
MODES = ("random", "fixed")


def random_path(rng: random.Random, docs: list[str]) -> tuple[str, str]:
    """(label, URL) of one dashboard request with freshly drawn parameters."""
    from lanner.store.synthetic import SYNTHETIC_COUNTRIES

    countries = SYNTHETIC_COUNTRIES
    year = rng.randint(2015, 2024)
    start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    end = f"{min(2024, year + rng.choice((0, 0, 1, 2)))}-{rng.randint(1, 12):02d}-28"
    end = max(start, end)  # ISO dates compare as text: never a window ending before it starts
    kind = rng.choices(
        ("events", "series", "network", "alerts", "actor", "document", "rivalries"),
        weights=(50, 10, 10, 10, 5, 10, 5),
    )[0]
    if kind == "events":
        params = [f"limit={rng.choice((25, 50, 100))}"]
        if rng.random() < 0.6:
            params += [f"date_from={start}", f"date_to={end}"]
        if rng.random() < 0.4:
            params.append(f"country={rng.choice(countries)}")
        if rng.random() < 0.3:
            params.append(f"quad_class={rng.randint(1, 4)}")
        if rng.random() < 0.2:
            params.append(f"cameo={rng.choice(('03', '05', '06', '11', '14', '19', '19'))}")
        if rng.random() < 0.15:
            a, b = rng.sample(countries[:15], 2)
            params.append(f"dyad={a}-{b}")
        if rng.random() < 0.1:
            params.append(f"q={rng.choice(countries)}+place")
        return "events", "/events?" + "&".join(params)
    if kind == "series":
        a, b = rng.sample(countries[:15], 2)
        period = rng.choice(("month", "quarter", "year"))
        return "series", f"/dyads/{a}/{b}/series?period={period}&date_from={start}"
    if kind == "network":
        return "network", f"/network.json?date_from={start}&date_to={end}&max_nodes=100"
    if kind == "alerts":
        days = rng.choice((7, 30, 90))
        return "alerts", f"/alerts?as_of={end[:8]}15&window_days={days}"
    if kind == "actor":
        return "actor", f"/actors/{rng.choice(countries)}"
    if kind == "document":
        return "document", f"/documents/{rng.choice(docs)}"
    return "rivalries", f"/rivalries?window=year&date_from={year}-01-01&date_to={year}-12-31"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _rss_mb(pid: int) -> float | None:
    """Resident memory of a process (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _document_ids(db_path: str, n: int = 2000) -> list[str]:
    from lanner.store import Store

    with Store(db_path, read_only=True) as store:
        rows = store.con.execute(
            "SELECT id FROM documents ORDER BY hash(id) LIMIT ?", [n]
        ).fetchall()
    return [str(r[0]) for r in rows] or ["0000000000000000"]


def _wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        try:
            if httpx.get(base + "/openapi.json", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on {base} within {timeout:.0f} s")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _summary(latencies: list[float]) -> dict[str, float]:
    return {
        "requests": len(latencies),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p95_ms": round(_percentile(latencies, 95), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2) if latencies else float("nan"),
        "mean_ms": round(statistics.fmean(latencies), 2) if latencies else float("nan"),
    }


async def _drive(
    base: str,
    mix: list[tuple[str, str]] | None,
    clients: int,
    seconds: float,
    think: float,
    draw: Any = None,
    sent: set[str] | None = None,
) -> tuple[dict[str, list[float]], Counter[str]]:
    """Latencies (ms) of answered requests by mix entry, and a count of each outcome.

    ``mix`` is walked in turn; without it each request comes from ``draw()``.
    """
    latencies: dict[str, list[float]] = defaultdict(list)
    outcomes: Counter[str] = Counter()
    sent = sent if sent is not None else set()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as http:

        async def client(number: int) -> None:
            turn = number  # clients start at different points of the mix
            while time.monotonic() < deadline:
                label, path = mix[turn % len(mix)] if mix else draw()
                turn += 1
                sent.add(path)
                start = time.perf_counter()
                try:
                    response = await http.get(path)
                    await response.aread()
                    outcomes[str(response.status_code)] += 1
                except httpx.HTTPError as exc:
                    outcomes[type(exc).__name__] += 1
                    continue
                latencies[label].append((time.perf_counter() - start) * 1000)
                if think:
                    await asyncio.sleep(think)

        await asyncio.gather(*(client(i) for i in range(clients)))
    return latencies, outcomes


def run_load_test(
    db_path: str | Path,
    clients: int = 50,
    seconds: float = 60,
    *,
    paths: tuple[str, ...] = DASHBOARD_MIX,
    think_seconds: float = 0.0,
    startup_timeout: float = 120,
    mode: str = "random",
    seed: int = 15,
    workers: int = 1,
) -> dict[str, Any]:
    """Serve ``db_path`` on 127.0.0.1 and load it; see the module docstring for the result.

    ``think_seconds`` is a pause after each answer, as a person reading the page would
    take; 0 (the default) is the harshest load: every client always has a request open.
    ``mode`` is ``random`` (fresh parameters for every request) or ``fixed`` (``paths``).
    ``workers`` > 1 serves read-only from that many processes (``lanner serve --read-only
    --workers N``); 1 is the live single-process server ``lanner serve`` runs.
    """
    if clients < 1 or seconds <= 0 or think_seconds < 0 or mode not in MODES:
        raise ValueError("clients >= 1, seconds > 0, think_seconds >= 0, mode random or fixed")
    db = str(db_path)
    docs = _document_ids(db)
    rng = random.Random(seed)
    mix = (
        [(p, p.replace("{doc}", docs[i % len(docs)])) for i, p in enumerate(paths * 5)]
        if mode == "fixed"
        else None
    )
    sent: set[str] = set()
    port = _free_port()
    base = f"http://{LOOPBACK}:{port}"
    command = (
        [sys.executable, "-c", _WORKERS_SERVER, db, LOOPBACK, str(port), str(workers)]
        if workers > 1
        else [sys.executable, "-c", _SERVER, db, LOOPBACK, str(port)]
    )
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_up(base, server, startup_timeout)
        started = time.monotonic()
        latencies, outcomes = asyncio.run(
            _drive(base, mix, clients, seconds, think_seconds, lambda: random_path(rng, docs), sent)
        )
        elapsed = time.monotonic() - started
        rss_mb = _rss_mb(server.pid)
        for child in _children(server.pid):  # worker processes
            rss_mb = (rss_mb or 0.0) + (_rss_mb(child) or 0.0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr is not None:
            server.stderr.close()
    every = [ms for values in latencies.values() for ms in values]
    errors = sum(n for outcome, n in outcomes.items() if outcome != "200")
    return {
        "target": base,
        "mode": mode,
        "distinct_urls": len(sent),
        "distinct_url_share": round(len(sent) / max(1, sum(outcomes.values())), 3),
        "server_rss_mb": rss_mb,
        "clients": clients,
        "think_seconds": think_seconds,
        "seconds": round(elapsed, 1),
        "errors": errors,
        "outcomes": dict(outcomes),
        "requests_per_second": round(len(every) / elapsed, 1) if elapsed else 0.0,
        **_summary(every),
        "per_path": {path: _summary(values) for path, values in sorted(latencies.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="the store to serve")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="pause after each answer (s)")
    parser.add_argument("--mode", choices=MODES, default="random", help="request mix")
    parser.add_argument("--workers", type=int, default=1, help="read-only server processes")
    parser.add_argument(
        "--synthetic", type=int, metavar="N", help="first build a synthetic store of N events"
    )
    args = parser.parse_args(argv)
    if args.synthetic is not None:
        from lanner.store import make_synthetic_store

        if os.path.exists(args.db):
            parser.error(f"{args.db} exists; --synthetic builds a new store")
        make_synthetic_store(args.db, args.synthetic)
    result = run_load_test(
        args.db, clients=args.clients, seconds=args.seconds, think_seconds=args.think,
        mode=args.mode, workers=args.workers,
    )  # fmt: skip
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
