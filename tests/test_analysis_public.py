"""The public API of lanner.analysis and lanner.api is explicit and complete."""

from __future__ import annotations

import importlib

import pytest

MODULES = {
    "lanner.analysis": [
        "lanner.analysis.alerts",
        "lanner.analysis.installations",
        "lanner.analysis.names",
        "lanner.analysis.network",
        "lanner.analysis.rivalries",
        "lanner.analysis.search",
        "lanner.analysis.series",
        "lanner.analysis.stories",
    ],
    "lanner.api": ["lanner.api.bench"],
}


@pytest.mark.parametrize("package", sorted(MODULES))
def test_analysis_public_all_names_exist(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.{name}"
    assert sorted(module.__all__) == sorted(set(module.__all__))


@pytest.mark.parametrize(
    ("package", "submodule"), [(p, s) for p, subs in MODULES.items() for s in subs]
)
def test_analysis_public_functions_of_submodules_are_exported(package: str, submodule: str) -> None:
    exported = set(importlib.import_module(package).__all__)
    sub = importlib.import_module(submodule)
    functions = {n for n in sub.__all__ if callable(getattr(sub, n)) and not n.isupper()}
    # country_words is a helper table for installations, not an analysis
    missing = {n for n in functions if n not in exported and n != "country_words"}
    assert not missing, f"{submodule} exports {missing} but {package} does not"
