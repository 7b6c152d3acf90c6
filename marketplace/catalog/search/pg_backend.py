"""Product search on PostgreSQL full-text search (SEARCH_BACKEND=postgresql), shared by every
app server on the database.

The same steps as the Whoosh side (engine.py), read from SQL: the query's words through the
same analyzer; every word must match, else most of them (unless a word is found nowhere), then
near spellings of the words (pg_trgm over the index's vocabulary, then the same edit distances
as Whoosh's); a GIN-indexed `tsvector @@ tsquery` finds the documents; BM25F with Whoosh's
formula, parameters and idf scores them from the stored term frequencies and lengths; filters
and facet counts (each facet over what passes the *other* filters) are one SQL statement.
"""
from __future__ import annotations

import logging
import math
from collections import Counter
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app

from marketplace.catalog.models import Product
from marketplace.catalog.search import pg_schema
from marketplace.catalog.search.analysis import plain_analyzer
from marketplace.catalog.search.engine import (
    MAX_WORDS,
    _attempts,
    clean_query,
    suggestion_words,
    suggestions,
    word_forms,
)
from marketplace.catalog.search.matching import B, K1, allows_typos, spelling_distance, typo_distance
from marketplace.catalog.search.pg_schema import SPELL, STATS, TEXT, TITLE
from marketplace.catalog.search.results import FACETS, PRICE_BANDS, SearchFilters, SearchResult, SearchSort
from marketplace.catalog.search.snippets import snippet
from marketplace.extensions import db

log = logging.getLogger(__name__)

SCALE = 0.9  # Whoosh's coordination bonus for "most of the words" (matching.Match)
TRIGRAM_THRESHOLD = 0.2  # candidates for an edit distance of 1-2 on short words


def _stemmer() -> str:
    return current_app.config["SEARCH_STEMMER"]


# --- writing --------------------------------------------------------------------------------

def index_products(product_ids: list[int]) -> None:
    """Write the products' documents now, in the caller's transaction (taken out when buyers
    may not see them): committed together with the change, seen by every server at once."""
    pg_schema.write(product_ids, _stemmer())


def rebuild(progress=None) -> int:
    return pg_schema.rebuild(_stemmer(), progress)


def _build_if_free() -> bool:
    """For the first search of a store whose index was never built (as the Whoosh side does):
    build it, unless another process is building it. True when it is there now."""
    db.session.commit()  # whatever the request read: the build commits on its own
    got = db.session.execute(sa.text("SELECT pg_try_advisory_xact_lock(:key)"),
                             {"key": pg_schema.BUILD_LOCK}).scalar()
    if not got:
        db.session.rollback()
        return False
    if not pg_schema.is_built():  # not built by someone meanwhile
        log.warning("Building the PostgreSQL search index (there was none)")
        rebuild()  # commits, letting go of the lock
    else:
        db.session.commit()
    return True


# --- the vocabulary -----------------------------------------------------------------------

