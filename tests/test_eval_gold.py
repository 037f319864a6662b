"""Gold readers: Lanner gold JSON, the PLOVER gold standard and PETRARCH validation XML."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lanner.errors import LannerError
from lanner.eval.gold import (
    CURRENT_PLOVER_EVENTS,
    current_plover_name,
    gold_files,
    load_gold,
    read_gold_file,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PLOVER_GSR = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"

TEXT = (
    "NIAMEY, March 13 (Lanner) - Niger and Chad on Wednesday agreed to launch joint patrols. "
    "Analysts said the deal could change the region."
)
SENTENCE = "Niger and Chad on Wednesday agreed to launch joint patrols."
NON_EVENT = "Analysts said the deal could change the region."


def lanner_gold(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "dev-001",
        "split": "dev",
        "title": "Niger and Chad agree patrols",
        "published": "2024-03-14",
        "text": TEXT,
        "events": [
            {
                "sentence": SENTENCE,
                "trigger": "agreed",
                "source": {"country": "NER", "sector": "GOV", "igo": None},
                "target": {"country": "TCD", "sector": None, "igo": None},
                "cameo": "0312",
                "cameo_alt": ["031", "030"],
                "plover": "AGREE",
                "factuality": "intended",
                "date": "2024-03-13",
                "date_precision": "day",
                "location": {"name": "border", "lat": 15.0, "lon": 15.6, "precision": "border"},
            }
        ],
        "non_events": [NON_EVENT],
    }
    record.update(changes)
    return record


def write(path: Path, payload: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(payload, bytes):
        path.write_bytes(payload)
    elif isinstance(payload, str):
        path.write_text(payload, encoding="utf-8")
    else:
        path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_gold_reads_lanner_article_fields(tmp_path: Path) -> None:
    (doc,) = read_gold_file(write(tmp_path / "a.json", lanner_gold()))
    assert (doc.id, doc.split, doc.format, doc.published) == (
        "dev-001",
        "dev",
        "lanner",
        "2024-03-14",
    )
    (event,) = doc.events
    assert event.source is not None and event.source.key == "NER"
    assert event.codes == {"0312", "031", "030"}
    assert event.roots == {"03"}
    assert event.required
    assert event.location is not None and event.location.lat == 15.0
    assert doc.non_events == [NON_EVENT]
    assert doc.exhaustive


@pytest.mark.parametrize(
    ("date", "precision"), [("2024-03-13", "day"), ("2024-03", "month"), ("2024", "year")]
)
def test_gold_date_at_each_precision_reads(tmp_path: Path, date: str, precision: str) -> None:
    record = lanner_gold()
    record["events"][0].update(date=date, date_precision=precision)
    (doc,) = read_gold_file(write(tmp_path / "a.json", record))
    assert (doc.events[0].date, doc.events[0].date_precision) == (date, precision)


def test_gold_igo_actor_key_is_the_igo(tmp_path: Path) -> None:
    record = lanner_gold()
    record["events"][0]["source"] = {"country": None, "sector": None, "igo": "UN"}
    record["events"][0]["target"] = None
    (doc,) = read_gold_file(write(tmp_path / "a.json", record))
    event = doc.events[0]
    assert event.source is not None and event.source.key == "UN"
    assert event.target is None


def test_gold_split_comes_from_directory_when_field_absent(tmp_path: Path) -> None:
    record = lanner_gold()
    del record["split"]
    write(tmp_path / "gold" / "test" / "t1.json", record)
    write(tmp_path / "gold" / "dev" / "d1.json", lanner_gold(id="dev-002"))
    write(tmp_path / "gold" / "README.md", "not gold")
    docs = load_gold([tmp_path / "gold"])
    assert sorted((d.id, d.split) for d in docs) == [("dev-001", "test"), ("dev-002", "dev")]
    assert [d.id for d in load_gold([tmp_path / "gold"], split="test")] == ["dev-001"]


def _event_change(field: str, value: Any) -> dict[str, Any]:
    record = lanner_gold()
    record["events"][0][field] = value
    return record


@pytest.mark.parametrize(
    ("payload", "reason_part"),
    [
        (lanner_gold(text=""), "'text'"),
        (lanner_gold(events={"a": 1}), "'events'"),
        (lanner_gold(non_events=["Not in the text at all."]), "non-event"),
        (_event_change("sentence", "Chad and Niger agreed."), "substring"),
        (_event_change("cameo", "31a"), "'cameo'"),
        (_event_change("cameo_alt", "031"), "cameo_alt"),
        (_event_change("factuality", "likely"), "factuality"),
        (_event_change("plover", "HUG"), "PLOVER"),
        (_event_change("date_precision", "month"), "date_precision"),
        (_event_change("date", "2024-3-13"), "date_precision"),
        (_event_change("date", 20240313), "'date'"),
        (_event_change("source", {"country": 5}), "'country'"),
        (lanner_gold(published="14 March 2024"), "'published'"),
        (_event_change("source", {"country": "Niger"}), "alpha-3"),
        (_event_change("location", {"lat": 120.0, "lon": 0.0}), "globe"),
        ("{not json", "invalid JSON"),
        ("", "empty"),
        (b"\xff\xfe\x00bad", "UTF-8"),
    ],
)
def test_gold_bad_file_is_e301_naming_the_file(
    tmp_path: Path, payload: Any, reason_part: str
) -> None:
    path = write(tmp_path / "bad.json", payload)
    with pytest.raises(LannerError) as info:
        read_gold_file(path)
    assert info.value.code == "E301"
    assert str(path) in info.value.message
    assert reason_part in info.value.message


@pytest.mark.parametrize(
    "payload",
    ['{"id": "x", "text": "no events key"}', "[1, 2, 3]", "Plain text is no gold.", "{}"],
)
def test_gold_unknown_format_is_e302(tmp_path: Path, payload: str) -> None:
    path = write(tmp_path / "x.txt", payload)
    with pytest.raises(LannerError) as info:
        read_gold_file(path)
    assert info.value.code == "E302"
    assert str(path) in info.value.message


def test_gold_missing_path_is_e301(tmp_path: Path) -> None:
    with pytest.raises(LannerError) as info:
        gold_files([tmp_path / "nowhere"])
    assert info.value.code == "E301"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("FIGHT", "ASSAULT"),
        ("INVESTIGATE", "ACCUSE"),
        ("YIELD", "CONCEDE"),
        ("agree", "AGREE"),
        (None, None),
    ],
)
def test_gold_old_plover_names_map_to_current(old: str | None, new: str | None) -> None:
    assert current_plover_name(old) == new


PLOVER_RECORDS: list[dict[str, Any]] = [
    {"id": "GSR-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "docs"},
    {
        "id": "GSR-DEMAND-0001",
        "date": "2000-01-01",
        "source": [
            {"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
            {"actorText": "Romanian", "code": "ROU", "sector": "GOV"},
        ],
        "target": [{"actorText": "the UN", "code": "IGO"}],
        "event": "DEMAND",
        "text": "Hungarian and Romanian officials asked the UN for help.",
    },
    {
        "id": "GSR-FIGHT-0001",
        "date": "2000-01-01",
        "source": [{"actorText": "rebels", "code": "XYZ", "sector": "REB"}],
        "target": "",
        "event": "FIGHT",
        "text": "Rebels shelled the town.",
    },
]


def test_gold_plover_records_become_one_sentence_documents(tmp_path: Path) -> None:
    docs = read_gold_file(write(tmp_path / "gsr.txt", PLOVER_RECORDS))
    assert [d.id for d in docs] == ["GSR-DEMAND-0001", "GSR-FIGHT-0001"]
    demand, fight = docs
    assert demand.format == "plover" and not demand.exhaustive
    assert [(e.source.key if e.source else None) for e in demand.events] == ["HUN", "ROU"]
    assert {e.plover for e in demand.events} == {"REQUEST"}
    assert demand.events[0].target is not None and demand.events[0].target.igo == "IGO"
    assert [(e.plover, e.target) for e in fight.events] == [("ASSAULT", None)]


def test_gold_plover_unknown_event_is_e301(tmp_path: Path) -> None:
    records = copy.deepcopy(PLOVER_RECORDS)
    records[1]["event"] = "HUG"
    with pytest.raises(LannerError) as info:
        read_gold_file(write(tmp_path / "gsr.json", records))
    assert info.value.code == "E301" and "HUG" in info.value.message


@pytest.mark.skipif(not PLOVER_GSR.exists(), reason="../shared/data/plover is absent")
def test_gold_reads_shared_plover_gold_standard() -> None:
    docs = read_gold_file(PLOVER_GSR)
    raw = json.loads(PLOVER_GSR.read_text(encoding="utf-8"))
    sentences = [r for r in raw if r["event"] != "DOCUMENT"]
    assert len(docs) == len(sentences)
    assert all(d.text and d.events for d in docs)
    assert {e.plover for d in docs for e in d.events} <= CURRENT_PLOVER_EVENTS
    assert {e.plover for d in docs for e in d.events} >= {"REQUEST", "ACCUSE", "ASSAULT"}


PETRARCH_WRAPPED = """<?xml version="1.0" encoding="UTF-8"?>
<Validation>
  <Sentences>
    <Sentence date="20150805" id="VAL-01" source="test">
      <EventCoding sourcecode="CALGOV" targetcode="ARNMIL" eventcode="190"/>
      <EventCoding sourcecode="ARN" targetcode="CAL" eventcode="0234"/>
      <Text>
        Calenardhon's government attacked Arnor troops,
        and Arnor appealed to Calenardhon.
      </Text>
      <Parse>(ROOT (S ...))</Parse>
    </Sentence>
    <Sentence date="20150806" id="VAL-02">
      <EventCoding noevents="True"/>
      <Text>Nothing happened in Bree.</Text>
    </Sentence>
    <!-- a comment between sentences -->
    <Sentence date="2015-08-07" id="VAL-03" noevents="true">
      <Text>Gondor waited.</Text>
    </Sentence>
  </Sentences>
