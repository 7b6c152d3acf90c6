"""The admin menu: each admin page module adds its entry here when it is imported."""
from __future__ import annotations

_ENTRIES: list[tuple[int, str, object]] = []


def add(order: int, endpoint: str, label) -> None:
    _ENTRIES.append((order, endpoint, label))


def items() -> list[tuple[str, object]]:
    return [(endpoint, label) for _, endpoint, label in sorted(_ENTRIES, key=lambda e: e[0])]
