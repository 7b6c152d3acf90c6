"""Running a search on the Whoosh index: the words, the fallbacks, filters, facets, snippets.

A query is never parsed as Whoosh query syntax: it is cut to a sane length and read as words
with the index's own analyzer, so quotes, AND/OR, `*` or brackets are just characters.
All the words must match; when nothing matches that way, most of the words will do (unless a
word is found nowhere: a typo, more likely), then typos are allowed for the words found nowhere
(terms within one or two edits), and a "did you mean" is offered from the words of product
names, materials, categories and places (Whoosh's corrector).
"""
from __future__ import annotations

import heapq
import logging
import time

from flask import current_app
from whoosh.query import And, Or, Term

from marketplace.catalog.search import store, sync
from marketplace.catalog.search.analysis import analyzer_for, plain_analyzer
from marketplace.catalog.search.facets import filter_and_count
from marketplace.catalog.search.matching import Match, Postings, allows_typos, spelling_distance
from marketplace.catalog.search.results import SearchFilters, SearchResult, SearchSort
from marketplace.catalog.search.snippets import snippet

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200
MAX_WORDS = 12


def clean_query(text: str | None) -> str:
    """Printable characters only (PostgreSQL and Whoosh dislike NUL), cut to a sane length."""
    text = "".join(ch if ch.isprintable() else " " for ch in (text or "")[: MAX_QUERY_CHARS * 2])
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def word_forms(text: str, stemmer: str) -> list[list[str]]:
    """The query's words as index terms, one list per word (a word may have two stems)."""
    by_position: dict[int, list[str]] = {}
    for token in analyzer_for(stemmer)(text, positions=True, mode="query"):
        forms = by_position.setdefault(token.pos, [])
        if token.text not in forms:
            forms.append(token.text)
    return list(by_position.values())[:MAX_WORDS]


def _attempts(words: list[list[str]]):
    """Strictest first: every word; then, for several words, most of them (documents matching
    more words rank higher: "kain tenun ikat sumba" finds tenun ikat from anywhere); then the
    same allowing typos. Yields (fuzzy, every word)."""
    yield False, True
    if len(words) > 1:
        yield False, False
    yield True, True
    if len(words) > 1:
        yield True, False


def _worth_trying(attempt: tuple[bool, bool], first: Match) -> bool:
    """Most of the words, as typed, only when each word is in the index: a word found nowhere
    is more likely a typo ("songkett sambas") than a word to do without."""
    fuzzy, every = attempt
    return fuzzy or every or all(first.word_docs)


def _match(postings: Postings, words: list[list[str]], fuzzy: bool, every: bool) -> Match:
    """The documents the words match, with typos for the words found nowhere as typed
    (matching.allows_typos)."""
    expanded = []
    for forms in words:
        typo = allows_typos(fuzzy, forms, postings.of)
        expanded.append(sorted({t for form in forms for t in postings.expand(form, typo)}))
    return Match(postings, expanded, every)


def _page_of(match: Match | None, allowed: list[int], columns, sort: SearchSort, start: int, end: int):
    ids, price, created = columns["id"], columns["price"], columns["created"]
    if start >= len(allowed):
        return []
    if sort == SearchSort.RELEVANCE and match is not None:
        scores = match.scores(allowed)
        # Stable: equal scores keep document order, as Whoosh ranks them.
        return heapq.nlargest(end, allowed, key=scores.__getitem__)[start:end]
    keys = {
        SearchSort.PRICE_ASC: lambda d: (price[d], ids[d]),
        SearchSort.PRICE_DESC: lambda d: (-price[d], -ids[d]),
    }
    key = keys.get(sort, lambda d: (-created[d], -ids[d]))  # newest, and browsing without words
    return heapq.nsmallest(end, allowed, key=key)[start:end]


# --- "did you mean" -----------------------------------------------------------------

def _suggestion(live: store.Live, text: str, stemmer: str) -> str | None:
    """The query with unknown words replaced by the nearest words of the catalogue, if that
    finds something."""
    reader = live.searcher.reader()
    corrector = live.searcher.corrector("spell")
    words, changed = [], False
    for token in plain_analyzer()(text):
        word = token.text
        maxdist = spelling_distance(word)
        if maxdist and ("spell", word) not in reader:
            found = corrector.suggest(word, limit=1, maxdist=maxdist, prefix=1)
            if found:
                word, changed = found[0], True
        words.append(word)
    if not changed:
        return None
    corrected = " ".join(words[:MAX_WORDS])
    forms = word_forms(corrected, stemmer)
    if forms and _match(live.postings, forms, fuzzy=False, every=True).docs:
        return corrected
    return None


# --- the search --------------------------------------------------------------------------