</Validation>
"""

PETRARCH_BARE = """<Sentence date="20150805" ID="B-1">
<eventcoding SourceCode="---GOV" TargetCode="IGOUNO" EventCode="111"/>
<text>Officials criticised the UN.</text></Sentence>
<Sentence date="x" id="B-2"><Text>Second.</Text></Sentence>"""


def test_gold_reads_petrarch_xml_with_root_and_several_codings(tmp_path: Path) -> None:
    docs = read_gold_file(write(tmp_path / "val.xml", PETRARCH_WRAPPED))
    assert [d.id for d in docs] == ["VAL-01", "VAL-02", "VAL-03"]
    first = docs[0]
    assert first.format == "petrarch" and first.exhaustive
    assert first.published == "2015-08-05"
    assert first.text.startswith("Calenardhon's government attacked Arnor troops, and Arnor")
    triples = [
        (e.source.key if e.source else None, e.target.key if e.target else None, e.cameo)
        for e in first.events
    ]
    assert triples == [("CAL", "ARN", "190"), ("ARN", "CAL", "0234")]
    assert first.events[0].source is not None and first.events[0].source.sector == "GOV"
    assert [d.events for d in docs[1:]] == [[], []]
    assert [d.non_events for d in docs[1:]] == [["Nothing happened in Bree."], ["Gondor waited."]]
    assert docs[2].published == "2015-08-07"


def test_gold_reads_petrarch_sentences_without_root_any_case(tmp_path: Path) -> None:
    docs = read_gold_file(write(tmp_path / "bare.xml", PETRARCH_BARE))
    assert [d.id for d in docs] == ["B-1", "B-2"]
    (event,) = docs[0].events
    assert event.source is None
    assert event.target is not None and event.target.key == "IGO"
    assert docs[1].published is None


@pytest.mark.parametrize(
    ("xml", "reason_part"),
    [
        ("<Sentences><Sentence id='a'><Text>x</Text></Sentences>", "invalid XML"),
        ("<Sentences><Other/></Sentences>", "no <Sentence>"),
        ("<Sentence id='a'><EventCoding eventcode='19x'/><Text>x</Text></Sentence>", "eventcode"),
        ("<Sentence id='a'><EventCoding eventcode='190'/></Sentence>", "no <Text>"),
    ],
)
def test_gold_bad_petrarch_xml_is_e301(tmp_path: Path, xml: str, reason_part: str) -> None:
    path = write(tmp_path / "bad.xml", xml)
    with pytest.raises(LannerError) as info:
        read_gold_file(path)
    assert info.value.code == "E301"
    assert reason_part in info.value.message and str(path) in info.value.message


REPO_GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold"


def test_gold_repository_corpus_reads_and_scores_perfectly_against_itself() -> None:
    from lanner.eval.events import evaluate_events
    from lanner.eval.oracle import oracle_predictor

    docs = load_gold([REPO_GOLD]) if REPO_GOLD.exists() else []
    if not docs:
        pytest.skip("corpus/gold has no gold articles yet")
    assert len({d.id for d in docs}) == len(docs), "gold ids must be unique"
    assert {d.split for d in docs} <= {"dev", "test"}
    report = evaluate_events(docs, oracle_predictor(docs))
    assert (report.triple.fp, report.triple.fn) == (0, 0)
    assert all(f.accuracy == 1.0 for f in report.fields.values() if f.total)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
EVENT_FIELDS = list(lanner_gold()["events"][0]) + ["junk"]
DOC_FIELDS = list(lanner_gold()) + ["junk"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    doc_field=st.sampled_from(DOC_FIELDS),
    event_field=st.sampled_from(EVENT_FIELDS),
    value=JSON_VALUES,
    in_event=st.booleans(),
)
def test_gold_any_field_value_reads_or_is_coded_error(
    tmp_path: Path, doc_field: str, event_field: str, value: Any, in_event: bool
) -> None:
    record = lanner_gold()
    if in_event:
        record["events"][0][event_field] = value
    else:
        record[doc_field] = value
    path = write(tmp_path / "prop.json", record)
    try:
        docs = read_gold_file(path)
    except LannerError as exc:
        assert exc.code in ("E301", "E302")
    else:
        assert all(isinstance(d.text, str) for d in docs)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=1, max_value=2),
    key=st.sampled_from(["id", "date", "source", "target", "event", "text", "junk"]),
    value=JSON_VALUES,
)
def test_gold_any_plover_record_value_reads_or_is_coded_error(
    tmp_path: Path, index: int, key: str, value: Any
) -> None:
    records = copy.deepcopy(PLOVER_RECORDS)
    records[index][key] = value
    try:
        read_gold_file(write(tmp_path / "gsr.json", records))
    except LannerError as exc:
        assert exc.code in ("E301", "E302")


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=120))
def test_gold_any_text_reads_or_is_coded_error(tmp_path: Path, text: str) -> None:
    for name in ("any.xml", "any.json"):
        try:
            read_gold_file(write(tmp_path / name, text))
        except LannerError as exc:
            assert exc.code in ("E301", "E302")
