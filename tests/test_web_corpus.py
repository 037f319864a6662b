"""The small store the dashboard's browser tests run on, and a check that it holds what they need.

Built with the scripted coder of ``test_analysis_fakes`` so every event, sentence and
trigger is known in advance: the browser tests compute what a view must show from
:data:`CORPUS` itself. It covers every view: placed events on the map, a busy dyad
(Russia-Ukraine), foreign installations, a rivalry (China and Russia courting
Tajikistan), two story threads, a conflict surge for the alerts, and one hostile article
whose title and text carry markup that must stay inert.
"""

from __future__ import annotations

from pathlib import Path

from test_analysis_fakes import Doc, Ev, build_store, open_store

# What the hostile article tries to run: each would set window.__pwned or open a dialog.
XSS_SCRIPT = "<script>window.__pwned = 1; alert('pwned')</script>"
XSS_IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
XSS_TITLE = '<img src=x onerror="alert(3)"> Kharkiv <b>report</b>'
XSS_SENTENCE = f"Russia shelled {XSS_SCRIPT} Ukraine."
EMOJI_FOLLOWER = "China aided Kyrgyzstan with grain."


def _ukraine_surge() -> list[Doc]:
    # Six placed attacks in late 2024 after a quiet year: a conflict alert for Ukraine.
    days = ["2024-11-20", "2024-11-24", "2024-11-28", "2024-12-02", "2024-12-06", "2024-12-10"]
    places = ["Kharkiv", "Kharkiv", "Kyiv", "Kharkiv", "Kyiv", "Kharkiv"]
    return [
        Doc(
            [Ev(f"Russia struck{i} Ukraine.", "RUSMIL", "UKRMIL", "190", day, place=place)],
            published=day,
            title=f"Strike number {i} on {place}",
            extra=f"Officials counted the damage {i} times over.",
        )
        for i, (day, place) in enumerate(zip(days, places, strict=True))
    ]


CORPUS: list[Doc] = [
    Doc(
        [
            Ev(
                "Russia threatened Ukraine over the border.",
                "RUSGOV",
                "UKRGOV",
                "130",
                "2023-02-03",
            ),
            Ev("Ukraine accused Russia of shelling.", "UKRGOV", "RUSGOV", "112", "2023-02-03"),
        ],
        published="2023-02-04",
        title="Border tension rises",
    ),
    Doc(
        [
            Ev(
                "China built a border outpost for Tajikistan in Murghab.",
                "CHNGOV",
                "TJKGOV",
                "072",
                "2023-05-02",
                place="Murghab",
            )
        ],
        published="2023-05-03",
        title="Outpost finished in the Pamirs",
        extra="The outpost watches the Wakhan corridor.",
    ),
    Doc(
        [
            Ev(
                "Russia's 201st base in Dushanbe hosts Kyrgyz officers.",
                "RUSMIL",
                "KGZMIL",
                "042",
                "2023-06-14",
                place="Dushanbe",
            )
        ],
        published="2023-06-15",
        title="Base hosts visitors",
    ),
    Doc(
        [
            Ev(
                "China offered aid to Tajikistan.",
                "CHNGOV",
                "TJKGOV",
                "071",
                "2024-03-05",
                trigger="offered",
            ),
            Ev(
                "Russia offered troops to Tajikistan.",
                "RUSGOV",
                "TJKGOV",
                "0332",
                "2024-03-06",
                trigger="offered",
            ),
            Ev(
                "Tajikistan praised China warmly.",
                "TJKGOV",
                "CHNGOV",
                "051",
                "2024-03-07",
                trigger="praised",
            ),
            # a second courting event per patron: the minimum evidence per side of a rivalry
            Ev(
                "China pledged drones to Tajikistan.",
                "CHNMIL",
                "TJKMIL",
                "0312",
                "2024-03-07",
                trigger="pledged",
            ),
            Ev(
                "Russia signed a pact with Tajikistan.",
                "RUSMIL",
                "TJKMIL",
                "057",
                "2024-03-07",
                trigger="signed",
            ),
        ],
        published="2024-03-08",
        title="Patrons court Dushanbe",
        extra="Analysts in Bishkek watched closely.",
    ),
    Doc(
        [
            Ev(
                "China met Kyrgyzstan in Bishkek.",
                "CHNGOV",
                "KGZGOV",
                "040",
                "2024-04-10",
                place="Bishkek",
                trigger="met",
            )
        ],
        published="2024-04-10",
        title="Talks in Bishkek",
    ),
    Doc(
        [
            Ev(
                "Niger accused Chad of cattle raids.",
                "NERGOV",
                "TCDGOV",
                "112",
                "2024-06-01",
                place="Niamey",
            )
        ],
        published="2024-06-02",
        title="Herders and wells",
    ),
    # A character outside the BMP before the second sentence: the API counts code points,
    # JavaScript counts UTF-16 units, and the highlight must still land on the sentence.
    Doc(
        [
            Ev(
                "Kyrgyzstan praised \U0001f642 China.",
                "KGZGOV",
                "CHNGOV",
                "051",
                "2024-05-02",
                trigger="praised",
            ),
            Ev(
                EMOJI_FOLLOWER,
                "CHNGOV",
                "KGZGOV",
                "071",
                "2024-05-03",
                place="Bishkek",
                trigger="aided",
            ),
        ],
        published="2024-05-03",
        title="Smiles in Bishkek",
    ),
    *_ukraine_surge(),
    Doc(
        [
            Ev(
                XSS_SENTENCE,
                "RUSMIL",
                "UKRMIL",
                "195",
                "2024-12-12",
                place="Kharkiv",
                trigger="shelled",
            )
        ],
        published="2024-12-12",
        title=XSS_TITLE,
        extra=f"Witnesses posted {XSS_IMG} on social media.",
    ),
]


def corpus_events() -> list[Ev]:
    return [ev for doc in CORPUS for ev in doc.events]


def build_web_store(path: Path) -> str:
    """The dashboard test store at ``path``."""
    return build_store(path, CORPUS)


def test_web_corpus_stores_every_scripted_event(tmp_path: Path) -> None:
    path = build_web_store(tmp_path / "web.duckdb")
    with open_store(path) as store:
        texts = {r[0] for r in store.con.execute("SELECT text FROM documents").fetchall()}
        placed = store.con.execute("SELECT count(*) FROM events WHERE lat IS NOT NULL").fetchone()
    assert store is not None
    assert any(XSS_SCRIPT in t and XSS_IMG in t for t in texts)
    assert placed is not None
    assert placed[0] == sum(1 for ev in corpus_events() if ev.place)
