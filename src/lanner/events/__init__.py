"""The event stage: triggers, actors and embedding turned into CAMEO/PLOVER event records.

Patterns (verbs, event nouns, governors) are package data in ``data/patterns.yaml``; the CAMEO
table with Goldstein values and PLOVER mappings is ``data/cameo.tsv`` (built by
``scripts/build_cameo_table.py``).
"""

from lanner.events.cameo import CameoCode, cameo, embed_code
from lanner.events.coder import (
    CODER_VERSION,
    CodedDocument,
    EventCoder,
    code_document,
    code_documents,
    code_text,
)
from lanner.events.patterns import PatternLexicon, get_patterns, load_patterns

__all__ = [
    "CODER_VERSION",
    "CameoCode",
    "CodedDocument",
    "EventCoder",
    "PatternLexicon",
    "cameo",
    "code_document",
    "code_documents",
    "code_text",
    "embed_code",
    "get_patterns",
    "load_patterns",
]
