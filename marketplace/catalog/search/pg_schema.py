"""The PostgreSQL backend's tables, and how a product's document is written to them.

    search_pg_documents   one row per product buyers may see: a weighted `tsvector` of the
                          analyzer's terms (A name, B category, C the rest) under a GIN index, the
                          terms' frequencies (`tf`, for BM25F as the Whoosh side scores), the
                          document's length, and the columns filters, facets and sorting read
    search_pg_terms       the index's vocabulary with document and total frequencies, per field:
                          "t" the text field's terms (idf, typo expansion), "s" words as typed
                          ("did you mean"), "n" words of names (suggestions), and one "#" row
                          holding the number of documents and their total length. `pg_trgm`'s
                          GIN index on `term` finds near spellings.

The analyzer is the Python one (analysis.py): PostgreSQL never stems, the lexemes are given as
they are (a tsvector's text, `tsvector()`, never `to_tsvector`), so a search on either backend reads the same terms. Documents
are written in the transaction of the product change (`write`), so a search on any app server
sees the change as soon as it is committed. The tables belong to their own MetaData: the
migration creates them on PostgreSQL only, and SQLite stores never have them.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from whoosh.util.numeric import byte_to_length, length_to_byte

from marketplace.catalog.search.analysis import index_terms
from marketplace.catalog.search.schema import all_documents, documents_for
from marketplace.extensions import db

metadata = sa.MetaData()

documents = sa.Table(
    "search_pg_documents", metadata,
    sa.Column("product_id", sa.Integer, sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("document", pg.TSVECTOR, nullable=False),
    sa.Column("tf", pg.JSONB, nullable=False),  # text-field term -> frequency (name counted 3x)
    sa.Column("length", sa.Integer, nullable=False),  # as Whoosh stores it (one byte, rounded)
    sa.Column("raw_length", sa.Integer, nullable=False),
    sa.Column("spell", pg.JSONB, nullable=False),  # word -> count: the vocabulary's upkeep
    sa.Column("title", pg.JSONB, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("category_id", sa.Integer, nullable=False),
    sa.Column("top_category_id", sa.Integer, nullable=False),
    sa.Column("province", sa.Text, nullable=False),
    sa.Column("regency", sa.Text, nullable=False),
    sa.Column("price", sa.BigInteger, nullable=False),  # whole rupiah
    sa.Column("in_stock", sa.Boolean, nullable=False),
    sa.Column("created", sa.BigInteger, nullable=False),  # seconds since the epoch
)

terms = sa.Table(
    "search_pg_terms", metadata,
    sa.Column("field", sa.String(1), primary_key=True),
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("docs", sa.Integer, nullable=False),
    sa.Column("freq", sa.BigInteger, nullable=False),
)

TABLES = ("search_pg_documents", "search_pg_terms")
TEXT, SPELL, TITLE, STATS = "t", "s", "n", "#"
BUILT = "built"  # the "#" row written by rebuild() alone


BUILD_LOCK = 1936024949  # pg_advisory lock key: one process builds a missing index


def is_built() -> bool:
    return db.session.execute(sa.text(
        "SELECT 1 FROM search_pg_terms WHERE field = '#' AND term = :built"),
        {"built": BUILT}).first() is not None


def _counts(parts: Iterable[tuple[str, int]], stemmer: str | None) -> Counter:
    found: Counter[str] = Counter()
    for text, times in parts:
        for term, n in Counter(index_terms(text, stemmer)).items():
            found[term] += n * times
    return found


MAX_POSITION = 16383  # PostgreSQL's


def quoted(term: str) -> str:
    """A lexeme in a tsvector's or tsquery's text."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(sections) -> str:
    """A tsvector's text: the terms of the name weighted A, of the categories B, of the rest C,
    as the analyzer gave them (never parsed again by PostgreSQL's own configurations). Each
    distinct term of a section gets one position, which carries the weight."""
    positions: dict[str, list[str]] = {}
    position = 0
    for terms, weight in zip(sections, "ABC"):
        for term in sorted(set(terms)):
            position = min(position + 1, MAX_POSITION)
            positions.setdefault(term, []).append(f"{position}{weight}")
    return " ".join(f"{quoted(term)}:{','.join(found)}" for term, found in positions.items())


