"""Kept only for the route modules that still call `dispatch_after_commit()` by hand (the
after-commit work of issue 15 removes those calls, and this module with them). Mail is queued
through `marketplace.mail`; a shop's mail through `catalog.recipients.queue_shop_mail`."""
from __future__ import annotations

from marketplace.mail import dispatch_after_commit

__all__ = ["dispatch_after_commit"]
