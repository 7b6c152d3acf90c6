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

import sqlalchemy as sa
from flask import current_app

from marketplace.catalog.models import Product
from marketplace.catalog.search import pg_schema
from marketplace.catalog.search.analysis import plain_analyzer
from marketplace.catalog.search.engine import MAX_WORDS, _attempts, clean_query, word_forms
from marketplace.catalog.search.matching import B, K1
from marketplace.catalog.search.pg_schema import SPELL, STATS, TEXT, TITLE
from marketplace.catalog.search.results import PRICE_BANDS, SearchFilters, SearchResult, SearchSort
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


def _stats() -> tuple[int, float]:
    row = db.session.execute(sa.text(
        "SELECT docs, freq FROM search_pg_terms WHERE field = '#' AND term = ''")).first()
    count = row.docs if row else 0
    return count, ((row.freq if row else 0) / (count or 1)) or 1.0


# --- a query --------------------------------------------------------------------------------

class _Words:
    """Per word of the query, the index terms it stands for that are in the index."""

    def __init__(self, words: list[list[str]], fuzzy: bool, every: bool) -> None:
        expanded = []
        for forms in words:
            found = set(forms)
            if fuzzy:
                for form in forms:
                    if len(form) >= 5 and form.isalpha():
                        found.update(t for t, _ in _near(TEXT, form, 1 if len(form) < 8 else 2))
            expanded.append(sorted(found))
        self.df = _document_frequencies(TEXT, {t for terms in expanded for t in terms})
        self.word_terms = [[t for t in terms if t in self.df] for terms in expanded]
        self.every = every

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(t for terms in self.word_terms for t in terms)

    def each_found(self) -> bool:
        return all(self.word_terms)

    def tsquery(self) -> str | None:
        groups = ["(" + " | ".join(_lexeme(t) for t in terms) + ")" for terms in self.word_terms if terms]
        if not groups or (self.every and len(groups) < len(self.word_terms)):
            return None
        return (" & " if self.every else " | ").join(groups)


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _matches_any(tsquery: str | None) -> bool:
    if tsquery is None:
        return False
    return db.session.execute(sa.text(
        "SELECT EXISTS (SELECT 1 FROM search_pg_documents WHERE document @@ CAST(:q AS tsquery))"),
        {"q": tsquery}).scalar()


def _score_sql(words: _Words, params: dict) -> str:
    """BM25F as matching.Match.scores computes it (Whoosh's formula and idf)."""
    count, average = _stats()
    params["k1"], params["b"], params["avg"] = K1, B, average
    parts = []
    for w, terms in enumerate(words.word_terms):
        for i, term in enumerate(terms):
            key = f"t{w}_{i}"
            params[key] = term
            params[f"{key}_f"] = (math.log(count / (words.df[term] + 1)) + 1) * (K1 + 1)
            tf = f"COALESCE(CAST(d.tf ->> :{key} AS float8), 0)"
            parts.append(f":{key}_f * {tf} / ({tf} + :k1 * ((1 - :b) + :b * d.length / :avg))")
    total = " + ".join(parts) or "0"
    if words.every or len(words.word_terms) < 2:
        return total
    n = len(words.word_terms)
    matching = []
    for w, terms in enumerate(words.word_terms):
        if terms:
            params[f"w{w}"] = terms
            matching.append(f"(CASE WHEN d.tf ?| CAST(:w{w} AS text[]) THEN 1 ELSE 0 END)")
    params["spread"], params["shrink"] = (n - SCALE) ** 2, (n - 1) / n
    return f"(({total}) + ({' + '.join(matching)} - 1) / :spread) * :shrink"


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

_FACET_VALUES = {
    "category": ["CAST(d.category_id AS text)",
                 "CASE WHEN d.top_category_id <> d.category_id THEN CAST(d.top_category_id AS text) END"],
    "province": ["d.province"],
    "regency": ["d.regency"],
    "price_band": [_PRICE_BAND],
    "in_stock": ["CASE WHEN d.in_stock THEN '1' END"],
}


def _facets_and_total(where: str, conditions: dict[str, str], params: dict):
    """Facet counts, each over the matched documents passing every *other* filter, and the
    number passing them all: one statement, one pass over the matches."""
    def passing(but: str | None = None) -> str:
        others = [c for name, c in conditions.items() if name != but]
        return " AND ".join(others) if others else "TRUE"

    selects = [f"SELECT '#' AS facet, '' AS value, count(*) FILTER (WHERE {passing()}) AS n FROM m d"]
    for name, values in _FACET_VALUES.items():
        for value in values:
            selects.append(f"SELECT '{name}', {value}, count(*) FROM m d WHERE {passing(name)} "
                           f"GROUP BY 2 HAVING {value} IS NOT NULL")
    sql = (f"WITH m AS MATERIALIZED (SELECT * FROM search_pg_documents d WHERE {where}) "
           + " UNION ALL ".join(selects))
    total, counts = 0, {name: {} for name in _FACET_VALUES}
    for facet, value, n in db.session.execute(sa.text(sql), params):
        if facet == "#":
            total = n
        elif n:
            counts[facet][value] = counts[facet].get(value, 0) + n
    facets = {name: sorted(found.items(), key=lambda item: (-item[1], item[0])) for name, found in counts.items()}
    return total, facets