def row_of(product_id: int, doc: dict, stemmer: str) -> dict:
    """A search_pg_documents row from schema's document (the one Whoosh is given)."""
    (name, name_times), (categories, category_times), (rest, _) = doc["text"]
    tf = _counts(doc["text"], stemmer)
    raw = sum(tf.values())
    return {
        "product_id": product_id,
        "document": tsvector((index_terms(name, stemmer), index_terms(categories, stemmer),
                              index_terms(rest, stemmer))),
        "tf": dict(tf),
        "length": byte_to_length(length_to_byte(raw)) if raw else 0,
        "raw_length": raw,
        "spell": dict(_counts([(doc["spell"], 1)], None)),
        "title": dict(_counts([(doc["title"], 1)], None)),
        "name": doc["name"],
        "category_id": int(doc["category"]),
        "top_category_id": int(doc["top_category"]),
        "province": doc["province"].decode(),
        "regency": doc["regency"].decode(),
        "price": doc["price"],
        "in_stock": bool(doc["in_stock"]),
        "created": doc["created"],
    }


_UPSERT = sa.text("""
    INSERT INTO search_pg_documents AS d (product_id, document, tf, length, raw_length, spell, title,
        name, category_id, top_category_id, province, regency, price, in_stock, created)
    VALUES (:product_id, CAST(:document AS tsvector),
        CAST(:tf AS jsonb), :length, :raw_length, CAST(:spell AS jsonb), CAST(:title AS jsonb),
        :name, :category_id, :top_category_id, :province, :regency, :price, :in_stock, :created)
    ON CONFLICT (product_id) DO UPDATE SET document = excluded.document, tf = excluded.tf,
        length = excluded.length, raw_length = excluded.raw_length, spell = excluded.spell,
        title = excluded.title, name = excluded.name, category_id = excluded.category_id,
        top_category_id = excluded.top_category_id, province = excluded.province,
        regency = excluded.regency, price = excluded.price, in_stock = excluded.in_stock,
        created = excluded.created
""").bindparams(
    sa.bindparam("tf", type_=pg.JSONB), sa.bindparam("spell", type_=pg.JSONB),
    sa.bindparam("title", type_=pg.JSONB),
)


def _vocabulary(row, sign: int, into: Counter, freq: Counter) -> None:
    for field, counts in ((TEXT, row["tf"]), (SPELL, row["spell"]), (TITLE, row["title"])):
        for term, n in counts.items():
            into[field, term] += sign
            freq[field, term] += sign * n
    into[STATS, ""] += sign
    freq[STATS, ""] += sign * row["raw_length"]


def _apply_vocabulary(docs: Counter, freq: Counter) -> None:
    keys = sorted(key for key in set(docs) | set(freq) if docs[key] or freq[key])
    if not keys:
        return
    # In key order, so two transactions never wait on each other's rows crosswise.
    db.session.execute(sa.text("""
        INSERT INTO search_pg_terms AS t (field, term, docs, freq)
        SELECT * FROM unnest(CAST(:fields AS text[]), CAST(:terms AS text[]),
                             CAST(:docs AS int[]), CAST(:freq AS bigint[]))
        ON CONFLICT (field, term) DO UPDATE SET docs = t.docs + excluded.docs, freq = t.freq + excluded.freq
    """), {"fields": [k[0] for k in keys], "terms": [k[1] for k in keys],
           "docs": [docs[k] for k in keys], "freq": [freq[k] for k in keys]})
    db.session.execute(sa.text(
        "DELETE FROM search_pg_terms WHERE docs <= 0 AND field <> '#' AND (field, term) IN "
        "(SELECT * FROM unnest(CAST(:fields AS text[]), CAST(:terms AS text[])))"),
        {"fields": [k[0] for k in keys], "terms": [k[1] for k in keys]})


