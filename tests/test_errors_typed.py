"""Typed errors: each stage's codes raise that stage's class, `except LannerError` still catches
them all, and a bad YYYY-MM-DD date is E109 wherever it is given."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import lanner
from lanner.analysis.common import check_date
from lanner.cli import main
from lanner.dates.iso import check_iso_date
from lanner.errors import (
    CATALOGUE,
    ActorError,
    ApiError,
    EventError,
    GeoError,
    InputError,
    LannerError,
    ScaleError,
    StoreError,
)
from lanner.ingest.published import validate_published
from lanner.store import EventFilter, Store

# The ranges of the catalogue's module docstring, one class per stage.
STAGE_OF_RANGE = {
    "E1": InputError,
    "E2": ActorError,
    "E3": EventError,
    "E4": GeoError,
    "E5": StoreError,
    "E6": ApiError,
    "E7": ScaleError,
}


@pytest.mark.parametrize("code", sorted(c for c in CATALOGUE if c.startswith("E")))
def test_errors_every_code_raises_its_stage_class(code: str) -> None:
    with pytest.raises(LannerError) as info:
        raise LannerError(code, path="p", reason="r")
    assert type(info.value) is STAGE_OF_RANGE[code[:2]]
    assert info.value.code == code
    assert info.value.to_dict()["code"] == code


@pytest.mark.parametrize("cls", sorted(set(STAGE_OF_RANGE.values()), key=lambda c: c.__name__))
def test_errors_stage_classes_are_exported(cls: type[LannerError]) -> None:
    assert getattr(lanner, cls.__name__) is cls
    assert issubclass(cls, LannerError)


def test_errors_a_stage_class_does_not_catch_another_stage() -> None:
    with pytest.raises(InputError):
        try:
            raise LannerError("E104", path="a.txt")
        except StoreError:  # pragma: no cover - must not match
            pytest.fail("an ingest error was caught as a store error")


def test_errors_survive_pickling_with_code_and_fields() -> None:
    error = LannerError("E501", path="s.duckdb", holder="pid 7")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.code, copy.fields, str(copy)) == (
        StoreError,
        "E501",
        error.fields,
        str(error),
    )


def test_errors_store_failure_is_caught_as_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a DuckDB database file" * 100)
    with pytest.raises(StoreError) as info:
        Store(junk)
    assert info.value.code == "E505"


def _filter_date(value: str) -> object:
    return EventFilter(date_from=value).validate()


@pytest.mark.parametrize(
    "check",
    [
        lambda v: check_iso_date(v, "date"),
        lambda v: validate_published(v),
        _filter_date,
        lambda v: check_date("date_from", v),
    ],
    ids=["dates.iso", "ingest.published", "store.filter", "analysis.check_date"],
)
@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "24-01-01", "1799-12-31", "May 1"])
def test_errors_bad_date_is_e109_everywhere(check: object, value: str) -> None:
    with pytest.raises(InputError) as info:
        check(value)  # type: ignore[operator]
    assert info.value.code == "E109"


@pytest.mark.parametrize("value", ["2024-02-29", "1800-01-01", "2200-12-31"])
def test_errors_good_date_passes_the_one_check(value: str) -> None:
    assert check_iso_date(value).isoformat() == value
    assert validate_published(value) == value
    assert check_date("date_from", value) == check_iso_date(value)


def test_errors_cli_bad_published_is_e109(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "-", "--published", "2024-02-30", "--no-geo"]) == 1
    assert capsys.readouterr().err.startswith("E109: ")
