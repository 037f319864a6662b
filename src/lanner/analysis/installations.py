"""Foreign security installations and facilities, read off coded events and their sentences.

An *installation* is a base, outpost, border post, centre (a counter-terrorism or training
centre), radar site, facility, embassy or consulate that one country (the owner) has in
another (the host). Lanner finds them in the sentences of stored events. The rules, in
the order they apply (also in ``docs/analysis.md``):

1. **Kind.** The event's sentence names an installation (``KINDS``). A bare "base" counts
   only with a military qualifier (air, naval, military...) or a country adjective before
   it, so "customer base" does not.
2. **Owner.** The country adjective or possessive right before the noun ("the Chinese
   embassy", "Russia's base") names the owner. Otherwise: for an attack (CAMEO 18x/19x/20x)
   the event's target, since the coder codes an attacked embassy as its country's
   government; for any other event the event's source (who builds, funds, provides,
   opens, keeps or closes it).
3. **Host.** The country of the event's place; else a country named after "in" in the
   sentence; else the event's target when it is not the owner. Installations whose owner
   is unknown or equals the host are left out: they are not foreign.
4. **Status**, from the event and cue words in its sentence, first match wins:
   attacked (CAMEO 18x/19x/20x) > closed (closed, shut, withdrew, evacuated, dismantled;
   asserted events only) > under construction (construction began, being built, building,
   broke ground) > planned (intended or hypothetical events, or plan, agreed to,
   announced, will/would/to build) > operating (opened, operates, keeps, based,
   stationed, hosts, built, completed, or any other asserted event). Negated events
   ("did not open") say nothing about an installation and are skipped.
5. **Grouping.** Mentions with the same owner, host and kind are one installation when
   their places lie within ``radius_km`` (default 50 km) of the installation's first
   placed mention; unplaced mentions join the only installation of their key, or one
   of their own. The current status is that of the latest dated evidence.
"""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import date
from typing import Any

import duckdb

from lanner.analysis.common import check_range, distance_km, fetch_dicts, iso

__all__ = ["KINDS", "STATUSES", "country_words", "find_installations", "installation_mentions"]

STATUSES = ("planned", "under construction", "operating", "attacked", "closed")
# Later in this tuple wins when two pieces of evidence share a date.
_STATUS_RANK = {"planned": 0, "under construction": 1, "operating": 2, "attacked": 3, "closed": 4}

_MIL_QUALIFIER = (
    r"(?:military|air|naval|navy|army|air force|drone|missile|logistics|logistical|submarine"
    r"|training|forward|rocket|marine|airborne)"
)
# (kind, pattern). Order matters: the first kind found in a sentence names the installation.
KINDS: tuple[tuple[str, str], ...] = (
    ("embassy", r"\bembass(?:y|ies)\b"),
    ("consulate", r"\bconsulates?(?:[- ]general)?\b"),
    ("border post", r"\bborder (?:posts?|outposts?|checkpoints?|guard posts?|stations?)\b"),
    ("radar", r"\bradar(?: stations?| sites?| installations?| facilit(?:y|ies))?\b"),
    (
        "centre",
        r"\b(?:counter-?terrorism|anti-?terrorism|training|military|logistics|intelligence"
        r"|surveillance|security|command|monitoring) (?:centre|center)s?\b",
    ),
    ("outpost", r"\boutposts?\b"),
    ("base", rf"\b(?:{_MIL_QUALIFIER} bases?|airbases?)\b"),
    ("base", r"\bbases?\b"),  # only with a country adjective before it, see _owner_word
    ("facility", r"\b(?:military|security|defen[cs]e) facilit(?:y|ies)\b"),
)
_ANY_KIND = "|".join(pattern for _, pattern in KINDS)

_ATTACK_ROOTS = ("18", "19", "20")
_CLOSED = re.compile(
    r"\b(?:clos(?:e|ed|es|ing|ure)|shut(?:s|ting)?(?: down)?|withdr(?:ew|awn|aw|awing|awal)"
    r"|evacuat(?:e|ed|ing)|dismantl(?:e|ed|ing)|vacat(?:e|ed)|pull(?:ed)? out)\b"
)
_BUILDING = re.compile(
    r"\b(?:construction (?:began|begins|started|starts|of|is under ?way|work)|under construction"
    r"|being built|building|constructing|broke ground|laid the foundation)\b"
)
_PLANNED = re.compile(
    r"\b(?:plans?|planned|planning|intends?|intended|agreed to|agree to|announced|proposed?"
    r"|proposal|pledged?|offered|offers?|will (?:build|open|set up|establish|construct|deploy)"
    r"|would (?:build|open|set up|establish|construct)|to (?:build|open|set up|establish|construct))\b"
)


