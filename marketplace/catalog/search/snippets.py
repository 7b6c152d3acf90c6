"""Snippets: a product's description around the words a search matched, marked and escaped.

Every character of the product's text goes through markupsafe.escape; only the <mark> tags
are markup. Whoosh's own highlighter did the same job five times slower (it re-runs the whole
analyzer chain and scores fragments): a page shows 24 snippets, so each must cost little.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from markupsafe import Markup, escape

from marketplace.catalog.search.analysis import analyzer_for

SNIPPET_CHARS = 120  # about three lines of a phone's card (clamped there by site.css)
LEAD = 40  # characters shown before the first match
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=50_000)
def _terms_of(word: str, stemmer: str) -> frozenset[str]:
    return frozenset(token.text for token in analyzer_for(stemmer)(word, mode="query"))


def _cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _matches(text: str, terms: frozenset[str], stemmer: str):
    """The spans of the words of `text` that match, in order."""
    if not terms:
        return
    for m in _WORD.finditer(text):
        if not terms.isdisjoint(_terms_of(m.group(), stemmer)):
            yield m.span()


def snippet(text: str, terms: frozenset[str], stemmer: str) -> Markup:
    """Up to SNIPPET_CHARS of `text`, from a little before the first matching word, with the
    matching words in <mark>. Without a match: the beginning of the text.

    The words are read only as far as the snippet reaches: a description is several times
    longer than its snippet."""
    found = _matches(text, terms, stemmer)
    first = next(found, None)
    start = 0
    if first is not None and len(text) > SNIPPET_CHARS:
        start = max(0, first[0] - LEAD)
    start, end = _cut(text, start, min(len(text), start + SNIPPET_CHARS))
    if end - start > SNIPPET_CHARS + 40:  # one very long "word": cut it anyway
        end = start + SNIPPET_CHARS
    out = [Markup("… ") if start > 0 else Markup("")]
    position = start
    for match_start, match_end in chain((first,) if first else (), found):
        if match_start >= end:
            break
        if match_start < start or match_end > end:
            continue
        out.append(escape(text[position:match_start]))
        out.append(Markup("<mark>%s</mark>") % text[match_start:match_end])
        position = match_end
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)
