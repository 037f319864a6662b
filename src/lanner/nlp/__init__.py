"""The NLP stage: one lazily loaded spaCy pipeline per process."""

from lanner.nlp.pipeline import MODEL_NAME, bare_nlp, get_nlp

__all__ = ["MODEL_NAME", "bare_nlp", "get_nlp"]