_ORDER = {
    SearchSort.PRICE_ASC: "d.price ASC, d.product_id ASC",
    SearchSort.PRICE_DESC: "d.price DESC, d.product_id DESC",
}
_NEWEST = "d.created DESC, d.product_id DESC"


def _suggestion(text: str, stemmer: str) -> str | None:
    """The query with unknown words replaced by the most frequent catalogue word within one or
    two edits (as Whoosh's corrector ranks them), if that finds something."""
    words, changed = [], False
    typed = [token.text for token in plain_analyzer()(text)]
    known = _document_frequencies(SPELL, set(typed))
    for word in typed:
        if len(word) >= 3 and word.isalpha() and word not in known:
            found = _near(SPELL, word, 1 if len(word) < 6 else 2)
            if found:
                word, changed = min(found, key=lambda item: (-item[1], item[0]))[0], True
        words.append(word)
    if not changed:
        return None
    corrected = " ".join(words[:MAX_WORDS])
    forms = word_forms(corrected, stemmer)
    if forms and _matches_any(_Words(forms, fuzzy=False, every=True).tsquery()):
        return corrected
    return None


def _search(text: str, filters: SearchFilters, sort: SearchSort, page: int, per_page: int) -> SearchResult:
    stemmer = _stemmer()
    result = SearchResult(page=page, per_page=per_page)
    words = word_forms(text, stemmer) if text else []
    match = None
    first = None
    for attempt, (fuzzy, every) in enumerate(_attempts(words) if words else ()):
        if first is not None and not (fuzzy or every or first.each_found()):
            continue
        candidate = _Words(words, fuzzy, every)
        if _matches_any(candidate.tsquery()):
            match, result.approximate = candidate, attempt > 0
            break
        if first is None:
            first = candidate
            result.suggestion = _suggestion(text, stemmer)
    if text and match is None:  # nothing, or only stop words
        result.page = 1
        result.facets = {name: [] for name in _FACET_VALUES}
        return result

    params: dict = {}
    if match is not None:
        params["q"] = match.tsquery()
        where = "d.document @@ CAST(:q AS tsquery)"
    else:
        where = "TRUE"
    conditions = _filters(filters, params)
    result.total, result.facets = _facets_and_total(where, conditions, params)
    result.page = min(max(page, 1), result.pages)
    if not result.total:
        return result
    allowed = " AND ".join([where, *conditions.values()])
    if sort == SearchSort.RELEVANCE and match is not None:
        order = f"{_score_sql(match, params)} DESC, d.product_id ASC"
    else:
        order = _ORDER.get(sort, _NEWEST)
    params["limit"], params["offset"] = per_page, (result.page - 1) * per_page
    result.ids = list(db.session.scalars(sa.text(
        f"SELECT d.product_id FROM search_pg_documents d WHERE {allowed} ORDER BY {order} "
        "LIMIT :limit OFFSET :offset"), params))
    terms = match.terms if match is not None else frozenset()
    descriptions = dict(db.session.execute(
        sa.select(Product.id, Product.description).where(Product.id.in_(result.ids))).all()) if result.ids else {}
    for product_id in result.ids:
        result.highlights[product_id] = snippet(descriptions.get(product_id) or "", terms, stemmer)
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
    text = clean_query(prefix)[:100]
    words = [token.text for token in plain_analyzer()(text)][:MAX_WORDS]
    if not words:
        return []
    complete, last = (words, None) if (prefix or "").endswith(" ") else (words[:-1], words[-1])
    if last is not None and len(last) < 2:
        return []
    params: dict = {"limit": limit}
    conditions = []
    for i, word in enumerate(complete):
        params[f"c{i}"] = word
        conditions.append(f"d.title ? :c{i}")
    completions = []
    if last is not None:
        params["prefix"] = last.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        def starting(field: str, n: int) -> list[str]:
            return list(db.session.scalars(sa.text(
                "SELECT term FROM search_pg_terms WHERE field = :field AND term LIKE :prefix "
                "AND docs > 0 ORDER BY docs DESC, term LIMIT :n"), {**params, "field": field, "n": n}))

        completions = starting(SPELL, limit)
        in_names = starting(TITLE, 20) or [last]
        params["names"] = in_names
        conditions.append("d.title ?| CAST(:names AS text[])")
    names = list(db.session.scalars(sa.text(
        f"SELECT d.name FROM search_pg_documents d WHERE {' AND '.join(conditions)} "
        "ORDER BY length(d.name), d.product_id LIMIT :limit"), params))
    suggestions = names + [" ".join([*complete, t]) for t in completions]
    return list(dict.fromkeys(suggestions))[:limit]


__all__ = ["STATS", "index_products", "rebuild", "search_products", "suggest"]
