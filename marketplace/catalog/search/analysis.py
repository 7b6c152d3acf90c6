"""Whoosh analyzers for text written in Indonesian, English, or both at once.

The search analyzer lower-cases, folds accents, drops the stop words of both languages, then
stems each word with the Indonesian stemmer and, where that leaves the word as it was but English
stemming changes it, adds the English stem at the same position: "kemasan" is indexed as "kemas",
"weaving" as "weaving" and "weav". The same analyzer reads queries, so both languages meet in one field.

Whoosh stores the analyzer inside the index, so the filter keeps only the stemmer's name.

Indexing does not run Whoosh's chain of generators token by token: `index_terms` gives the same
terms from one regular expression and one memoised function per word (`word_terms`, which the
chain's last filter uses too), about ten times faster. A test holds the two to the same output.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.support.charset import accent_map

from marketplace.catalog.search import stemming
from marketplace.catalog.search.words import STOP_WORDS


MIN_WORD = 2  # shorter words are dropped, as stop words are


@lru_cache(maxsize=stemming.CACHE_SIZE)
def word_terms(word: str, stemmer: str | None) -> tuple[str, ...]:
    """The index terms of one lower-cased, folded word that is not a stop word: its Indonesian
    stem, or the word and its English stem when Indonesian leaves it as it is and English does
    not (None: the word as it is, for spelling)."""
    if stemmer is None or not word.isalpha():
        return (word,)
    stem = stemming.indonesian(stemmer)(word)
    if stem != word or word in stemming.PROTECTED:  # Indonesian: no English "kema"
        return (stem,)
    english = stemming.english(word)
    return (word,) if english == word else (word, english)


@lru_cache(maxsize=stemming.CACHE_SIZE)
def _raw_terms(raw: str, stemmer: str | None) -> tuple[str, ...]:
    word = raw.lower().translate(accent_map)
    if len(word) < MIN_WORD or word in STOP_WORDS:
        return ()
    return word_terms(word, stemmer)


def index_terms(text: str, stemmer: str | None) -> Iterator[str]:
    """What the analyzer (`search_analyzer(stemmer)`, or `plain_analyzer()` for None) makes of
    `text`, as plain strings: for indexing, where positions do not matter."""
    for match in default_pattern.finditer(text):
        yield from _raw_terms(match.group(), stemmer)


class BilingualStemFilter(Filter):
    is_morph = True

    def __init__(self, stemmer: str) -> None:
        stemming.indonesian(stemmer)  # refuse an unknown name now, not at the first word
        self.stemmer = stemmer

    def __call__(self, tokens):
        for token in tokens:
            if token.stopped:
                yield token
                continue
            forms = word_terms(token.text, self.stemmer)
            token.text = forms[0]
            if len(forms) == 1:
                yield token
                continue
            extra = token.copy()  # tokens are reused objects: the second form needs its own
            yield token
            extra.text = forms[1]
            yield extra


def _words():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def search_analyzer(stemmer: str):
    return _words() | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD) | BilingualStemFilter(stemmer)


@cache
def analyzer_for(stemmer: str):
    """One search analyzer per stemmer for the process, to read queries and snippets."""
    return search_analyzer(stemmer)


@cache
def plain_analyzer():
    """Words as typed, folded: for spelling corrections and suggestions."""
    return _words() | StopFilter(stoplist=STOP_WORDS, minsize=MIN_WORD)
