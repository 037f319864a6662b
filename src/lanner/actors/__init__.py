"""The actor lexicon: who a phrase in a sentence refers to, as a CAMEO-style code.

Package data (``data/*.yaml``) covers states, capitals, adjectives and demonyms, sector
nouns, IGOs, regional groups, named armed groups and heads of state by role. Users add
their own YAML dictionaries (docs/dictionaries.md) or PETRARCH/TABARI dictionaries.

>>> lex = get_lexicon()
>>> [m.entries[0].code for m in lex.find(["chinese", "border", "guards"])]
['CHN', 'COP']
"""

from lanner.actors.build import bench_lexicon, get_lexicon, load_lexicon
from lanner.actors.check import check_dictionary
from lanner.actors.lexicon import ActorEntry, ActorLexicon, ActorMatch, CountryInfo, phrase_tokens
from lanner.actors.petrarch import import_petrarch, write_dictionary

__all__ = [
    "ActorEntry",
    "ActorLexicon",
    "ActorMatch",
    "CountryInfo",
    "bench_lexicon",
    "check_dictionary",
    "get_lexicon",
    "import_petrarch",
    "load_lexicon",
    "phrase_tokens",
    "write_dictionary",
]
