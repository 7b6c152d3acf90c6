"""The read-only catalogue API at /api/v1: JSON over the storefront's own queries.

What buyers may see, and nothing else: the same visibility rules, filters and validation as
the HTML catalogue (catalog.queries, catalog.forms) and search (catalog.search). Described by
the OpenAPI document at /api/v1/openapi.json (marketplace/api/openapi.py).
"""
from flask import Blueprint

PREFIX = "/api/v1"

bp = Blueprint("api", __name__)

from marketplace.api import http, kept, routes  # noqa: E402,F401

# After http's own set-up (the session interface): public reads answered from what was kept.
bp.record_once(lambda state: kept.install(state.app))
