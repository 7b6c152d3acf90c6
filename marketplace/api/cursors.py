"""Opaque cursors for key-set pagination of the catalogue.

A cursor is the sort key of the last product a client was given (catalog.queries.sort_key),
with the sort it belongs to, as URL-safe base64 of JSON. Clients must not build or read
them; the format may change. Nothing secret is inside: a forged cursor can only point at a
place in a listing anyone may read, so it is checked for shape, not signed.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from marketplace.catalog.queries import Sort

MAX_LENGTH = 200


NOT_OURS = "Not a cursor this API gave out."


class InvalidCursor(ValueError):
    pass


def encode(sort: Sort, key: tuple) -> str:
    first, product_id = key
    value = first.isoformat() if isinstance(first, datetime) else first
    raw = json.dumps([sort.value, value, product_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(token: str, sort: Sort) -> tuple:
    try:
        if len(token) > MAX_LENGTH:
            raise ValueError("too long")
        cursor_sort, first, product_id = json.loads(
            base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, TypeError):
        raise InvalidCursor(NOT_OURS) from None
    if cursor_sort != sort.value:
        raise InvalidCursor("This cursor belongs to another sort order; start again without it.")
    if sort == Sort.NEWEST:
        first = _naive_timestamp(first)
    if not _is_int(product_id) or first is None or (sort != Sort.NEWEST and not _is_int(first)):
        raise InvalidCursor(NOT_OURS)
    return (first, product_id)


def _naive_timestamp(value) -> datetime | None:
    """Times are naive UTC in the database (marketplace.timeutil)."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is None else None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63
