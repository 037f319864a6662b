"""The NLP stage: one lazily loaded spaCy pipeline per process."""

from lanner.nlp.pipeline import MODEL_NAME, get_nlp

__all__ = ["MODEL_NAME", "get_nlp"]