@functools.cache
def country_words() -> dict[str, str]:
    """Lower-cased country names, aliases and adjectives -> ISO3, from the actor lexicon data."""
    from importlib.resources import files

    import yaml

    try:
        text = files("lanner.actors").joinpath("data/countries.yaml").read_text(encoding="utf-8")
        entries = (yaml.safe_load(text) or {}).get("countries") or []
    except (OSError, ModuleNotFoundError, yaml.YAMLError):
        entries = []
    out: dict[str, str] = {}
    for entry in entries:
        iso3 = entry.get("iso3")
        for key in ("name", "aliases", "adjectives", "demonyms"):
            values = entry.get(key) or []
            for value in [values] if isinstance(values, str) else values:
                if isinstance(value, str) and iso3:
                    out.setdefault(value.lower(), iso3)
    return out


@functools.cache
def _country_pattern() -> re.Pattern[str]:
    words = sorted(country_words(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")(?:'s|’s)?\b")


# Words that may stand between a country word and the installation noun inside one noun
# phrase ("the Chinese-funded new border post", "Russia's 201st base"); a verb between them
# ("Kyrgyzstan attacked a border post") means the country is not the owner.
_PHRASE_FILLERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "new",
        "former",
        "main",
        "old",
        "joint",
        "secret",
        "planned",
        "proposed",
        "large",
        "big",
        "small",
        "military",
        "air",
        "naval",
        "navy",
        "army",
        "drone",
        "missile",
        "logistics",
        "training",
        "forward",
        "rocket",
        "marine",
        "airborne",
        "border",
        "security",
        "radar",
        "counter-terrorism",
        "anti-terrorism",
    ]
)
_FILLER_WORD = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|-\w+)$")


def _owner_word(sentence: str, start: int) -> str | None:
    """The country named by an adjective or possessive in the noun phrase ending at ``start``."""
    before = sentence[max(0, start - 60) : start].lower()
    found = None
    for match in _country_pattern().finditer(before):
        gap = before[match.end() :].split()
        if len(gap) <= 3 and all(w in _PHRASE_FILLERS or _FILLER_WORD.match(w) for w in gap):
            found = country_words()[match.group(1)]
    return found


def _host_word(sentence: str) -> str | None:
    for match in re.finditer(r"\bin (?:the )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})", sentence):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            iso3 = country_words().get(" ".join(words[:n]).lower())
            if iso3:
                return iso3
    return None


def _kind(sentence: str) -> tuple[str, int] | None:
    lowered = sentence.lower()
    for kind, pattern in KINDS:
        for match in re.finditer(pattern, lowered):
            if pattern == r"\bbases?\b" and _owner_word(sentence, match.start()) is None:
                continue
            return kind, match.start()
    return None


def _status(row: dict[str, Any], sentence: str) -> str | None:
    lowered = sentence.lower()
    factuality = row["factuality"]
    if factuality == "negated":
        return None
    if row["cameo"][:2] in _ATTACK_ROOTS:
        return "attacked"
    if _CLOSED.search(lowered):
        return "closed" if factuality == "asserted" else "operating"
    if _BUILDING.search(lowered):
        return "under construction"
    if factuality in ("intended", "hypothetical") or _PLANNED.search(lowered):
        return "planned"
    return "operating"


