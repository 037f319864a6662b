"""No SQL is built from user text: a source scan, and injection payloads treated as values.

The scan reads ``src/lanner/store``, ``src/lanner/api`` and ``src/lanner/analysis`` and
finds every f-string, ``.format()``, ``%`` or ``+`` that builds text containing SQL. Each
interpolated expression must be in ``STRUCTURAL`` below: table names from the schema's
constants, WHERE clauses assembled from fixed fragments with ``?`` placeholders, lists of
``?`` marks, and literal lists from module constants. A new interpolation fails the test
until someone has checked that no caller's text reaches it and listed it here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lanner.analysis.common import fetch_dicts
from lanner.errors import LannerError
from lanner.store import EventFilter, Store
from test_store_fakes import fake_code_document, make_corpus

SRC = Path(__file__).resolve().parents[1] / "src" / "lanner"
SCANNED = ("store", "api", "analysis")
SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|DELETE|UPDATE|WHERE|FROM|JOIN|ORDER BY|GROUP BY|VALUES|CREATE|DROP|"
    r"ALTER|LIMIT|ILIKE|LIKE)\b"
)

# (file under src/lanner, interpolated expression) -> why it cannot carry a caller's text.
_TABLES = "a table name or key column from schema.TABLES / fixed tuples"
_WHERE = "a WHERE clause joined from fixed fragments holding ? placeholders"
_MARKS = "a run of ?, ?, ? placeholders, one per bound value"
_CONSTANT = "a literal list or expression built from module constants"
_FRAGMENT = "a fixed SQL fragment chosen from a dict by a validated parameter"
STRUCTURAL: dict[tuple[str, str], str] = {
    ("analysis/alerts.py", "place"): _FRAGMENT,
    ("analysis/common.py", "side"): "'source' or 'target', from the callers' literals",
    ("analysis/installations.py", "' AND '.join(where)"): _WHERE,
    ("analysis/network.py", "' AND '.join(where)"): _WHERE,
    ("analysis/network.py", "src"): _FRAGMENT,
    ("analysis/network.py", "tgt"): _FRAGMENT,
    ("analysis/rivalries.py", "_WINDOW_SQL[window]"): _FRAGMENT,
    ("analysis/rivalries.py", "where_sql"): _WHERE,
    ("analysis/rivalries.py", "' AND '.join(where)"): _WHERE,
    ("analysis/rivalries.py", "period"): _FRAGMENT,
    ("analysis/rivalries.py", "named"): _WHERE + ", its ? numbered $w0, $w1, ...",
    ("analysis/rivalries.py", "fights_sql"): _WHERE + ", its ? numbered $f0, $f1",
    ("analysis/rivalries.py", "counts=counts"): "the counts query built above from fragments",
    ("analysis/rivalries.py", "fights=fights"): "the conflicts query built above from fragments",
    ("analysis/rivalries.py", "label=label"): _CONSTANT,
    ("analysis/search.py", "_SORT_DATE"): _CONSTANT,
    ("analysis/search.py", "forward"): _WHERE,
    ("analysis/search.py", "inner_limit"): "'ORDER BY ... LIMIT ?' or empty",
    ("analysis/search.py", "mine"): _WHERE,
    ("analysis/search.py", "other"): _WHERE,
    ("analysis/search.py", "outer"): _WHERE,
    ("analysis/search.py", "side_clause('source')"): _WHERE,
    ("analysis/search.py", "side_clause('target')"): _WHERE,
    ("analysis/search.py", "src"): _WHERE,
    ("analysis/search.py", "tgt"): _WHERE,
    ("analysis/search.py", "where"): _WHERE,
    ("analysis/search.py", "f"): "a column name from a fixed tuple of searched fields",
    ("analysis/search.py", "marks"): _MARKS,
    ("analysis/search.py", "', '.join('?' * len(doc_ids))"): _MARKS,
    ("api/pages.py", "f"): "a column name or expression from a fixed tuple of searched fields",
    ("api/pages.py", "where"): _WHERE,
    ("api/pages.py", "named_where"): _WHERE + ", its ? numbered $w0, $w1, ...",
    ("api/pages.py", "_ORDER"): _CONSTANT,
    ("api/pages.py", "_EXACT.replace('?', '$pattern')"): _CONSTANT + " (named placeholder)",
    ("api/pages.py", "_OWN_TEXT.replace('?', '$pattern')"): _CONSTANT + " (named placeholder)",
    ("analysis/series.py", "' AND '.join(where)"): _WHERE,
    ("analysis/series.py", "backward"): _WHERE,
    ("analysis/series.py", "forward"): _WHERE,
    ("analysis/series.py", "side_clause('source')"): _WHERE,
    ("analysis/series.py", "side_clause('target')"): _WHERE,
    ("analysis/stories.py", "' AND '.join(where)"): _WHERE,
    ("store/database.py", "key"): _TABLES,
    ("store/database.py", "table"): _TABLES,
    ("store/export.py", "columns"): "column names read from the store's own schema",
    ("store/export.py", "key"): _TABLES,
    ("store/export.py", "table"): _TABLES,
    ("store/export.py", "where"): _WHERE,
    ("store/export.py", "where=where"): _WHERE,
    ("store/query.py", "marks"): _MARKS,
    ("store/query.py", "where"): _WHERE,
    ("store/synthetic.py", "codes"): _CONSTANT,
    ("store/synthetic.py", "countries"): _CONSTANT,
    ("store/synthetic.py", "events_per_document"): "an int argument (benchmarks only)",
    ("store/synthetic.py", "golds"): _CONSTANT,
    ("store/synthetic.py", "nc"): _CONSTANT,
    ("store/synthetic.py", "nk"): _CONSTANT,
    ("store/synthetic.py", "ns"): _CONSTANT,
    ("store/synthetic.py", "plovers"): _CONSTANT,
    ("store/synthetic.py", "quads"): _CONSTANT,
    ("store/synthetic.py", "sectors"): _CONSTANT,
    ("store/synthetic.py", "table"): _TABLES,
    ("store/writer.py", "', '.join([one] * len(rows))"): _MARKS,
    ("store/writer.py", "', '.join([one] * len(wanted))"): _MARKS,
    ("store/writer.py", "marks"): _MARKS,
    ("store/writer.py", "table"): _TABLES,
    ("store/writer.py", "verb"): "'INSERT' or 'INSERT OR REPLACE', literals",
}


def _literal_text(node: ast.AST) -> str:
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def _is_sql(node: ast.AST, constants: dict[str, str]) -> bool:
    text = _literal_text(node)
    if isinstance(node, ast.Name):
        text = constants.get(node.id, "")
    return bool(SQL_WORDS.search(text))


def sql_interpolations(source: str) -> list[tuple[int, str, str]]:
    """(line, how, expression) for every dynamic part of SQL text built in ``source``."""
    tree = ast.parse(source)
    constants = {  # module-level SQL templates, e.g. _EVENTS_WITH_CONTEXT = "SELECT ..."
        t.id: _literal_text(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and _is_sql(node, constants):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    found.append((node.lineno, "f-string", ast.unparse(value.value)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _is_sql(node.func.value, constants)
        ):
            for arg in node.args:
                found.append((node.lineno, "format", ast.unparse(arg)))
            for keyword in node.keywords:
                found.append((node.lineno, "format", f"{keyword.arg}={ast.unparse(keyword.value)}"))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
            parts = (node.left, node.right)
            if any(_is_sql(p, constants) for p in parts):
                for part in parts:
                    if not _literal_text(part) and not isinstance(part, ast.JoinedStr | ast.BinOp):
                        found.append((node.lineno, "operator", ast.unparse(part)))
    return found


def scanned_files() -> list[Path]:
    return sorted(p for folder in SCANNED for p in (SRC / folder).rglob("*.py"))


def test_security_sql_scan_finds_interpolation_it_is_shown() -> None:
    """The scanner itself: it must catch the ways SQL gets built from strings."""
    bad = """