def _levenshtein(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _near(field: str, word: str, maxdist: int) -> list[tuple[str, int]]:
    """Words of a field within `maxdist` edits of `word`, with the same first letter (Whoosh's
    `terms_within(..., prefix=1)`), and their total frequencies."""
    db.session.execute(sa.text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
                       {"t": str(TRIGRAM_THRESHOLD)})
    rows = db.session.execute(sa.text(
        "SELECT term, freq FROM search_pg_terms WHERE field = :field AND term % :word "
        "AND left(term, 1) = left(:word, 1) AND length(term) BETWEEN :low AND :high"),
        {"field": field, "word": word, "low": len(word) - maxdist, "high": len(word) + maxdist}).all()
    return [(term, freq) for term, freq in rows if _levenshtein(word, term, maxdist) <= maxdist]


def _document_frequencies(field: str, words: set[str]) -> dict[str, int]:
    if not words:
        return {}
    rows = db.session.execute(sa.text(
        "SELECT term, docs FROM search_pg_terms WHERE field = :field AND term = ANY(:terms) AND docs > 0"),
        {"field": field, "terms": sorted(words)}).all()
    return dict(rows)


class _Vocabulary:
    """What a search reads of the vocabulary, in one statement: whether the index was built,
    its number of documents and average length, and the document frequencies of terms."""

    def __init__(self, terms: set[str]) -> None:
        rows = db.session.execute(sa.text(
            "SELECT field, term, docs, freq FROM search_pg_terms "
            "WHERE field = '#' OR (field = 't' AND term = ANY(:terms) AND docs > 0)"),
            {"terms": sorted(terms)}).all()
        stats = next((row for row in rows if row.field == STATS and row.term == ""), None)
        self.built = any(row.field == STATS and row.term == pg_schema.BUILT for row in rows)
        self.count = stats.docs if stats else 0
        self.average = ((stats.freq if stats else 0) / (self.count or 1)) or 1.0
        self.df = {row.term: row.docs for row in rows if row.field == TEXT}

    def add(self, terms: set[str]) -> None:
        missing = terms - self.df.keys()
        if missing:
            self.df.update(_document_frequencies(TEXT, missing))


# --- a query --------------------------------------------------------------------------------

class _Words:
    """Per word of the query, the index terms it stands for that are in the index."""

    def __init__(self, words: list[list[str]], fuzzy: bool, every: bool, vocabulary: _Vocabulary) -> None:
        # Typos only for the words found nowhere as typed (matching.allows_typos).
        vocabulary.add({form for forms in words for form in forms})
        expanded = []
        for forms in words:
            found = set(forms)
            if allows_typos(fuzzy, forms, vocabulary.df.__contains__):
                for form in forms:
                    if maxdist := typo_distance(form):
                        found.update(t for t, _ in _near(TEXT, form, maxdist))
            expanded.append(sorted(found))
        vocabulary.add({t for terms in expanded for t in terms})
        self.vocabulary = vocabulary
        self.word_terms = [[t for t in terms if t in vocabulary.df] for terms in expanded]
        self.every = every

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(t for terms in self.word_terms for t in terms)

    def each_found(self) -> bool:
        return all(self.word_terms)

    def tsquery(self) -> str | None:
        groups = ["(" + " | ".join(pg_schema.quoted(t) for t in terms) + ")"
                  for terms in self.word_terms if terms]
        if not groups or (self.every and len(groups) < len(self.word_terms)):
            return None
        return (" & " if self.every else " | ").join(groups)


def _matches_any(tsquery: str | None) -> bool:
    if tsquery is None:
        return False
    return db.session.execute(sa.text(
        "SELECT EXISTS (SELECT 1 FROM search_pg_documents WHERE document @@ CAST(:q AS tsquery))"),
        {"q": tsquery}).scalar()


def _ident(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _score_sql(words: _Words, params: dict, passing: str | None = None) -> tuple[str, str]:
    """BM25F as matching.Match.scores computes it (Whoosh's formula and idf). Returns the
    score's expression and the lateral join giving it each query term's frequency: the stored
    frequencies are read once per document (`jsonb_to_record`), not once per term, and only
    for the documents `passing` the filters (the others are counted, never ranked: their
    score is meaningless)."""
    vocabulary = words.vocabulary
    params["k1"], params["b"], params["avg"] = K1, B, vocabulary.average
    names = sorted(words.terms)
    column = {term: f"x.{_ident(term)}" for term in names}
    record = f"jsonb_to_record(d.tf) AS x ({', '.join(_ident(t) + ' float8' for t in names)})"
    if not names:
        lateral = ""
    elif passing:
        # OFFSET 0 keeps the subquery whole, so the filters are a one-time test before the
        # function runs (pulled up into the join, they would be tested after it, on every row).
        lateral = f"LEFT JOIN LATERAL (SELECT * FROM {record} WHERE {passing} OFFSET 0) x ON TRUE"
    else:
        lateral = f"CROSS JOIN LATERAL {record}"
    norm = "(:k1 * ((1 - :b) + :b * d.length / :avg))"
    parts = []
    for w, terms in enumerate(words.word_terms):
        for i, term in enumerate(terms):
            key = f"t{w}_{i}"
            params[f"{key}_f"] = (math.log(vocabulary.count / (vocabulary.df[term] + 1)) + 1) * (K1 + 1)
            tf = f"COALESCE({column[term]}, 0)"
            parts.append(f":{key}_f * {tf} / ({tf} + {norm})")
    total = " + ".join(parts) or "0"
    if words.every or len(words.word_terms) < 2:
        return total, lateral
    n = len(words.word_terms)
    matching = []
    for terms in words.word_terms:
        if terms:
            found = " OR ".join(f"{column[t]} IS NOT NULL" for t in terms)
            matching.append(f"(CASE WHEN {found} THEN 1 ELSE 0 END)")
    params["spread"], params["shrink"] = (n - SCALE) ** 2, (n - 1) / n
    return f"(({total}) + ({' + '.join(matching)} - 1) / :spread) * :shrink", lateral


def _filters(filters: SearchFilters, params: dict) -> dict[str, str]:
    conditions = {}
    if filters.category_id is not None:
        params["f_category"] = filters.category_id
        conditions["category"] = "(d.category_id = :f_category OR d.top_category_id = :f_category)"
    for name in ("province", "regency"):
        value = getattr(filters, name)
        if value:
            params[f"f_{name}"] = value
            conditions[name] = f"d.{name} = :f_{name}"
    if filters.price_band:
        params["f_price_band"] = filters.price_band
        conditions["price_band"] = f"({_PRICE_BAND}) = :f_price_band"
    if filters.in_stock:
        conditions["in_stock"] = "d.in_stock"
    return conditions


_PRICE_BAND = "CASE " + " ".join(
    f"WHEN d.price >= {band.low}" + (f" AND d.price < {band.high}" if band.high is not None else "")
    + f" THEN '{band.key}'" for band in PRICE_BANDS) + " END"



class _Combination(NamedTuple):
    """Matched documents alike in everything filters and facets read, and how many they are."""

    category_id: int
    top_category_id: int
    province: str
    regency: str
    price_band: str
    in_stock: bool
    n: int


def _facet_values(c: _Combination) -> dict[str, tuple[str, ...]]:
    return {
        "category": ((str(c.category_id), str(c.top_category_id)) if c.top_category_id != c.category_id
                     else (str(c.category_id),)),
        "province": (c.province,),
        "regency": (c.regency,),
        "price_band": (c.price_band,),
        "in_stock": ("1",) if c.in_stock else (),
    }


def _failed_filters(c: _Combination, filters: SearchFilters) -> list[str]:
    failed = []
    wanted = filters.category_id
    if wanted is not None and wanted not in (c.category_id, c.top_category_id):
        failed.append("category")
    for name in ("province", "regency", "price_band"):
        value = getattr(filters, name)
        if value and getattr(c, name) != value:
            failed.append(name)
    if filters.in_stock and not c.in_stock:
        failed.append("in_stock")
    return failed


def _facets(combinations: list[_Combination],
            filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
    """The facet counts, each over the documents passing every *other* filter, added up from
    the combinations of values the matched documents have (a few hundred rows where the
    documents are tens of thousands: one pass of SQL, the rest here)."""
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for c in combinations:
        failed = _failed_filters(c, filters)
        if len(failed) > 1:
            continue
        for name, values in _facet_values(c).items():
            if not failed or failed == [name]:
                for value in values:
                    counts[name][value] += c.n
    return {name: sorted(found.items(), key=lambda item: (-item[1], item[0]))
            for name, found in counts.items()}


_ORDER = {
    SearchSort.PRICE_ASC: "d.price ASC, d.product_id ASC",
    SearchSort.PRICE_DESC: "d.price DESC, d.product_id DESC",
}
_NEWEST = "d.created DESC, d.product_id DESC"


def _run(match: _Words | None, filters: SearchFilters, sort: SearchSort, page: int, per_page: int,
         result: SearchResult) -> bool:
    """One statement over the matched documents: how many matched before filters (False when
    none did: the caller loosens the query), how many pass every filter, the facet counts (each
    over the documents passing every *other* filter), and the page of ids with descriptions."""
    params: dict = {"limit": per_page, "page": max(page, 1)}
    if match is not None:
        params["q"] = match.tsquery()
        where = "d.document @@ CAST(:q AS tsquery)"
    else:
        where = "TRUE"
    conditions = _filters(filters, params)
    flags = "".join(f", {condition} AS f_{name}" for name, condition in conditions.items())

    def passing(but: str | None = None) -> str:
        others = [f"d.f_{name}" for name in conditions if name != but]
        return " AND ".join(others) if others else "TRUE"

    columns = ("d.product_id, d.category_id, d.top_category_id, d.province, d.regency, d.price, "
               f"d.in_stock, d.created, {_PRICE_BAND} AS price_band")
    lateral = ""
    if sort == SearchSort.RELEVANCE and match is not None:
        # Scored as the documents are read: what is kept of each is a few narrow columns (in
        # memory), not its term frequencies (a temporary file at thousands of matches). Only the
        # documents passing every filter are scored ("tenun ikat" in a category it is not in:
        # 13,846 documents counted, none scored, 73 -> 23 ms under EXPLAIN ANALYZE).
        score, lateral = _score_sql(match, params, " AND ".join(conditions.values()))
        columns += f", {score} AS score"
        order = "d.score DESC, d.product_id ASC"
    else:
        order = _ORDER.get(sort, _NEWEST)
    # The kinds of row: "#" the totals, "c" a combination of filtered values with its count
    # (facets), "@" a product of the page with its position and description.
    selects = [
        "SELECT '#', matched, NULL, NULL, NULL, NULL, NULL, n, NULL FROM totals",
        "SELECT 'c', d.category_id, d.top_category_id, d.province, d.regency, d.price_band, d.in_stock, "
        "count(*), NULL FROM m d GROUP BY 2, 3, 4, 5, 6, 7",
        "SELECT '@', ranked.product_id, NULL, NULL, NULL, NULL, NULL, ranked.position, p.description "
        "FROM ranked JOIN products p ON p.id = ranked.product_id",
    ]
    sql = f"""
        WITH m AS MATERIALIZED (SELECT {columns}{flags} FROM search_pg_documents d {lateral} WHERE {where}),
        totals AS (SELECT count(*) FILTER (WHERE {passing()}) AS n, count(*) AS matched FROM m d),
        ranked AS (
            SELECT d.product_id, row_number() OVER () AS position FROM (
                SELECT d.product_id FROM m d WHERE {passing()} ORDER BY {order} LIMIT :limit
                OFFSET (SELECT (LEAST(:page, GREATEST(CEIL(n / CAST(:limit AS numeric)), 1)) - 1) * :limit
                        FROM totals)
            ) d
        )
        {" UNION ALL ".join(selects)}"""
    combinations, page_rows = [], []
    matched = 0
    rows = db.session.execute(sa.text(sql), params)
    for kind, a, b, province, regency, band, in_stock, n, description in rows:
        if kind == "#":
            result.total, matched = n, a
        elif kind == "@":
            page_rows.append((n, a, description or ""))
        else:
            combinations.append(_Combination(a, b, province, regency, band, in_stock, n))
    if match is not None and not matched:
        return False
    result.facets = _facets(combinations, filters)
    result.page = min(max(page, 1), result.pages)
    stemmer = _stemmer()
    terms = match.terms if match is not None else frozenset()
    for _, product_id, description in sorted(page_rows):
        result.ids.append(product_id)
        result.highlights[product_id] = snippet(description, terms, stemmer)
    return True


def _suggestion(text: str, stemmer: str, vocabulary: _Vocabulary) -> str | None:
    """The query with unknown words replaced by the most frequent catalogue word within one or
    two edits (as Whoosh's corrector ranks them), if that finds something."""
    words, changed = [], False
    typed = [token.text for token in plain_analyzer()(text)]
    known = _document_frequencies(SPELL, set(typed))
    for word in typed:
        maxdist = spelling_distance(word)
        if maxdist and word not in known:
            found = _near(SPELL, word, maxdist)
            if found:
                word, changed = min(found, key=lambda item: (-item[1], item[0]))[0], True
        words.append(word)
    if not changed:
        return None
    corrected = " ".join(words[:MAX_WORDS])
    forms = word_forms(corrected, stemmer)
    if forms and _matches_any(_Words(forms, False, True, vocabulary).tsquery()):
        return corrected
    return None


def _search(text: str, filters: SearchFilters, sort: SearchSort, page: int, per_page: int) -> SearchResult:
    stemmer = _stemmer()
    result = SearchResult(page=page, per_page=per_page)
    words = word_forms(text, stemmer) if text else []
    vocabulary = _Vocabulary({t for forms in words for t in forms})
    if not vocabulary.built:
        if not _build_if_free():
            return SearchResult(per_page=per_page, unavailable=True)
        vocabulary = _Vocabulary({t for forms in words for t in forms})
    if not text:
        _run(None, filters, sort, page, per_page, result)
        return result
    first = None
    for attempt, (fuzzy, every) in enumerate(_attempts(words) if words else ()):
        if first is not None and not (fuzzy or every or first.each_found()):
            continue
        candidate = _Words(words, fuzzy, every, vocabulary)
        if candidate.tsquery() is not None and _run(candidate, filters, sort, page, per_page, result):
            result.approximate = attempt > 0
            return result
        if first is None:
            first = candidate
            result.suggestion = _suggestion(text, stemmer, vocabulary)
    # Nothing, or only stop words.
    result.page, result.facets = 1, {name: [] for name in FACETS}
    return result


def search_products(query: str | None, filters: SearchFilters | None = None,
                    sort: SearchSort = SearchSort.RELEVANCE, page: int = 1,
                    per_page: int = 24) -> SearchResult:
    text = clean_query(query)
    filters = filters or SearchFilters()
    try:
        return _search(text, filters, sort, page, per_page)
    except sa.exc.ProgrammingError:  # e.g. 0018_pgsearch not applied: say so calmly, log it
        db.session.rollback()
        log.exception("PostgreSQL search failed")
        return SearchResult(per_page=per_page, unavailable=True)


def suggest(prefix: str | None, limit: int = 8) -> list[str]:
    """Product names, then completed words, for what a buyer has typed so far."""
    typed = suggestion_words(prefix)
    if typed is None:
        return []
    complete, last = typed
    params: dict = {"limit": limit}
    conditions = []
    for i, word in enumerate(complete):
        params[f"c{i}"] = word
        conditions.append(f"d.title ? :c{i}")
    completions = []
    if last is not None:
        terms = pg_schema.terms.c

        def starting(field: str, n: int) -> list[str]:
            return list(db.session.scalars(
                sa.select(terms.term)
                .where(terms.field == field, terms.term.startswith(last, autoescape=True), terms.docs > 0)
                .order_by(terms.docs.desc(), terms.term).limit(n)))

        completions = starting(SPELL, limit)
        in_names = starting(TITLE, 20) or [last]
        params["names"] = in_names
        conditions.append("d.title ?| CAST(:names AS text[])")
    names = list(db.session.scalars(sa.text(
        f"SELECT d.name FROM search_pg_documents d WHERE {' AND '.join(conditions)} "
        "ORDER BY length(d.name), d.product_id LIMIT :limit"), params))
    return suggestions(names, complete, completions, limit)


__all__ = ["STATS", "index_products", "rebuild", "search_products", "suggest"]
