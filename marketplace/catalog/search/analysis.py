"""Whoosh analyzers for text written in Indonesian, English, or both at once.

The search analyzer lower-cases, folds accents, drops the stop words of both languages, then
stems each word with the Indonesian stemmer and, where that leaves the word as it was but English
stemming changes it, adds the English stem at the same position: "kemasan" is indexed as "kemas",
"weaving" as "weaving" and "weav". The same analyzer reads queries, so both languages meet in one field.

Whoosh stores the analyzer inside the index, so the filter keeps only the stemmer's name.
"""
from __future__ import annotations

from functools import cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.support.charset import accent_map

from marketplace.catalog.search import stemming
from marketplace.catalog.search.words import STOP_WORDS


class BilingualStemFilter(Filter):
    is_morph = True

    def __init__(self, stemmer: str) -> None:
        stemming.indonesian(stemmer)  # refuse an unknown name now, not at the first word
        self.stemmer = stemmer

    def __call__(self, tokens):
        indonesian = stemming.indonesian(self.stemmer)
        for token in tokens:
            word = token.text
            if token.stopped or not word.isalpha():
                yield token
                continue
            stem = indonesian(word)
            if stem != word or word in stemming.PROTECTED:  # Indonesian: no English "kema"
                token.text = stem
                yield token
                continue
            english = stemming.english(word)
            if english == word:
                yield token
                continue
            extra = token.copy()  # tokens are reused objects: the second form needs its own
            yield token
            extra.text = english
            yield extra


def _words():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def search_analyzer(stemmer: str):
    return _words() | StopFilter(stoplist=STOP_WORDS, minsize=2) | BilingualStemFilter(stemmer)


@cache
def analyzer_for(stemmer: str):
    """One search analyzer per stemmer for the process, to read queries and snippets."""
    return search_analyzer(stemmer)


@cache
def plain_analyzer():
    """Words as typed, folded: for spelling corrections and suggestions."""
    return _words() | StopFilter(stoplist=STOP_WORDS, minsize=2)
