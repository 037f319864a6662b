"""Command-line entry for the bounded loopback load test (``lanner.api.loadtest``).

python fuzz/load_test.py STORE.duckdb --clients 50 --seconds 60
python fuzz/load_test.py /tmp/load.duckdb --synthetic 1000000
"""

from __future__ import annotations

import sys

from lanner.api.loadtest import DASHBOARD_MIX, main, run_load_test

__all__ = ["DASHBOARD_MIX", "main", "run_load_test"]

if __name__ == "__main__":
    sys.exit(main())
