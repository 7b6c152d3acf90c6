"""The data versions the storefront's caches are keyed by, read once per request.

Shared storefront HTML and aggregates are cached under the versions of the data they show
(marketplace/caching.py). The catalogue version changes after every commit that changes what
a storefront page shows (catalog.services.bump_catalogue_version); the curation version with
every change of the home page's curation (admin.curation).
"""
from __future__ import annotations

import sqlalchemy as sa

from marketplace import caching
from marketplace.catalog.models import SiteSetting
from marketplace.extensions import db

CATALOGUE_VERSION_KEY = "catalogue_version"
CURATION_VERSION_KEY = "curation_version"
# Changed by every log-out, "sign out everywhere", password change, erasure and change to what
# the header shows of a person (templating.bump_sessions_version): read with the others, so
# that a page answered from the cache for a signed-in visitor costs no query of its own.
SESSIONS_VERSION_KEY = "sessions_version"
_VERSIONS_QUERY = sa.select(SiteSetting.__table__.c.key, SiteSetting.__table__.c.value).where(
    SiteSetting.__table__.c.key.in_((CATALOGUE_VERSION_KEY, CURATION_VERSION_KEY,
                                     SESSIONS_VERSION_KEY))
)


def stored_versions() -> dict[str, str]:
    """The versions: read once per request, or kept by this process for CACHE_VERSION_TTL
    seconds (see caching.remembered_versions)."""
    from flask import g

    versions = g.get(caching.VERSIONS_G_KEY)
    if versions is None:
        versions = caching.remembered_versions(_read_versions)
        setattr(g, caching.VERSIONS_G_KEY, versions)
    return versions


def _read_versions() -> dict[str, str]:
    # On a cached page this is the only statement, so it is made as cheap as it can be: a
    # Core statement built once, on a connection of its own in autocommit mode (no BEGIN, no
    # ROLLBACK when the request ends, and the session never takes a connection). Reading the
    # versions outside the session's transaction is safe: they are read first, so whatever
    # data a page is rendered from is at least as new as they are.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        return dict(connection.execute(_VERSIONS_QUERY).all())


def page_versions() -> tuple[str, ...]:
    """What every storefront page depends on besides its URL and language."""
    versions = stored_versions()
    return (versions.get(CATALOGUE_VERSION_KEY, "0"), versions.get(CURATION_VERSION_KEY, "-"))
