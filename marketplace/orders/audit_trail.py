"""Order changes that the audit log keeps (refunds, ship-by cancels, transfers owed back),
written in the transaction of the change. The admin area keeps the log and registers its
recorder when it is imported: orders never import admin."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum

Recorder = Callable[..., object]
_recorders: list[Recorder] = []


def register(recorder: Recorder) -> None:
    """`recorder(actor, action, target_type, target_id, *, before, after, reason, ip_address)`."""
    _recorders[:] = [recorder]


def record(actor, action: str, target_type: str, target_id, *, before: dict | None = None,
           after: dict | None = None, reason: str = "", ip_address: str = "") -> None:
    for recorder in _recorders:
        recorder(actor, action, target_type, target_id, before=before, after=after,
                 reason=reason, ip_address=ip_address)


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def snapshot(obj, *fields: str) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}
