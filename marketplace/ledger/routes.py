"""Pages of the ledger: the seller's balance, statements and complaints; the buyer's
confirmation of receipt and complaints."""
from __future__ import annotations

from marketplace.ledger import balance_routes, buyer_routes, seller_routes  # noqa: F401
