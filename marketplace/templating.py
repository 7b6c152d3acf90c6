"""Jinja filters and globals shared by every page (the shell's; each blueprint registers its
own in its package's `_template_globals`, on `bp.record_once`)."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask, current_app, g, request, url_for
from flask_login import current_user

from marketplace.catalog import currencies
from marketplace.catalog.media_storage import media_url
from marketplace.catalog.models import Shop
from marketplace.catalog.packaging_quality import assess, is_well_packaged
from marketplace.catalog.photo_pipeline import image_url
from marketplace.extensions import db
from marketplace.language import current_language, format_idr, format_moment


@cache
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """A static URL that changes when the file does, so it can be cached for a year."""
    path = Path(current_app.static_folder or "") / filename
    try:
        version = _file_digest(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "0"
    return url_for("static", filename=filename, v=version)


def language_switch_url(language: str) -> str:
    """A plain link (no form, no session) that sets the language and comes back here."""
    # Without `lang`: the page comes back in the language just chosen, not the one its
    # address asked for (a visitor who came from a search engine's English link).
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    here = request.path + ("?" + urlencode(args) if args else "")
    return url_for("core.set_language", language=language, next=here)


def current_user_shop_slug() -> str | None:
    """The signed-in user's shop, for the header (one small query, once per request)."""
    if not current_user.is_authenticated:
        return None
    if "user_shop_slug" not in g:
        g.user_shop_slug = db.session.scalar(
            sa.select(Shop.slug).where(Shop.owner_id == current_user.id)
        )
    return g.user_shop_slug


def approximate_prices(amount_idr: int):
    """The amount in the display currencies (catalog.currencies), for a line beside the rupiah
    price; None when there are no rates. One query per request, whatever the page shows."""
    return currencies.approximate(amount_idr, currencies.rates_for_display(), current_language())


def packaging_assessment(product):
    """The packaging score's checklist for a listing (its details loaded): score and steps left."""
    return assess(product)


def well_packaged(product) -> bool:
    """The "kemasan lengkap" mark: the stored score reaches the configured threshold."""
    return is_well_packaged(product.packaging_score, current_app.config["PACKAGING_COMPLETE_SCORE"])


def register(app: Flask) -> None:
    app.jinja_env.filters["idr"] = format_idr
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals.update(
        asset_url=asset_url,
        media_url=media_url,
        image_url=image_url,
        language_switch_url=language_switch_url,
        current_language=current_language,
        current_user_shop_slug=current_user_shop_slug,
        approximate_prices=approximate_prices,
        packaging_assessment=packaging_assessment,
        well_packaged=well_packaged,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
