"""scripts/check_gold.py: the dev gold files pass, and broken copies are caught."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = REPO / "corpus" / "gold" / "dev"


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_gold", REPO / "scripts" / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


check_gold = _load_checker()


@pytest.fixture(scope="module")
def reference() -> Any:
    return check_gold.load_reference()


@pytest.fixture(scope="module")
def dev_article() -> dict[str, Any]:
    path = DEV / "dev-004.json"
    if not path.is_file():
        pytest.skip("dev gold file dev-004.json absent")
    article: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return article


def _errors_for(article: dict[str, Any], reference: Any, tmp_path: Path) -> list[str]:
    path = tmp_path / "dev" / f"{article['id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(article), encoding="utf-8")
    report, _ = check_gold.check_article(path, reference)
    return list(report.errors)


def test_gold_check_every_dev_file_passes(reference: Any) -> None:
    files = sorted(DEV.glob("*.json"))
    if not files:
        pytest.skip("no dev gold files")
    failures = {p.name: check_gold.check_article(p, reference)[0].errors for p in files}
    assert {name: errs for name, errs in failures.items() if errs} == {}


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(article: dict[str, Any]) -> None:
        node: Any = article
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


BROKEN = [
    ("sentence not in text", _set(("events", 0, "sentence"), "No such sentence."), "substring"),
    ("date shape vs precision", _set(("events", 0, "date"), "2024-08"), "does not match"),
    ("unknown PLOVER name", _set(("events", 0, "plover"), "FIGHT"), "16 PLOVER"),
    ("PLOVER not from CAMEO", _set(("events", 1, "plover"), "ASSAULT"), "maps to PLOVER"),
    ("lowercase country", _set(("events", 0, "source", "country"), "chn"), "alpha-3"),
    ("latitude out of range", _set(("events", 0, "location", "lat"), 123.0), "latitude"),
    ("asserted in the future", _set(("events", 0, "date"), "2030-01-01"), "after publication"),
    ("bad factuality", _set(("events", 0, "factuality"), "likely"), "factuality"),
    ("date without precision", _set(("events", 0, "date_precision"), None), "both"),
    ("missing field", lambda a: a["events"][0].pop("trigger"), "missing trigger"),
    ("non_event not in text", _set(("non_events", 0), "Invented line."), "non_event"),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_gold_check_reports_broken_field(
    case: str,
    mutate: Callable[[dict[str, Any]], None],
    expected: str,
    dev_article: dict[str, Any],
    reference: Any,
    tmp_path: Path,
) -> None:
    article = copy.deepcopy(dev_article)
    assert _errors_for(article, reference, tmp_path) == []
    mutate(article)
    errors = _errors_for(article, reference, tmp_path)
    assert any(expected in e for e in errors), (case, errors)


def test_gold_check_rejects_code_missing_from_codebook(
    dev_article: dict[str, Any], tmp_path: Path
) -> None:
    if not (SHARED / "data" / "cameo" / "cameo-codes.csv").is_file():
        pytest.skip("../shared CAMEO codebook absent")
    article = copy.deepcopy(dev_article)
    article["events"][0]["cameo"] = "1999"
    errors = _errors_for(article, check_gold.load_reference(), tmp_path)
    assert any("not in the CAMEO codebook" in e for e in errors), errors


def test_gold_check_plover_departure_allowed_when_note_explains(
    dev_article: dict[str, Any], reference: Any, tmp_path: Path
) -> None:
    article = copy.deepcopy(dev_article)
    article["events"][1]["plover"] = "PROTEST"
    article["events"][1]["note"] = "PLOVER PROTEST chosen deliberately: a public demonstration"
    assert _errors_for(article, reference, tmp_path) == []
