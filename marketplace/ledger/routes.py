"""Pages of the ledger: the seller's balance and statements."""
from __future__ import annotations

from marketplace.ledger import balance_routes  # noqa: F401
