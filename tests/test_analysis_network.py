"""Actor network: edges weighted by events and Goldstein, centrality, filters."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from lanner.analysis import actor_network, pagerank
from lanner.errors import LannerError
from lanner.events import cameo
from test_analysis_fakes import Doc, Ev, build_store, open_store

ACTORS = ["CHNGOV", "CHNMIL", "RUSGOV", "RUSMIL", "TJKGOV", "KGZGOV", "USAGOV", "NATO"]
CODES = ["036", "057", "061", "071", "111", "130", "173", "190", "193"]


def _specs() -> list[Ev]:
    rng = random.Random(5)
    day = date(2024, 1, 1)
    specs = []
    for i in range(80):
        day += timedelta(days=2)
        src, tgt = rng.sample(ACTORS, 2)
        specs.append(Ev(f"{src} did{i} to {tgt}.", src, tgt, rng.choice(CODES), day.isoformat()))
    # a domestic event, left out unless asked for
    specs.append(Ev("CHNGOV praised CHNMIL.", "CHNGOV", "CHNMIL", "051", "2024-01-02"))
    return specs


def store_docs() -> list[Doc]:
    """The documents of this module's store (the ``store_path`` fixture of conftest.py)."""
    specs = _specs()
    return [Doc(specs[i : i + 4]) for i in range(0, len(specs), 4)]


def _node(code: str, level: str) -> str:
    if code == "NATO":
        return "NATO"
    return code[:3] if level == "country" else code


def _expected(
    level: str, quads: set[int] | None, sectors: set[str] | None
) -> dict[tuple[str, str], list[float]]:
    edges: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for ev in _specs():
        info = cameo(ev.cameo)
        if quads and info.quad_class not in quads:
            continue
        if sectors and not ({ev.src[3:], ev.tgt[3:]} & sectors):
            continue
        key = (_node(ev.src, level), _node(ev.tgt, level))
        if key[0] == key[1]:
            continue
        edges[key][0] += 1
        edges[key][1] += info.goldstein
    return edges


@pytest.mark.parametrize(
    ("level", "quads", "sectors"),
    [
        ("country", None, None),
        ("sector", None, None),
        ("country", {4}, None),
        ("country", {1, 2}, {"MIL"}),
    ],
)
def test_analysis_network_edges_count_events_and_sum_goldstein(
    store_path: str, level: str, quads: set[int] | None, sectors: set[str] | None
) -> None:
    expected = _expected(level, quads, sectors)
    with open_store(store_path) as store:
        graph = actor_network(store.con, level=level, quad_classes=quads, sectors=sectors)
    got = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert set(got) == set(expected)
    for key, (count, goldstein) in expected.items():
        assert got[key]["events"] == count
        assert got[key]["goldstein"] == pytest.approx(goldstein, abs=1e-3)
    nodes = {n["id"]: n for n in graph["nodes"]}
    for name, node in nodes.items():
        assert node["out_weight"] == sum(c for (s, _), (c, _) in expected.items() if s == name)
        assert node["in_weight"] == sum(c for (_, t), (c, _) in expected.items() if t == name)
        assert node["degree"] == len(
            {t for s, t in expected if s == name} | {s for s, t in expected if t == name}
        )
    assert sum(n["pagerank"] for n in graph["nodes"]) == pytest.approx(1.0, abs=1e-4)


def test_analysis_network_domestic_events_become_self_loops_only_on_request(
    store_path: str,
) -> None:
    with open_store(store_path) as store:
        without = actor_network(store.con)
        with_domestic = actor_network(store.con, include_domestic=True)
    loops = {e["source"]: e["events"] for e in with_domestic["edges"] if e["source"] == e["target"]}
    expected: dict[str, int] = defaultdict(int)
    for ev in _specs():
        if _node(ev.src, "country") == _node(ev.tgt, "country"):
            expected[ev.src[:3]] += 1
    assert loops == expected and "CHN" in loops
    assert not [e for e in without["edges"] if e["source"] == e["target"]]


def test_analysis_network_max_nodes_keeps_the_busiest(store_path: str) -> None:
    with open_store(store_path) as store:
        graph = actor_network(store.con, max_nodes=3)
    activity: dict[str, int] = defaultdict(int)
    for (s, t), (count, _) in _expected("country", None, None).items():
        activity[s] += int(count)
        activity[t] += int(count)
    busiest = sorted(activity, key=lambda k: (-activity[k], k))[:3]
    assert {n["id"] for n in graph["nodes"]} == set(busiest)
    assert all(e["source"] in busiest and e["target"] in busiest for e in graph["edges"])


@pytest.mark.parametrize(
    "edges",
    [
        {("a", "b"): 1.0, ("b", "a"): 1.0},
        {("a", "b"): 3.0, ("c", "b"): 1.0, ("b", "c"): 2.0},
        {("a", "b"): 1.0, ("b", "c"): 1.0, ("c", "a"): 1.0, ("d", "a"): 5.0},
    ],
)
def test_analysis_network_pagerank_is_the_fixed_point(edges: dict[tuple[str, str], float]) -> None:
    nodes = {n for e in edges for n in e}
    rank = pagerank(nodes, edges)
    out_total = {n: sum(w for (s, _), w in edges.items() if s == n) for n in nodes}
    dangling = sum(rank[n] for n in nodes if out_total[n] == 0)
    for n in nodes:
        inflow = sum(rank[s] * w / out_total[s] for (s, t), w in edges.items() if t == n)
        assert rank[n] == pytest.approx(
            0.15 / len(nodes) + 0.85 * (inflow + dangling / len(nodes)), abs=1e-8
        )
    assert sum(rank.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"level": "city"}, "level"),
        ({"quad_classes": [5]}, "quad_class"),
        ({"sectors": ["M IL"]}, "sector"),
    ],
)
def test_analysis_network_bad_parameters_raise_coded_errors(
    store_path: str, kwargs: dict[str, object], name: str
) -> None:
    with open_store(store_path) as store, pytest.raises(LannerError) as info:
        actor_network(store.con, **kwargs)  # type: ignore[arg-type]
    assert (info.value.code, info.value.fields["name"]) == ("E601", name)


@pytest.mark.parametrize("factuality", ["asserted", "intended", "negated"])
def test_analysis_network_follows_a_factuality_filter(tmp_path: Path, factuality: str) -> None:
    specs = [
        Ev("China aided Tajikistan.", "CHNGOV", "TJKGOV", "071", "2024-02-01"),
        Ev("China will aid Tajikistan.", "CHNGOV", "TJKGOV", "0331", "2024-02-03", "intended"),
        Ev("China did not attack Tajikistan.", "CHNGOV", "TJKGOV", "190", "2024-02-05", "negated"),
    ]
    path = build_store(tmp_path / "f.duckdb", [Doc(specs)])
    with open_store(path) as store:
        graph = actor_network(store.con, factuality=factuality)
        everything = actor_network(store.con)
    want = sum(1 for ev in specs if ev.factuality == factuality)
    assert [e["events"] for e in graph["edges"]] == [want]
    assert everything["edges"][0]["events"] == len(specs)
