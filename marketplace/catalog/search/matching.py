"""Matching and scoring read straight from the posting lists, in bulk.

Whoosh's matchers step through postings one document at a time in Python, a few microseconds
each, and a broad query on a catalogue of 100,000 products matches tens of thousands of them.
Here a term's postings are read a block at a time into a dict {document number: term
frequency}, the words of a query are combined with set operations (run in C), and only the
documents that pass the filters are scored, with Whoosh's own BM25F (same formula, parameters
and idf) so that rankings do not change. Postings of recent terms stay cached with the searcher:
it is replaced whenever the index changes.
"""
from __future__ import annotations

import math
from collections import Counter, OrderedDict
from collections.abc import Iterable
from itertools import chain

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

FIELD = "text"
K1, B = 1.2, 0.75  # whoosh.scoring.BM25F's defaults
CACHED_POSTINGS = 200_000  # postings kept per searcher: about 50 MB (measured: 250 bytes each)


class Postings:
    """The posting lists of the text field of one searcher's reader."""

    def __init__(self, reader, lengths: list[int]) -> None:
        """`lengths`: every document's length in the text field, by document number."""
        self.reader = reader
        self.leaves = list(reader.leaf_readers())
        self.doc_count = reader.doc_count_all()
        average = reader.field_length(FIELD) / (self.doc_count or 1) or 1.0
        self.norm = [K1 * ((1 - B) + B * length / average) for length in lengths]
        self._cache: OrderedDict[str, dict[int, float]] = OrderedDict()
        self._cached = 0

    def of(self, term: str) -> dict[int, float]:
        """{document number: frequency} of a term; deleted documents left out."""
        found = self._cache.get(term)
        if found is not None:
            self._cache.move_to_end(term)
            return found
        found = {}
        for leaf, offset in self.leaves:
            if (FIELD, term) in leaf:
                _read(leaf, term, offset, found)
        self._cache[term] = found
        self._cached += len(found)
        while self._cached > CACHED_POSTINGS and len(self._cache) > 1:
            self._cached -= len(self._cache.popitem(last=False)[1])
        return found

    def forget(self) -> None:
        """Empty the cache (the benchmark measures searches that read every term from disk)."""
        self._cache.clear()
        self._cached = 0

    def idf(self, postings: dict) -> float:
        return math.log(self.doc_count / (len(postings) + 1)) + 1  # whoosh.scoring.WeightingModel.idf

    def expand(self, form: str, fuzzy: bool) -> list[str]:
        """The index terms a query form stands for: itself, and its near spellings if `fuzzy`."""
        maxdist = typo_distance(form) if fuzzy else 0
        if not maxdist:
            return [form]
        return sorted(set(self.reader.terms_within(FIELD, form, maxdist, prefix=1)) | {form})


def typo_distance(form: str) -> int:
    """How many edits from a query form its near spellings may be (0: none). Short forms allow
    no typo ("ikat" is one letter from "ikan"), nor forms with digits; long ones two. Both
    backends read their typo rule here."""
    if len(form) < 5 or not form.isalpha():
        return 0
    return 1 if len(form) < 8 else 2


def allows_typos(fuzzy: bool, forms: list[str], found) -> bool:
    """Typos are allowed only for the words found nowhere as typed (`found(form)` says whether
    the index has a form): in "sarung tenn" the word "sarung" stays as it is, rather than
    letting its near spelling "sarang" (a honeycomb, rarer and so scored higher) rank above the
    sarongs. A word found nowhere is all near spellings, so they score as the word would
    (down-weighting them put "Tanjak Songket Sambas" above the songket for "songkett sambas")."""
    return fuzzy and not any(found(form) for form in forms)


def spelling_distance(word: str) -> int:
    """"Did you mean": how far a word as typed may be from the catalogue word offered instead
    (0: too short, or not a word, to correct)."""
    if len(word) < 3 or not word.isalpha():
        return 0
    return 1 if len(word) < 6 else 2


_LENGTHS = [byte_to_length(b) for b in range(256)]


def leaf_lengths(leaf) -> list[int]:
    """The text field's length of each document of one segment."""
    try:  # the length column as one array: Whoosh 2.7's W3 codec
        column = leaf._perdoc.column_reader(f"_{FIELD}_L", LENGTHS_COLUMN)
        return [_LENGTHS[b] for b in column]
    except Exception:  # another codec: slower, one document at a time
        return [leaf.doc_field_length(d, FIELD, 0) for d in range(leaf.doc_count_all())]


def _read(leaf, term: str, offset: int, into: dict[int, float]) -> None:
    matcher = leaf.postings(FIELD, term)
    if isinstance(matcher, FilterMatcher):  # deletions: dropped below
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        # A block (up to 128 postings) at a time: the decoded ids and weights as arrays.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids = matcher._ids if not offset else [offset + d for d in matcher._ids]
            into.update(zip(ids, matcher._weights))
            matcher._next_block()
    else:
        while matcher.is_active():
            into[offset + matcher.id()] = matcher.weight()
            matcher.next()
    if leaf.has_deletions():
        for d in leaf.deleted_docs_set:
            into.pop(offset + d, None)


class Match:
    """Which documents a query's words match, and their scores when asked.

    `words` holds, per word of the query, the index terms it stands for (its stems, and near
    spellings when typos are allowed). `every`: all the words must match; otherwise any will,
    and documents matching more of them rank higher (Whoosh's coordination bonus for
    Or(scale=...), the "SQR" formula).
    """

    def __init__(self, postings: Postings, words: list[list[str]], every: bool, scale: float = 0.9):
        self.postings = postings
        self.every = every
        self.scale = scale
        self.word_terms = [[t for t in terms if postings.of(t)] for terms in words]
        self.word_docs = [set().union(*(postings.of(t).keys() for t in terms)) for terms in self.word_terms]
        if every:
            self.docs = set.intersection(*self.word_docs) if self.word_docs else set()
        else:
            self.docs = set().union(*self.word_docs)

    @property
    def terms(self) -> frozenset[str]:
        """The index terms that matched something: the words to mark in snippets."""
        return frozenset(chain.from_iterable(self.word_terms))

    def scores(self, docs: Iterable[int]) -> dict[int, float]:
        docs = docs if isinstance(docs, set) else set(docs)
        total = dict.fromkeys(docs, 0.0)
        norm = self.postings.norm
        for terms in self.word_terms:
            for term in terms:
                postings = self.postings.of(term)
                factor = self.postings.idf(postings) * (K1 + 1)
                for d in docs.intersection(postings):
                    tf = postings[d]
                    total[d] += factor * tf / (tf + norm[d])
        if not self.every and len(self.word_docs) > 1:
            count = len(self.word_docs)
            matching = Counter(chain.from_iterable(words & docs for words in self.word_docs))
            spread, shrink = (count - self.scale) ** 2, (count - 1) / count
            for d in docs:
                total[d] = (total[d] + (matching[d] - 1) / spread) * shrink
        return total
