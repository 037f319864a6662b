"""``bench_geo()``: the numbers ``lanner bench`` reports for the geo stage.

Targets from issue 4: gazetteer load <= 2 s, >= 5,000 resolutions/s on one core after load,
resident memory <= 500 MB. The load is timed in a fresh child process, because in this
process the gazetteer may already be cached.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from typing import Any

__all__ = ["bench_geo"]

# A made-up wire report: ambiguous names with context, countries, a region.
_SAMPLE = (
    "Officials in Paris and Lyon met their counterparts from Georgia in Tbilisi before "
    "flying to Bishkek, Dushanbe and Almaty. Later talks in Washington, London and Cairo "
    "covered Central Asia, the Sahel and the Horn of Africa, with stops in Springfield, "
    "Portland and Alexandria, Va."
)
_NAMES = [
    "Paris", "Lyon", "Georgia", "Tbilisi", "Bishkek", "Dushanbe", "Almaty", "Washington",
    "London", "Cairo", "Central Asia", "Sahel", "Horn of Africa", "Springfield", "Portland",
    "Alexandria",
]  # fmt: skip

# Times are CPU seconds of one process (what "on one core" means), so a busy machine
# shared with other jobs does not distort them; the wall-clock load time is reported too.
_CHILD = (
    "import time, resource; t = time.perf_counter(); c = time.process_time();"
    "from lanner.geo.gazetteer import get_gazetteer; get_gazetteer();"
    "print(time.perf_counter() - t, time.process_time() - c,"
    " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def _spans() -> list[tuple[int, int]]:
    spans, pos = [], 0
    for name in _NAMES:
        start = _SAMPLE.index(name, pos)
        spans.append((start, start + len(name)))
        pos = start + len(name)
    return spans


def bench_geo(seconds: float = 2.0) -> dict[str, Any]:
    """{"load_s", "load_wall_s", "load_rss_mb", "resolutions_per_s", "rss_mb"} for the geo
    stage (CPU seconds and resolutions per CPU second on one core)."""
    from lanner.geo import resolve
    from lanner.geo.gazetteer import get_gazetteer

    get_gazetteer()  # make sure the cache exists before timing a cold load
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, check=False
    )
    try:
        wall_s, load_s, rss_kb = (float(v) for v in out.stdout.split())
    except ValueError:
        wall_s, load_s, rss_kb = float("nan"), float("nan"), float("nan")
    spans = _spans()
    done, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        resolve(_SAMPLE, spans)
        done += len(spans)
    rate = done / (time.process_time() - start)
    return {
        "load_s": round(load_s, 3),
        "load_wall_s": round(wall_s, 3),
        "load_rss_mb": round(rss_kb / 1024, 1),
        "resolutions_per_s": round(rate),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
