"""The index on disk: generations, the writer lock, and one live searcher per process.

    SEARCH_INDEX_DIR/
        CURRENT        name of the generation being served, replaced atomically
        write.lock     held by the one process writing (applying changes or rebuilding)
        g-.../         a Whoosh index, plus meta.json (schema version and stemmer)

A rebuild writes a new generation and then points CURRENT at it, so searches keep working
on the old one meanwhile. The generation served before stays on disk (a searcher in another
process may still be reading it); older ones are removed.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from flask import current_app
from whoosh import index as whoosh_index
from whoosh.util.filelock import FileLock

from marketplace.catalog.search.facets import DERIVED_COLUMNS, derived_columns
from marketplace.catalog.search.matching import Postings, leaf_lengths
from marketplace.catalog.search.schema import COLUMNS, SCHEMA_VERSION, make_schema, read_columns

log = logging.getLogger(__name__)

POINTER = "CURRENT"
LOCK = "write.lock"
META = "meta.json"


class IndexUnusable(Exception):
    """No index, or one built by other code or settings, or one that cannot be read."""

    def __init__(self, reason: str, generation: str | None = None) -> None:
        super().__init__(reason)
        self.generation = generation  # the generation found unusable, None when there is none


def root() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def stemmer() -> str:
    return current_app.config["SEARCH_STEMMER"]


@contextmanager
def writer_lock(base: Path, blocking: bool):
    """Yields whether this process is now the one writer (False: someone else is)."""
    base.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(base / LOCK))
    if not lock.acquire(blocking=blocking):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def current_generation(base: Path) -> Path | None:
    try:
        name = (base / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    path = base / name
    return path if name and os.sep not in name and path.is_dir() else None


def open_index(generation: Path | None):
    """The Whoosh index of a generation, checked to fit this code and these settings."""
    if generation is None:
        raise IndexUnusable("no index yet")
    try:
        meta = json.loads((generation / META).read_text())
        if meta != {"schema": SCHEMA_VERSION, "stemmer": stemmer()}:
            raise IndexUnusable(f"built with {meta}", generation.name)
        return whoosh_index.open_dir(str(generation))
    except IndexUnusable:
        raise
    except Exception as error:  # a damaged TOC or meta file: any of several exceptions
        raise IndexUnusable(f"{generation.name}: {error!r}", generation.name) from error


def create_generation(base: Path):
    """A new, empty generation (not yet served) and its index."""
    name = f"g-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    path = base / name
    path.mkdir(parents=True)
    ix = whoosh_index.create_in(str(path), make_schema(stemmer()))
    (path / META).write_text(json.dumps({"schema": SCHEMA_VERSION, "stemmer": stemmer()}))
    return path, ix


def serve(base: Path, generation: Path) -> None:
    """Point CURRENT at a generation (atomic rename), then remove all but it and the last."""
    previous = current_generation(base)
    staging = base / f"{POINTER}.{secrets.token_hex(4)}"
    staging.write_text(generation.name)
    os.replace(staging, base / POINTER)
    forget_version()
    keep = {generation.name, previous.name if previous else ""}
    for path in base.glob("g-*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


# --- the live searcher -------------------------------------------------------------------

@dataclass
class Live:
    """A searcher with what searches read from it in bulk: its column data as lists indexed by
    document number, its posting lists (matching.Postings) and the set of its live documents."""

    generation: str
    index: object  # whoosh FileIndex
    searcher: object
    columns: dict[str, list] = field(default_factory=dict)
    postings: Postings | None = None
    all_docs: set[int] = field(default_factory=set)
    segments: dict[str, tuple] = field(default_factory=dict)  # segment id -> (columns, lengths)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def reopen(self) -> None:
        """The latest commit of the same generation. Not Searcher.refresh(): it reuses the
        reader of a segment whose deletions changed, so an edited product would show twice
        (and it fails outright on an empty index)."""
        old = self.searcher
        self.searcher = self.index.searcher()
        old.close()
        self.load()

    def load(self) -> None:
        """Read what searches use in bulk. A segment's columns and lengths never change (only
        its deletions do), so those of segments already read are kept: after a product edit,
        only the new small segment is read, not the whole index again."""
        reader = self.searcher.reader()
        leaves = list(reader.leaf_readers()) if reader.doc_count_all() else []
        segments = {}
        for leaf, _offset in leaves:
            key = leaf.segment().segment_id()
            segments[key] = self.segments.get(key) or _read_segment(leaf)
        self.segments = segments
        parts = [segments[leaf.segment().segment_id()] for leaf, _offset in leaves]
        self.columns = {name: list(chain.from_iterable(columns[name] for columns, _ in parts))
                        for name in (*COLUMNS, *DERIVED_COLUMNS)}
        self.postings = Postings(reader, list(chain.from_iterable(lengths for _, lengths in parts)))
        self.all_docs = set()
        for leaf, offset in leaves:
            self.all_docs.update(range(offset, offset + leaf.doc_count_all()))
            self.all_docs.difference_update(offset + d for d in leaf.deleted_docs_set)


def _read_segment(leaf) -> tuple[dict[str, list], list[int]]:
    if leaf.doc_count_all() == 0:  # no column files at all
        return {name: [] for name in (*COLUMNS, *DERIVED_COLUMNS)}, []
    columns = read_columns(leaf)
    columns.update(derived_columns(columns))
    return columns, leaf_lengths(leaf)


MAX_LIVE = 4
_live: dict[str, Live] = {}
_live_lock = threading.Lock()


def live_searcher() -> Live:
    """This process's searcher for the served generation, reopened only when it changed."""
    base = root()
    key = str(base.resolve())
    generation = current_generation(base)
    with _live_lock:
        live = _live.get(key)
        if live is not None and generation is not None and live.generation == generation.name:
            with live.lock:
                try:
                    if not live.searcher.up_to_date():
                        live.reopen()
                except Exception as error:  # a damaged commit: rebuilt by the caller
                    _live.pop(key, None)
                    raise IndexUnusable(f"{live.generation}: {error!r}", live.generation) from error
            return live
        ix = open_index(generation)
        try:
            live = Live(generation.name, ix, ix.searcher())
            live.load()
        except Exception as error:
            raise IndexUnusable(f"{generation.name}: {error!r}", generation.name) from error
        old = _live.pop(key, None)
        if old is not None:
            _close(old)
        while len(_live) >= MAX_LIVE:  # one index in production; tests make many
            _close(_live.pop(next(iter(_live))))
        _live[key] = live
        return live


# The index's version as this process last read it (engine.index_version), with its deadline.
REMEMBERED_VERSION = "sentra.search_index_version"


def forget_version() -> None:
    """After this process wrote to the index (or found its searcher broken): the next search
    page reads the index's version again, so this process's own changes show at once."""
    current_app.extensions.pop(REMEMBERED_VERSION, None)


def forget_searcher() -> None:
    """Drop this process's searcher (after an error reading it)."""
    forget_version()
    with _live_lock:
        live = _live.pop(str(root().resolve()), None)
    if live is not None:
        _close(live)


def _close(live: Live) -> None:
    with live.lock:
        try:
            live.searcher.close()
        except Exception:  # already gone with its files
            log.debug("Closing an old searcher failed", exc_info=True)
