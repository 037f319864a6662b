"""Files in, coded documents out: the ingest stage joined to the event coder.

``code_paths`` is what ``lanner code`` runs, and what the store and the Dask engine reuse:
bad inputs come back as ``InputFailure`` items so one broken file never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from lanner.events.coder import CodedDocument, EventCoder, default_coder_name
from lanner.ingest import InputFailure, read_documents
from lanner.records import Document

__all__ = ["code_paths", "code_stream", "make_coder"]


def make_coder(
    dict_files: Sequence[str] = (),
    petrarch_actors: Sequence[str] = (),
    petrarch_agents: Sequence[str] = (),
    patterns: Sequence[str] = (),
    geo: bool = True,
    *,
    use_config: bool = True,
    coder: str | None = None,
) -> EventCoder:
    """A coder with the default lexicons plus the config file's and these user dictionaries."""
    if use_config:
        from lanner.settings import load_config

        config = load_config()
        dict_files = [*config["dict"], *dict_files]
        petrarch_actors = [*config["petrarch_actors"], *petrarch_actors]
        petrarch_agents = [*config["petrarch_agents"], *petrarch_agents]
        patterns = [*config["patterns"], *patterns]
        geo = geo and bool(config["geo"])
        coder = coder or config["coder"]
    lexicon = None
    if dict_files or petrarch_actors or petrarch_agents:
        from lanner.actors import load_lexicon

        lexicon = load_lexicon(
            dict_files=dict_files, petrarch_actors=petrarch_actors, petrarch_agents=petrarch_agents
        )
    pattern_lexicon = None
    if patterns:
        from lanner.events.patterns import load_patterns

        pattern_lexicon = load_patterns(patterns)
    return EventCoder(
        lexicon=lexicon, patterns=pattern_lexicon, geo=geo, coder=coder or default_coder_name()
    )


def code_stream(
    items: Iterable[Document | InputFailure], coder: EventCoder | None = None, batch_size: int = 16
) -> Iterator[CodedDocument | InputFailure]:
    """Code documents in batches (one spaCy ``pipe`` per batch), passing failures through."""
    coder = coder or EventCoder()
    batch: list[Document] = []
    for item in items:
        if isinstance(item, InputFailure):
            yield from coder.code_many(batch) if batch else ()
            batch = []
            yield item
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from coder.code_many(batch)
            batch = []
    if batch:
        yield from coder.code_many(batch)


def code_paths(
    paths: Sequence[str],
    *,
    published: str | None = None,
    coder: EventCoder | None = None,
    stdin: TextIO | None = None,
    batch_size: int = 16,
) -> Iterator[CodedDocument | InputFailure]:
    """Read and code every document under ``paths``."""
    return code_stream(read_documents(paths, published=published, stdin=stdin), coder, batch_size)
