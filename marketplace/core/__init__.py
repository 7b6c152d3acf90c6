"""Site-wide endpoints: health check, language switch, media files, sitemap and robots.txt."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from marketplace.core import routes  # noqa: E402,F401
