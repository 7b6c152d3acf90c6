"""Indonesian and English stemmers, each word memoised in a bounded cache.

Two Indonesian stemmers, chosen by the SEARCH_STEMMER setting:

* "snowball": Snowball's Indonesian algorithm through PyStemmer (BSD, C). It has no dictionary,
  so it cuts where a prefix swallowed a letter (menenun -> enun).
* "sastrawi": Sastrawi's dictionary-based stemmer (MIT code; its dictionary is CC BY-NC-SA 3.0,
  non-commercial). Accurate, but slow per word: its dictionary is a list, made a set here, and
  its own unbounded cache is bypassed for a bounded LRU.

Both look the word up in the project's ROOT_WORDS first, as it is and with a common affix
taken off (menenun -> tenun; Sastrawi alone reads "mengemas" as meng-emas, gold), and neither
stems place names (Snowball turns "nunukan" into "nunu").
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache, lru_cache

from marketplace.catalog.regions import PROVINCES
from marketplace.catalog.search.words import ROOT_WORDS

STEMMERS = ("snowball", "sastrawi")
CACHE_SIZE = 50_000

PLACE_WORDS = frozenset(
    word.lower()
    for province in PROVINCES
    for name in (province.name, *province.regencies)
    for word in name.split()
)
PROTECTED = ROOT_WORDS | PLACE_WORDS

# Affixes tried when looking a word up in ROOT_WORDS. A nasal prefix swallows the first letter
# of some roots (tenun -> menenun, kemas -> mengemas, pakai -> memakai, sulam -> menyulam), so
# the swallowed letter is tried back first.
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_DERIVATIONAL = ("kan", "an", "i")
_PREFIXES = (
    ("meny", "s"), ("peny", "s"), ("meng", "k"), ("peng", "k"), ("men", "t"), ("pen", "t"),
    ("mem", "p"), ("pem", "p"), ("meng", ""), ("peng", ""), ("men", ""), ("pen", ""),
    ("mem", ""), ("pem", ""), ("me", ""), ("pe", ""), ("ber", ""), ("be", ""), ("ter", ""),
    ("per", ""), ("di", ""), ("ke", ""), ("se", ""),
)
_MIN_ROOT = 3


def _without_suffixes(word: str) -> list[str]:
    forms = [word]
    for group in (_PARTICLES, _POSSESSIVES, _DERIVATIONAL):
        for form in list(forms):
            forms.extend(form[: -len(s)] for s in group if form.endswith(s) and len(form) - len(s) >= _MIN_ROOT)
    return forms


def _without_prefixes(form: str) -> list[str]:
    found = []
    for prefix, restored in _PREFIXES:
        if form.startswith(prefix) and len(form) - len(prefix) + len(restored) >= _MIN_ROOT:
            rest = form[len(prefix):]
            if restored and rest[:1] not in "aeiou":
                continue  # a swallowed letter only ever sits before a vowel
            found.append(restored + rest)
    return found


def known_root(word: str) -> str | None:
    """The field root this word is built on, if any (menenun -> tenun, kemasan -> kemas)."""
    if word in PROTECTED:
        return word
    for form in _without_suffixes(word):
        if form in ROOT_WORDS:
            return form
        for inner in _without_prefixes(form):
            if inner in ROOT_WORDS:
                return inner
            for innermost in _without_prefixes(inner):  # di-per-, memper-, ke-ber-
                if innermost in ROOT_WORDS:
                    return innermost
    return None


class _PerThread(threading.local):
    """PyStemmer's stemmer objects are not safe to share between threads."""

    def __init__(self) -> None:
        import Stemmer

        self.indonesian = Stemmer.Stemmer("indonesian")
        self.english = Stemmer.Stemmer("english")


_stemmers = _PerThread()


@lru_cache(maxsize=CACHE_SIZE)
def snowball_indonesian(word: str) -> str:
    return known_root(word) or _stemmers.indonesian.stemWord(word)


@cache
def _sastrawi() -> Callable[[str], str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer().delegatedStemmer  # without its unbounded cache
    stemmer.dictionary.words = set(stemmer.dictionary.words)
    return stemmer.stem_word


@lru_cache(maxsize=CACHE_SIZE)
def sastrawi_indonesian(word: str) -> str:
    # The field's roots first here too: Sastrawi reads "mengemas" as meng-emas (gold).
    return known_root(word) or _sastrawi()(word) or word


@lru_cache(maxsize=CACHE_SIZE)
def english(word: str) -> str:
    return _stemmers.english.stemWord(word)


def indonesian(name: str) -> Callable[[str], str]:
    if name == "sastrawi":
        return sastrawi_indonesian
    if name == "snowball":
        return snowball_indonesian
    raise ValueError(f"SEARCH_STEMMER must be one of {', '.join(STEMMERS)}, not {name!r}")
