"""Lanner's entity ruler: fix the small model's labels for states, capitals and peoples.

The patterns come from the actor lexicon (states and capitals -> GPE, adjectives and
demonyms -> NORP, IGOs and named groups -> ORG, regions -> LOC), so extending the lexicon
extends the ruler. The ruler runs before the statistical NER, which keeps the ruler's spans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["add_entity_ruler", "ruler_patterns"]

# Words that are also ordinary English or common first names: only matched capitalised,
# and never as ruler patterns on their own when lowercase.
_MIN_LENGTH = 3


def ruler_patterns() -> list[dict[str, object]]:
    from lanner.actors import get_lexicon

    patterns: list[dict[str, object]] = []
    for surface, label in get_lexicon().phrases_for_entity_ruler():
        if len(surface) < _MIN_LENGTH and not surface.isupper():
            continue
        if not surface[:1].isupper():
            continue
        patterns.append({"label": label, "pattern": surface})
    return patterns


def add_entity_ruler(nlp: Language) -> None:
    """Add the ruler before ``ner`` (idempotent)."""
    if "lanner_entities" in nlp.pipe_names:
        return
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="lanner_entities",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