def _search(live: store.Live, text: str, filters: SearchFilters, sort: SearchSort, page: int,
            per_page: int) -> SearchResult:
    columns, stemmer = live.columns, store.stemmer()
    result = SearchResult(page=page, per_page=per_page)
    match, matched = None, set()
    words = word_forms(text, stemmer) if text else []
    if not text:
        matched = live.all_docs
    first = None
    for attempt, (fuzzy, every) in enumerate(_attempts(words) if words else ()):
        if first is not None and not _worth_trying((fuzzy, every), first):
            continue
        candidate = _match(live.postings, words, fuzzy, every)
        if candidate.docs:
            match, matched, result.approximate = candidate, candidate.docs, attempt > 0
            break
        if first is None:
            first = candidate
            result.suggestion = _suggestion(live, text, stemmer)
    allowed, result.facets = filter_and_count(matched, columns, filters)
    result.total = len(allowed)
    result.page = min(max(page, 1), result.pages)
    start = (result.page - 1) * per_page
    docs = _page_of(match, allowed, columns, sort, start, start + per_page)
    result.ids = [columns["id"][d] for d in docs]
    terms = match.terms if match is not None else frozenset()
    for d, product_id in zip(docs, result.ids):
        result.highlights[product_id] = snippet(live.searcher.stored_fields(d).get("description", ""),
                                                terms, stemmer)
    return result


def search_products(query: str | None, filters: SearchFilters | None = None,
                    sort: SearchSort = SearchSort.RELEVANCE, page: int = 1,
                    per_page: int = 24) -> SearchResult:
    text = clean_query(query)
    filters = filters or SearchFilters()
    for attempt in range(3):
        try:
            live = store.live_searcher()
        except store.IndexUnusable as reason:
            try:
                rebuilt = attempt < 2 and sync.rebuild_if_free(reason.generation)
            except Exception:  # e.g. SEARCH_INDEX_DIR not writable: say so calmly, log it
                log.exception("Building the search index failed")
                rebuilt = False
            if not rebuilt:
                return SearchResult(per_page=per_page, unavailable=True)
            continue
        try:
            with live.lock:
                return _search(live, text, filters, sort, page, per_page)
        except Exception:
            if attempt:
                raise
            # A searcher whose files a rebuild removed meanwhile: open the served one again.
            log.warning("Search failed on the open searcher; reopening", exc_info=True)
            store.forget_searcher()
    return SearchResult(per_page=per_page, unavailable=True)


def index_version() -> str:
    """What the served index holds: changes with every commit to it and every rebuild. Cached
    search pages and results are keyed by it beside the catalogue version, because the index
    is brought up to date *after* the commit that moves that version (and later still when
    another process holds the writer, or cron applies the queue).

    Asked up to three times by every search page (the page cache's key, then the result's), and
    reading it means a file, a directory listing and the searcher's lock: so it is remembered
    by this process for CACHE_VERSION_TTL seconds, as the data versions are
    (caching.remembered_versions). This process forgets it whenever it writes to the index
    (store.forget_version), so its own changes show at once; another process's show within the TTL. A version
    read earlier only ever keys results at least as new as itself: a search reads the index
    as it is on disk."""
    ttl = current_app.config.get("CACHE_VERSION_TTL", 0)
    if ttl <= 0:
        return _read_index_version()
    now = time.monotonic()
    remembered = current_app.extensions.get(store.REMEMBERED_VERSION)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    version = _read_index_version()
    current_app.extensions[store.REMEMBERED_VERSION] = (now + ttl, version)
    return version


def _read_index_version() -> str:
    try:
        live = store.live_searcher()
    except store.IndexUnusable:
        return "none"
    with live.lock:
        return f"{live.generation}.{live.searcher.reader().generation()}"


def _completions(reader, field: str, prefix: str, limit: int) -> list[str]:
    """The most frequent words of a field starting with `prefix`."""
    found = (t.decode() if isinstance(t, bytes) else t for t in reader.expand_prefix(field, prefix))
    return heapq.nlargest(limit, found, key=lambda t: reader.doc_frequency(field, t))


def suggestion_words(prefix: str | None) -> tuple[list[str], str | None] | None:
    """What a buyer has typed so far, for suggestions on either backend: the words typed in
    full, and the word being typed (None after a space); None when there is nothing to suggest
    for (no word, or one letter of one)."""
    text = clean_query(prefix)[:100]
    words = [token.text for token in plain_analyzer()(text)][:MAX_WORDS]
    if not words:
        return None
    complete, last = (words, None) if (prefix or "").endswith(" ") else (words[:-1], words[-1])
    if last is not None and len(last) < 2:
        return None
    return complete, last


def suggestions(names: list[str], complete: list[str], completions: list[str],
                limit: int) -> list[str]:
    """Product names first, then the typed words with each completion of the last one."""
    found = names + [" ".join([*complete, t]) for t in completions]
    return list(dict.fromkeys(found))[:limit]


def suggest(prefix: str | None, limit: int = 8) -> list[str]:
    """Product names, then completed words, for what a buyer has typed so far."""
    typed = suggestion_words(prefix)
    if typed is None:
        return []
    complete, last = typed
    try:
        live = store.live_searcher()
    except store.IndexUnusable:
        return []  # suggestions are an extra: never build an index for them
    with live.lock:
        reader = live.searcher.reader()
        parts = [Term("title", w) for w in complete]
        completions = []
        if last is not None:
            completions = _completions(reader, "spell", last, limit)
            in_names = _completions(reader, "title", last, 20)
            parts.append(Or([Term("title", t) for t in in_names]) if in_names else Term("title", last))
        names = [hit["name"] for hit in live.searcher.search(And(parts), limit=limit)]
    return suggestions(names, complete, completions, limit)
