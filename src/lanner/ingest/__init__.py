"""The ingest stage: input paths in, :class:`~lanner.records.Document` objects out.

Reads ``.txt``, ``.html``, ``.jsonl``, ``.csv`` and RSS/Atom files, directories and
stdin; strips page furniture; finds title, dateline and publication date. Bad input
never raises: it becomes an :class:`InputFailure` with a coded error (E1xx). See
``docs/inputs.md``.
"""

from lanner.ingest.documents import InputFailure, SourceRecord, clean_text, document_from_text
from lanner.ingest.readers import INPUT_KINDS, read_documents

__all__ = [
    "INPUT_KINDS",
    "InputFailure",
    "SourceRecord",
    "clean_text",
    "document_from_text",
    "read_documents",
]