def installation_mentions(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
) -> list[dict[str, Any]]:
    """Every event mention whose sentence names a foreign installation, with the rules applied."""
    start, end = check_range(date_from, date_to)
    where: list[str] = ["regexp_matches(lower(s.sentence), ?)"]
    params: list[Any] = [_ANY_KIND]
    if start:
        where.append("s.date >= ?")
        params.append(start)
    if end:
        where.append("s.date <= ?")
        params.append(end)
    rows = fetch_dicts(
        con,
        f"""
        SELECT * FROM (
            SELECT m.id AS mention_id, m.event_id, m.doc_id, m.factuality, m.trigger_text,
                   m.sentence_start, m.sentence_end, m.trigger_start, m.trigger_end,
                   substring(d.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
                       AS sentence,
                   e.cameo, e.date, e.source_code, e.source_country, e.target_code,
                   e.target_country, e.location_name, e.location_country, e.lat, e.lon
            -- documents first: few name an installation, and each holds many mentions
            FROM (SELECT id, text FROM documents WHERE regexp_matches(lower(text), ?)) d
            JOIN mentions m ON m.doc_id = d.id
            JOIN events e ON e.id = m.event_id
        ) s
        WHERE {" AND ".join(where)}
        ORDER BY s.date NULLS LAST, s.event_id, s.mention_id
        """,
        [_ANY_KIND, *params],
    )
    out: list[dict[str, Any]] = []
    for row in rows:
        sentence = row["sentence"] or ""
        found = _kind(sentence)
        if found is None:
            continue
        kind, at = found
        status = _status(row, sentence)
        if status is None:
            continue
        attacked = status == "attacked"
        owner = _owner_word(sentence, at) or (
            row["target_country"] if attacked else row["source_country"]
        )
        host = row["location_country"] or _host_word(sentence)
        if host is None and not attacked and row["target_country"] != owner:
            host = row["target_country"]
        if owner is None or owner == host:
            continue
        out.append(
            {
                "event_id": row["event_id"],
                "mention_id": row["mention_id"],
                "doc_id": row["doc_id"],
                "date": iso(row["date"]),
                "cameo": row["cameo"],
                "factuality": row["factuality"],
                "kind": kind,
                "owner": owner,
                "host": host,
                "status": status,
                "place": row["location_name"],
                "lat": row["lat"],
                "lon": row["lon"],
                "sentence": sentence,
                "sentence_start": row["sentence_start"],
                "sentence_end": row["sentence_end"],
                "trigger": row["trigger_text"],
            }
        )
    return out


def _installation_id(owner: str, host: str | None, kind: str, anchor: str) -> str:
    return hashlib.sha256(f"{owner}|{host}|{kind}|{anchor}".encode()).hexdigest()[:12]


def find_installations(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    owner: str | None = None,
    host: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    radius_km: float = 50.0,
) -> list[dict[str, Any]]:
    """Installations grouped from :func:`installation_mentions`, each with its evidence.

    ``owner``, ``host``, ``kind`` and ``status`` (the current status) filter the result.
    """
    mentions = installation_mentions(con, date_from=date_from, date_to=date_to)
    groups: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    # Placed mentions first, so each cluster is anchored on a point.
    ordered = sorted(
        mentions, key=lambda m: (m["lat"] is None, m["date"] or "9999", m["mention_id"])
    )
    for mention in ordered:
        clusters = groups.setdefault((mention["owner"], mention["host"], mention["kind"]), [])
        target = None
        if mention["lat"] is not None and mention["lon"] is not None:
            for cluster in clusters:
                if cluster["lat"] is not None and (
                    distance_km(cluster["lat"], cluster["lon"], mention["lat"], mention["lon"])
                    <= radius_km
                ):
                    target = cluster
                    break
        elif len(clusters) == 1 or (clusters and clusters[-1]["lat"] is None):
            target = clusters[0] if len(clusters) == 1 else clusters[-1]
        if target is None:
            target = {
                "owner": mention["owner"],
                "host": mention["host"],
                "kind": mention["kind"],
                "place": mention["place"],
                "lat": mention["lat"],
                "lon": mention["lon"],
                "evidence": [],
            }
            clusters.append(target)
        target["evidence"].append(mention)
    out: list[dict[str, Any]] = []
    for clusters in groups.values():
        for cluster in clusters:
            evidence = sorted(
                cluster["evidence"],
                key=lambda m: (m["date"] or "", _STATUS_RANK[m["status"]], m["mention_id"]),
            )
            dated = [m for m in evidence if m["date"]] or evidence
            current = dated[-1]["status"]
            by_status: dict[str, list[str]] = {}
            for m in evidence:
                ids = by_status.setdefault(m["status"], [])
                if m["event_id"] not in ids:
                    ids.append(m["event_id"])
            place = cluster["place"] or next((m["place"] for m in evidence if m["place"]), None)
            anchor = evidence[0]["mention_id"]
            out.append(
                {
                    "id": _installation_id(
                        cluster["owner"], cluster["host"], cluster["kind"], anchor
                    ),
                    "kind": cluster["kind"],
                    "owner": cluster["owner"],
                    "host": cluster["host"],
                    "place": place,
                    "lat": cluster["lat"],
                    "lon": cluster["lon"],
                    "status": current,
                    "first_seen": next((m["date"] for m in evidence if m["date"]), None),
                    "last_seen": dated[-1]["date"],
                    "events": len({m["event_id"] for m in evidence}),
                    "status_events": by_status,
                    "evidence": evidence,
                }
            )
    wanted = {"owner": owner, "host": host, "kind": kind, "status": status}
    out = [i for i in out if all(v is None or i[k] == v for k, v in wanted.items())]
    out.sort(key=lambda i: (i["owner"], i["host"] or "", i["kind"], i["first_seen"] or "", i["id"]))
    return out
