"""Keeping the index in step with the database, with several processes writing.

A change to a product adds a row to `search_index_queue` in the same transaction. After the
commit, `apply_pending()` takes the index's writer lock without waiting: the process that gets
it reads the queue and the products *after* taking it (so a later writer never writes an older
state), updates the index, then deletes only the queue rows it read. A process that finds the
lock taken leaves its rows to the holder, which looks at the queue again after letting go: no
change is lost and no lock error reaches a user. `flask search apply-pending` (cron) catches
anything left by a process that died.
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Callable

import sqlalchemy as sa
from whoosh.codec.whoosh3 import W3Codec

from marketplace import aftercommit
from marketplace.catalog.models import SearchIndexQueue
from marketplace.catalog.search import store
from marketplace.catalog.search.schema import all_documents, documents_for
from marketplace.extensions import db
from marketplace.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 500
# A rebuild writes a segment per SEGMENT_DOCUMENTS products: the postings of one fit in Whoosh's
# buffer (BUILD_MEMORY_MB), which would otherwise spill sorted runs to disk and merge them in
# Python (100,000 products in one segment took half as long again as in five). Searches read
# the few segments as one; Whoosh's merge policy leaves segments this large alone.
BUILD_MEMORY_MB = 256
SEGMENT_DOCUMENTS = 20_000


class BulkCodec(W3Codec):
    """Whoosh's codec without per-block length statistics, for a rebuild. Writing them reads
    every posting's document length back from disk (a third of a rebuild's time); they only
    tighten the bounds Whoosh's own top-N search skips blocks with (matching.py does not use
    them, and looser bounds never change a result). Documents' lengths are still written."""

    length_stats = False
ROUNDS = 5  # a holder re-checks the queue after letting go, a few times at most


def enqueue(product_ids: list[int]) -> None:
    """Mark products for re-indexing, in the caller's transaction; applied when the request or
    command that commits it is done (aftercommit), else by the next applier or cron."""
    ids = sorted(set(product_ids))
    if ids:
        now = utcnow()
        db.session.execute(sa.insert(SearchIndexQueue), [{"product_id": i, "queued_at": now} for i in ids])
        aftercommit.when_committed("search-index", after_commit_reindex)


def _pending() -> bool:
    found = db.session.scalar(sa.select(SearchIndexQueue.id).limit(1)) is not None
    db.session.commit()  # end the read: SQLite would otherwise hold an old snapshot
    return found


def apply_pending(build_missing: bool = False) -> int:
    """Apply queued changes if no other process is writing; returns the products applied.
    Call it after the caller's commit: it reads and deletes queue rows in transactions of its own.

    Without an index nothing is applied (the first search or `search reindex` builds one from
    the database) unless `build_missing`.
    """
    if not build_missing and not _pending():  # most commits change no product
        return 0
    base = store.root()
    applied = 0
    for _ in range(ROUNDS):
        with store.writer_lock(base, blocking=False) as mine:
            if not mine:
                return applied
            try:
                ix = store.open_index(store.current_generation(base))
            except store.IndexUnusable:
                if not build_missing:
                    return applied
                return applied + _rebuild_locked(base, None)
            applied += _drain(ix)
        if not _pending():
            break
    return applied


def _drain(ix) -> int:
    """Apply every queued row to `ix`; the caller holds the writer lock."""
    applied = 0
    while True:
        rows = db.session.execute(
            sa.select(SearchIndexQueue.id, SearchIndexQueue.product_id)
            .order_by(SearchIndexQueue.id).limit(BATCH)
        ).all()
        if not rows:
            db.session.commit()
            return applied
        product_ids = sorted({row.product_id for row in rows})
        documents = documents_for(product_ids)
        db.session.commit()  # end the read before writing (SQLite snapshots)
        writer = ix.writer()
        try:
            for product_id in product_ids:
                if product_id in documents:
                    writer.update_document(**documents[product_id])
                else:  # unpublished, archived, taken down, deleted: out of the search
                    writer.delete_by_term("id", str(product_id))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        store.forget_version()
        db.session.execute(sa.delete(SearchIndexQueue).where(
            SearchIndexQueue.id.in_([row.id for row in rows])))
        db.session.commit()
        applied += len(product_ids)


def after_commit_reindex() -> None:
    """After the commit of a product change (run by aftercommit): never fails the request."""
    try:
        apply_pending()
    except Exception:  # the queue keeps the change; cron applies it
        db.session.rollback()
        log.exception("Applying search index changes failed; they stay queued")


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Build a new index from the database and serve it; returns the products indexed.

    Waits for a writer that is busy. Searches use the old index until the new one is served.
    """
    base = store.root()
    with store.writer_lock(base, blocking=True):
        return _rebuild_locked(base, progress)


def rebuild_if_free(unusable: str | None) -> bool:
    """For a search that found no usable index (`unusable`: the generation it could not use):
    build one, unless another process is writing. True when a served index should be there."""
    base = store.root()
    with store.writer_lock(base, blocking=False) as mine:
        if not mine:
            return False
        current = store.current_generation(base)
        if current is None or current.name == unusable:  # not rebuilt by someone meanwhile
            log.warning("Building the search index (%s)",
                        f"{unusable} could not be used" if unusable else "there was none")
            _rebuild_locked(base, None)
        store.forget_version()  # built by someone else meanwhile, maybe: read it again
        return True


def _rebuild_locked(base, progress: Callable[[int], None] | None) -> int:
    generation, ix = store.create_generation(base)
    count = in_segment = 0
    try:
        writer = ix.writer(limitmb=BUILD_MEMORY_MB, codec=BulkCodec())
        try:
            for batch in all_documents(BATCH):
                if in_segment >= SEGMENT_DOCUMENTS:
                    writer.commit(merge=False)
                    writer, in_segment = ix.writer(limitmb=BUILD_MEMORY_MB, codec=BulkCodec()), 0
                for document in batch:
                    writer.add_document(**document)
                count += len(batch)
                in_segment += len(batch)
                if progress is not None:
                    progress(len(batch))
            db.session.commit()
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)  # never served: nobody reads it
        raise
    store.serve(base, generation)
    # Changes committed while the index was being built were queued and kept (appliers could
    # not take the lock): apply them to the new index now.
    _drain(ix)
    return count
