"""Search fixtures: an index directory of the test's own, and a look inside the index."""
from __future__ import annotations

import pytest


@pytest.fixture
def search_dir(app, tmp_path):
    """An empty index directory for this test (the process-wide one outlives the database
    rows each test removes)."""
    path = tmp_path / "search-index"
    app.config["SEARCH_INDEX_DIR"] = str(path)
    return path


@pytest.fixture
def indexed(search_dir):
    """What the served index holds now: {product id: {"in_stock": ..., "price": ...}}."""
    from marketplace.catalog.search import store

    def read() -> dict[int, dict]:
        live = store.live_searcher()
        with live.lock:
            columns = live.columns
            return {columns["id"][d]: {name: columns[name][d] for name in ("in_stock", "price", "regency")}
                    for d in live.searcher.reader().all_doc_ids()}

    return read
