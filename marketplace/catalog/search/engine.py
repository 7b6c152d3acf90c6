"""Running a search on the Whoosh index: the words, the fallbacks, filters, facets, snippets.

A query is never parsed as Whoosh query syntax: it is cut to a sane length and read as words
with the index's own analyzer, so quotes, AND/OR, `*` or brackets are just characters.
All the words must match; when nothing matches that way, most of the words will do, then typos
are allowed (FuzzyTerm), and a "did you mean" is offered from the words of product names,
materials, categories and places (Whoosh's corrector).
"""
from __future__ import annotations

import heapq
import logging
from collections import Counter

from whoosh.query import And, FuzzyTerm, Or, Term

from marketplace.catalog.search import store, sync
from marketplace.catalog.search.analysis import analyzer_for, plain_analyzer
from marketplace.catalog.search.results import (
    FACETS,
    PRICE_BANDS_BY_KEY,
    SearchFilters,
    SearchResult,
    SearchSort,
    price_band_of,
)
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


def _either(forms: list[str], fuzzy: bool):
    def one(form: str):
        # Short words allow no typo: "ikat" is one letter from "ikan".
        if fuzzy and len(form) >= 5 and form.isalpha():
            return FuzzyTerm("text", form, maxdist=1 if len(form) < 8 else 2, prefixlength=1)
        return Term("text", form)

    return one(forms[0]) if len(forms) == 1 else Or([one(f) for f in forms])


def _queries(words: list[list[str]]):
    """Strictest first: every word; then, for several words, most of them (an Or whose score
    rewards each word matched: "kain tenun ikat sumba" finds tenun ikat from anywhere); then
    the same allowing typos."""
    yield And([_either(w, False) for w in words])
    if len(words) > 1:
        yield Or([_either(w, False) for w in words], scale=0.9)
    yield And([_either(w, True) for w in words])
    if len(words) > 1:
        yield Or([_either(w, True) for w in words], scale=0.9)


# --- facets and filters over column data -------------------------------------------------

def _checks(columns: dict[str, list], filters: SearchFilters) -> dict:
    checks = {}
    if filters.category_id is not None:
        wanted, leaf, top = str(filters.category_id), columns["category"], columns["top_category"]
        checks["category"] = lambda d: leaf[d] == wanted or top[d] == wanted
    for name in ("province", "regency"):
        value, column = getattr(filters, name), columns[name]
        if value:
            checks[name] = lambda d, value=value, column=column: column[d] == value
    band = PRICE_BANDS_BY_KEY.get(filters.price_band or "")
    if band is not None:
        price = columns["price"]
        checks["price_band"] = lambda d: band.holds(price[d])
    if filters.in_stock:
        stock = columns["in_stock"]
        checks["in_stock"] = lambda d: stock[d] == "1"
    return checks


def _filter_and_count(matched, columns: dict[str, list], filters: SearchFilters):
    """The documents passing every filter, and facet counts: each facet counted over the
    documents that pass all the *other* filters."""
    checks = _checks(columns, filters)
    counts = {name: Counter() for name in FACETS}
    leaf, top, price = columns["category"], columns["top_category"], columns["price"]
    province, regency, stock = columns["province"], columns["regency"], columns["in_stock"]
    allowed = []
    for d in matched:
        failed = [name for name, check in checks.items() if not check(d)] if checks else ()
        if len(failed) > 1:
            continue
        if not failed:
            allowed.append(d)
        for name in failed or FACETS:
            if name == "category":
                counts[name][leaf[d]] += 1
                if top[d] != leaf[d]:
                    counts[name][top[d]] += 1
            elif name == "province":
                counts[name][province[d]] += 1
            elif name == "regency":
                counts[name][regency[d]] += 1
            elif name == "price_band":
                counts[name][price_band_of(price[d])] += 1
            elif stock[d] == "1":
                counts[name]["1"] += 1
    facets = {name: sorted(c.items(), key=lambda item: (-item[1], item[0])) for name, c in counts.items()}
    return allowed, facets