def write(product_ids: list[int], stemmer: str) -> None:
    """Bring the documents of these products in step with the database, in the caller's
    transaction: visible products written, the others removed, the vocabulary counted."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    db.session.flush()
    # One writer per product at a time (two first writes of one product would both count its
    # words), in id order: no deadlock between two transactions.
    db.session.execute(sa.text("SELECT pg_advisory_xact_lock(1936024948, id) FROM unnest(CAST(:ids AS int[])) AS id "
                               "ORDER BY id"), {"ids": ids})
    old = db.session.execute(
        sa.select(documents.c.product_id, documents.c.tf, documents.c.spell, documents.c.title,
                  documents.c.raw_length).where(documents.c.product_id.in_(ids))
        .order_by(documents.c.product_id).with_for_update()).mappings().all()
    new = [row_of(product_id, doc, stemmer) for product_id, doc in sorted(documents_for(ids).items())]
    docs, freq = Counter(), Counter()
    for row in old:
        _vocabulary(row, -1, docs, freq)
    for row in new:
        _vocabulary(row, +1, docs, freq)
    gone = set(ids) - {row["product_id"] for row in new}
    if gone:
        db.session.execute(sa.delete(documents).where(documents.c.product_id.in_(sorted(gone))))
    if new:
        db.session.execute(_UPSERT, new)
    _apply_vocabulary(docs, freq)


_COLUMNS = ("product_id", "document", "tf", "length", "raw_length", "spell", "title", "name",
            "category_id", "top_category_id", "province", "regency", "price", "in_stock", "created")


def _copy_documents(rows: list[dict], table: str) -> None:
    """Rows written with COPY: a rebuild of a million products in minutes, not an hour."""
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c], ensure_ascii=False) if c in ("tf", "spell", "title") else row[c]
                            for c in _COLUMNS])


def rebuild(stemmer: str, progress: Callable[[int], None] | None = None, batch: int = 2000) -> int:
    """Every document and the vocabulary written again from the database, in one transaction:
    searches on other connections see the old index until it commits.

    The documents are laid out on disk by category (written to a temporary table first, then
    copied in that order): a broad search ("tenun ikat") or a category filter matches mostly
    one category, and reads a third as many pages as when the documents lie in product order
    (3,414 pages instead of 11,062 for 13,846 matches at 100,000 products). Products written
    later go at the end; the next rebuild (`flask search reindex`) orders them again."""
    db.session.execute(sa.text("LOCK TABLE search_pg_documents, search_pg_terms IN EXCLUSIVE MODE"))
    db.session.execute(sa.text(
        "CREATE TEMPORARY TABLE search_pg_staging (LIKE search_pg_documents) ON COMMIT DROP"))
    db.session.execute(sa.delete(documents))
    db.session.execute(sa.delete(terms))
    # The statistics row, and the row saying the index was built (writes before the first
    # build leave documents and counts, but the first search still builds it from the database).
    db.session.execute(sa.insert(terms), [{"field": STATS, "term": "", "docs": 0, "freq": 0},
                                          {"field": STATS, "term": BUILT, "docs": 0, "freq": 0}])
    count = 0
    docs, freq = Counter(), Counter()
    for group in all_documents(batch):
        rows = [row_of(int(doc["id"]), doc, stemmer) for doc in group]
        for row in rows:
            _vocabulary(row, +1, docs, freq)
        if rows:
            _copy_documents(rows, "search_pg_staging")
        count += len(rows)
        if progress is not None:
            progress(len(rows))
    columns = ", ".join(_COLUMNS)
    db.session.execute(sa.text(
        f"INSERT INTO search_pg_documents ({columns}) SELECT {columns} FROM search_pg_staging "
        "ORDER BY top_category_id, category_id, product_id"))
    _apply_vocabulary(docs, freq)
    db.session.commit()
    db.session.execute(sa.text("ANALYZE search_pg_documents"))
    db.session.execute(sa.text("ANALYZE search_pg_terms"))
    db.session.commit()
    return count


def include_name(name, type_, parent_names) -> bool:
    """For Alembic's comparisons: the backend's tables are the migration's, not the models'
    (they exist on PostgreSQL only)."""
    return not (type_ == "table" and name in TABLES)
