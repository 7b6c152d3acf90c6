"""The audit log as an admin reads it: each entry's before and after (stored as JSON by
`admin.audit`) turned into labelled changes, "Status: Awaiting payment → Paid".

Values keep their type (`kind`) so that the page formats them in the reader's language: rupiah,
yes/no, a date and time in WIB, a commission rate. A field this table does not know (a new
action's) still reads: its name with spaces, its value as text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from marketplace.admin.models import AuditEntry

ACTION_LABELS = {
    "order.confirm_transfer": _l("Bank transfer confirmed"),
    "order.refund": _l("Refund"),
    "order.refund_outside": _l("Refund made outside Sentra (gateway dashboard)"),
    "order.refund_failed": _l("Refund came back: pay the buyer back by hand"),
    "order.ship_by_cancel": _l("Parcel cancelled: not shipped in time"),
    "shop.verify": _l("Shop verified"),
    "shop.reject": _l("Shop not verified"),
    "shop.suspend": _l("Shop suspended"),
    "shop.reinstate": _l("Shop reinstated"),
    "product.take_down": _l("Listing taken down"),
    "product.restore": _l("Listing restored"),
    "category.create": _l("Category created"),
    "category.update": _l("Category renamed"),
    "category.reorder": _l("Category moved up or down"),
    "category.move": _l("Category moved"),
    "category.move_products": _l("Products moved to another category"),
    "category.delete": _l("Category deleted"),
    "centre.create": _l("Centre created"),
    "centre.update": _l("Centre changed"),
    "centre.appoint_staff": _l("Staff appointed"),
    "centre.remove_staff": _l("Staff removed"),
    "commission.set": _l("Commission rate set"),
    "commission.remove": _l("Commission rate removed"),
    "complaint.decide": _l("Complaint decided"),
    "currency.add": _l("Display currency added"),
    "currency.set_rate": _l("Exchange rate set"),
    "currency.remove": _l("Display currency removed"),
    "curation.section_create": _l("Home-page section created"),
    "curation.section_rename": _l("Home-page section renamed"),
    "curation.section_activate": _l("Home-page section shown"),
    "curation.section_deactivate": _l("Home-page section hidden"),
    "curation.section_move": _l("Home-page section moved"),
    "curation.entry_add": _l("Product added to the home page"),
    "curation.entry_move": _l("Home-page product moved"),
    "curation.entry_schedule": _l("Home-page product scheduled"),
    "curation.entry_remove": _l("Product removed from the home page"),
    "payout.batch": _l("Payout batch made"),
    "payout.paid": _l("Payout paid"),
    "payout.failed": _l("Payout refused by the bank"),
    "user.grant_admin": _l("Made an admin"),
    "personal_data.view_address": _l("Buyer's address viewed"),
    "personal_data.export_payouts": _l("Payout list with bank accounts downloaded"),
}

TARGET_LABELS = {
    "order": _l("Order"), "shop": _l("Shop"), "product": _l("Listing"),
    "category": _l("Category"), "centre": _l("Centre"), "commission": _l("Commission"),
    "complaint": _l("Complaint"), "exchange_rate": _l("Display currency"),
    "featured_section": _l("Home-page section"), "featured_entry": _l("Home-page product"),
    "payout": _l("Payout"), "payout_batch": _l("Payout batch"), "user": _l("Account"),
}

FIELD_LABELS = {
    "status": _l("Status"), "refunded_idr": _l("Refunded"), "refund_idr": _l("Refund"),
    "total_idr": _l("Total"), "amount_idr": _l("Amount"), "owed_idr": _l("Owed to the buyer"),
    "amount_received_idr": _l("Amount received"), "bank_reference": _l("Bank reference"),
    "reference": _l("Bank reference"), "method": _l("How"), "shipment_id": _l("Parcel"),
    "stripe_refund_id": _l("Stripe refund"), "is_verified": _l("Verified"),
    "review_decision": _l("Decision"), "review_reason": _l("Reason given to the seller"),
    "blocked_reason": _l("Reason for taking it down"), "name": _l("Name"), "slug": _l("Slug"),
    "kind": _l("Kind"), "province": _l("Province"), "regency": _l("Regency"),
    "address": _l("Address"), "contact": _l("Contact"), "description": _l("Description"),
    "currency": _l("Currency"), "idr_per_unit": _l("Rupiah per unit"),
    "set_at": _l("Set on"), "set_by_id": _l("Set by (account number)"),
    "name_id": _l("Name in Indonesian"), "name_en": _l("Name in English"),
    "parent_id": _l("Parent category"), "position": _l("Position"),
    "default_kind": _l("Kind of product"), "key": _l("Key"),
    "title_id": _l("Title in Indonesian"), "title_en": _l("Title in English"),
    "is_active": _l("Shown"), "section": _l("Section"), "product_id": _l("Listing"),
    "starts_at": _l("From"), "ends_at": _l("Until"), "user": _l("Account"),
    "email": _l("Email"), "roles": _l("Roles"), "rate_bps": _l("Commission rate"),
    "products_moved": _l("Products moved"), "products": _l("Products"),
    "category_id": _l("Category"), "category": _l("Category"),
}

# Fields whose values are a dict of one thing per parcel, shop...: one row each.
PER_ITEM_LABELS = {
    "shipments": lambda key: _l("Parcel %(id)s", id=key),
    "payouts": lambda key: _l("Payout to shop %(id)s", id=key),
}

_ORDER = {"awaiting_payment": _l("Awaiting payment"), "paid": _l("Paid"),
          "expired": _l("Expired (not paid in time)"), "cancelled": _l("Cancelled"),
          "partly_refunded": _l("Partly refunded"), "refunded": _l("Refunded")}
_SHIPMENT = {"awaiting_payment": _l("Waiting for payment"), "processing": _l("Being packed"),
             "shipped": _l("Shipped"), "delivered": _l("Delivered"),
             "completed": _l("Completed"), "cancelled": _l("Cancelled")}
# Words for stored values, by target type and field ("*": any target).
VALUE_LABELS = {
    ("order", "status"): _ORDER,
    ("order", "shipments"): _SHIPMENT,
    ("shop", "status"): {"active": _l("Open"), "suspended": _l("Suspended")},
    ("product", "status"): {"draft": _l("Draft"), "active": _l("Published"),
                            "archived": _l("Archived")},
    ("payout", "status"): {"pending": _l("Waiting to be paid"), "paid": _l("Paid"),
                           "failed": _l("Refused by the bank")},
    ("complaint", "status"): {"open": _l("Open"), "refunded": _l("Refunded"),
                              "partly_refunded": _l("Partly refunded"),
                              "released": _l("Paid to the seller")},
    ("*", "review_decision"): {"verified": _l("Verified"),
                               "rejected": _l("Not verified: needs changes"),
                               "suspended": _l("Suspended"), "reinstated": _l("Reinstated")},
    ("*", "method"): {"manual": _l("Bank transfer"), "stripe": _l("Stripe")},
}


@dataclass(frozen=True)
class Change:
    label: str
    before: object
    after: object
    kind: str  # "idr", "bool", "moment", "bps" or "text": how the page shows the values
    has_before: bool
    has_after: bool


def action_label(action: str):
    return ACTION_LABELS.get(action, action)


def target_label(target_type: str):
    return TARGET_LABELS.get(target_type, target_type)


def _humanised(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _kind(name: str, *values) -> str:
    if any(isinstance(v, bool) for v in values):
        return "bool"
    if any(isinstance(v, (dict, list)) for v in values):
        return "text"
    if name.endswith("_idr") or name == "payouts":
        return "idr" if all(v is None or isinstance(v, int) for v in values) else "text"
    if name.endswith("_at") or name.endswith("_until"):
        return "moment"
    if name.endswith("_bps"):
        return "bps" if all(v is None or isinstance(v, int) for v in values) else "text"
    return "text"


def _value(value, kind: str, words: dict | None):
    """A stored value as the page shows it: None for nothing, a label for a known word."""
    if value is None or value == "":
        return None
    if isinstance(value, list):
        return ", ".join(str(_value(v, "text", words) or "—") for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v, 'text', words) or '—'}" for k, v in value.items())
    if kind == "moment":
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if words and isinstance(value, str):
        return words.get(value, value)
    return value


def _load(text: str) -> dict:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {"": text}
    return data if isinstance(data, dict) else {"": data}


def _change(label, name: str, old, new, has_before: bool, has_after: bool,
            words: dict | None) -> Change:
    kind = _kind(name, old, new)
    return Change(label=label, before=_value(old, kind, words), after=_value(new, kind, words),
                  kind=kind, has_before=has_before, has_after=has_after)


def changes(entry: AuditEntry) -> list[Change]:
    """What changed, in the order the entry wrote it; fields equal before and after are left
    out (they did not change)."""
    before, after = _load(entry.before), _load(entry.after)
    rows: list[Change] = []
    for name in list(before) + [n for n in after if n not in before]:
        old, new = before.get(name), after.get(name)
        if name in before and name in after and old == new:
            continue
        words = VALUE_LABELS.get((entry.target_type, name)) or VALUE_LABELS.get(("*", name))
        label = FIELD_LABELS.get(name) or _humanised(name)
        if isinstance(old, dict) or isinstance(new, dict):
            # One row per parcel (or shop...) whose value changed.
            old_items = old if isinstance(old, dict) else {}
            new_items = new if isinstance(new, dict) else {}
            per_item = PER_ITEM_LABELS.get(name)
            for key in list(old_items) + [k for k in new_items if k not in old_items]:
                if key in old_items and key in new_items and old_items[key] == new_items[key]:
                    continue
                rows.append(_change(per_item(key) if per_item else f"{label}: {key}", name,
                                    old_items.get(key), new_items.get(key),
                                    key in old_items, key in new_items, words))
            continue
        rows.append(_change(label, name, old, new, name in before, name in after, words))
    return rows
