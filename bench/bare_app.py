"""The yardstick: a bare Flask app returning one fixed 20 KB HTML page.

Run under the same gunicorn settings as the store (`gunicorn bench.bare_app:app`); every
page of the store is measured as a ratio of this page's requests per second.
"""

from __future__ import annotations

from flask import Flask, Response

PAGE_BYTES = 20 * 1024


def _page(size: int = PAGE_BYTES) -> bytes:
    """A plain product list padded with a comment to exactly `size` bytes."""
    head = (
        '<!doctype html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Bare Flask page</title></head><body><main><h1>Produk</h1><ul>\n"
    )
    tail = "</ul></main></body></html>\n"
    items: list[str] = []
    n = 0
    while True:
        n += 1
        item = (
            f'<li><a href="/products/produk-{n}">Produk nomor {n} dari perbatasan</a> '
            f"<span>Rp{n * 1000:,}</span></li>\n"
        )
        if len((head + "".join(items) + item + tail).encode()) + len("<!---->") > size:
            break
        items.append(item)
    html = head + "".join(items)
    padding = size - len((html + tail).encode()) - len("<!---->")
    return (html + "<!--" + "x" * padding + "-->" + tail).encode()


PAGE = _page()
app = Flask(__name__)


@app.get("/")
def index() -> Response:
    return Response(PAGE, mimetype="text/html")