def _page_of(searcher, query, allowed: list[int], columns, sort: SearchSort, start: int, end: int):
    ids, price, created = columns["id"], columns["price"], columns["created"]
    if not allowed or start >= len(allowed):
        return []  # and Whoosh would read an empty filter as no filter at all
    if sort == SearchSort.RELEVANCE and query is not None:
        hits = searcher.search(query, limit=end, filter=set(allowed))
        return [hit.docnum for hit in hits][start:end]
    keys = {
        SearchSort.PRICE_ASC: lambda d: (price[d], ids[d]),
        SearchSort.PRICE_DESC: lambda d: (-price[d], -ids[d]),
    }
    key = keys.get(sort, lambda d: (-created[d], -ids[d]))  # newest, and browsing without words
    return heapq.nsmallest(end, allowed, key=key)[start:end]


# --- "did you mean" -----------------------------------------------------------------

def _matched_terms(query, reader) -> frozenset[str]:
    terms = set()
    for field, text in query.existing_terms(reader, expand=True):
        if field == "text":
            terms.add(text.decode() if isinstance(text, bytes) else text)
    return frozenset(terms)


def _suggestion(searcher, text: str, stemmer: str) -> str | None:
    """The query with unknown words replaced by the nearest words of the catalogue, if that
    finds something."""
    reader = searcher.reader()
    corrector = searcher.corrector("spell")
    words, changed = [], False
    for token in plain_analyzer()(text):
        word = token.text
        if len(word) >= 3 and word.isalpha() and ("spell", word) not in reader:
            found = corrector.suggest(word, limit=1, maxdist=1 if len(word) < 6 else 2, prefix=1)
            if found:
                word, changed = found[0], True
        words.append(word)
    if not changed:
        return None
    corrected = " ".join(words[:MAX_WORDS])
    forms = word_forms(corrected, stemmer)
    if forms and next(searcher.docs_for_query(And([_either(w, False) for w in forms])), None) is not None:
        return corrected
    return None


# --- the search --------------------------------------------------------------------------

def _search(live: store.Live, text: str, filters: SearchFilters, sort: SearchSort, page: int,
            per_page: int) -> SearchResult:
    searcher, columns, stemmer = live.searcher, live.columns, store.stemmer()
    reader = searcher.reader()
    result = SearchResult(page=page, per_page=per_page)
    query, matched = None, []
    words = word_forms(text, stemmer) if text else []
    if not text:
        matched = list(reader.all_doc_ids())
    for attempt, candidate in enumerate(_queries(words) if words else ()):
        matched = list(searcher.docs_for_query(candidate))
        if matched:
            query, result.approximate = candidate, attempt > 0
            break
        if attempt == 0:
            result.suggestion = _suggestion(searcher, text, stemmer)
    allowed, result.facets = _filter_and_count(matched, columns, filters)
    result.total = len(allowed)
    result.page = min(max(page, 1), result.pages)
    start = (result.page - 1) * per_page
    docs = _page_of(searcher, query, allowed, columns, sort, start, start + per_page)
    result.ids = [columns["id"][d] for d in docs]
    terms = _matched_terms(query, reader) if query is not None else frozenset()
    for d, product_id in zip(docs, result.ids):
        result.highlights[product_id] = snippet(searcher.stored_fields(d).get("description", ""),
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


def _completions(reader, field: str, prefix: str, limit: int) -> list[str]:
    """The most frequent words of a field starting with `prefix`."""
    found = (t.decode() if isinstance(t, bytes) else t for t in reader.expand_prefix(field, prefix))
    return heapq.nlargest(limit, found, key=lambda t: reader.doc_frequency(field, t))


def suggest(prefix: str | None, limit: int = 8) -> list[str]:
    """Product names, then completed words, for what a buyer has typed so far."""
    text = clean_query(prefix)[:100]
    words = [token.text for token in plain_analyzer()(text)][:MAX_WORDS]
    if not words:
        return []
    complete, last = (words, None) if (prefix or "").endswith(" ") else (words[:-1], words[-1])
    if last is not None and len(last) < 2:
        return []
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
    suggestions = names + [" ".join([*complete, t]) for t in completions]
    return list(dict.fromkeys(suggestions))[:limit]