def f(con, name, q):
    con.execute(f"SELECT * FROM events WHERE source_code = '{name}'")
    con.execute("SELECT * FROM events WHERE id = '%s'" % q)
    con.execute("DELETE FROM events WHERE id = {}".format(q))
    con.execute("SELECT * FROM events WHERE id = '" + q + "'")
"""
    found = {expr for _, _, expr in sql_interpolations(bad)}
    assert found == {"name", "q"}
    assert len(sql_interpolations(bad)) == 4
    assert sql_interpolations('con.execute("SELECT ? FROM t", [q])\nx = f"{q} people"') == []


def test_security_no_sql_is_built_from_caller_text() -> None:
    files = scanned_files()
    assert len(files) > 10
    unreviewed = []
    for path in files:
        rel = path.relative_to(SRC).as_posix()
        for line, how, expr in sql_interpolations(path.read_text(encoding="utf-8")):
            if (rel, expr) not in STRUCTURAL:
                unreviewed.append(f"{rel}:{line}: {how} interpolates {expr!r}")
    assert not unreviewed, "SQL built from an unreviewed expression:\n" + "\n".join(unreviewed)


# -- payloads as values -------------------------------------------------------------------

INJECTIONS = [
    "'; DROP TABLE events; --",
    "' OR '1'='1",
    "1 OR 1=1",
    "RUS' UNION SELECT text FROM documents --",
    "\\'; DELETE FROM documents; --",
    "%",
    "RUS\x00",
    "ATTACH '/tmp/x.db' AS x",
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "s.duckdb"
    with Store(path, coder=fake_code_document) as store:
        store.ingest(make_corpus(12))
    return path


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize(
    "field", ["date_from", "date_to", "country", "actor", "cameo", "plover_event", "factuality"]
)
def test_security_injection_in_store_filters_is_refused_with_e507(
    store_path: Path, field: str, payload: str
) -> None:
    with Store(store_path, read_only=True) as store:
        before = store.table_checksums()
        with pytest.raises(LannerError) as info:
            store.query_events(EventFilter(**{field: payload}), limit=10)
        # dates go through the one date check (E109), every other filter through E507
        assert info.value.code == ("E109" if field.startswith("date") else "E507")
        assert store.table_checksums() == before


@pytest.mark.parametrize("payload", INJECTIONS)
def test_security_injection_as_ids_finds_nothing_and_changes_nothing(
    store_path: Path, payload: str
) -> None:
    with Store(store_path, read_only=True) as store:
        before = store.table_checksums()
        assert store.mentions(payload) == []
        rows = fetch_dicts(store.con, "SELECT id FROM documents WHERE id = ?", [payload])
        assert rows == []
        assert store.table_checksums() == before
