"""Demo logins, for development only: a buyer, the seller of a named shop, a centre's staff member
and an admin, all with one known password, so that a newcomer can walk every journey; and a
payout bank account for every demo shop, so that their money can be paid out.

`load_demo_data(logins=True)` makes them with the store; `flask demo-logins` (which `make run`
runs) prints them and gives a demo database loaded without them (before they existed) the same.
Only DevelopmentConfig turns them on (`DEMO_LOGINS`): elsewhere no demo account has a password.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.accounts.models import Role, User, UserRole
from marketplace.dev.demo.centres import CENTRES
from marketplace.dev.demo.specs import ShopSpec
from marketplace.catalog.favourites import Favourite
from marketplace.catalog.models import Product, ProductStatus, Shop
from marketplace.extensions import db

DEMO_PASSWORD = "sentra-demo-2026"
SELLER_SHOP = "Tais Tasifeto"  # a verified weavers' shop in Belu, coached by the Kupang centre
STAFF_CENTRE = CENTRES[0]  # Sentra Tenun Ikat Kupang, which runs a shop for a weaver
BUYER = ("pembeli", "Yosef Taolin")
FAVOURITE_PROVINCES = ("Nusa Tenggara Timur", "Kalimantan Barat")
ADMIN = ("admin", "Admin Sentra")

# The regional bank of each border province (sellers.banks.BANKS), else BRI.
_PROVINCE_BANKS = {
    "Nusa Tenggara Timur": "Bank NTT", "Kalimantan Barat": "Bank Kalbar",
    "Kalimantan Utara": "Bank Kaltimtara", "Papua": "Bank Papua",
    "Papua Pegunungan": "Bank Papua", "Papua Selatan": "Bank Papua",
    "Kepulauan Riau": "Bank Riau Kepri Syariah",
}
_ACCOUNT_DIGITS = {"BRI": 15, "Bank NTT": 11, "Bank Kalbar": 12, "Bank Kaltimtara": 12,
                   "Bank Papua": 12, "Bank Riau Kepri Syariah": 13}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password_is_demo: bool


def bank_account_for(spec: ShopSpec) -> tuple[str, str, str]:
    """(bank, holder, number) for a demo shop: the same every load, one number per shop."""
    rng = random.Random(f"demo-bank-{spec.code}")
    bank = _PROVINCE_BANKS.get(spec.province, "BRI") if rng.random() < 0.6 else "BRI"
    digits = _ACCOUNT_DIGITS[bank]
    number = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
    return bank, spec.cooperative or spec.owner_name, number


def _roles(shops: dict[str, ShopSpec], email_domain: str) -> list[tuple[str, str]]:
    seller = shops[SELLER_SHOP]
    return [
        ("Buyer", f"{BUYER[0]}@{email_domain}"),
        (f"Seller of {seller.name} ({seller.regency}, {seller.province})",
         f"{seller.owner_email}@{email_domain}"),
        (f"Centre staff of {STAFF_CENTRE.name} (runs {', '.join(STAFF_CENTRE.assisted)})",
         f"{STAFF_CENTRE.staff_email}@{email_domain}"),
        ("Admin", f"{ADMIN[0]}@{email_domain}"),
    ]


def ensure_demo_logins(shops: dict[str, ShopSpec], email_domain: str,
                       now: datetime) -> list[DemoLogin]:
    """Make the four demo logins (in the caller's transaction): the buyer and the admin are
    created, the seller and the staff member (made by the demo data) get the demo password; an
    account whose password was changed keeps it. Every demo shop without a bank account gets one."""
    password_hash = None
    for role, email in _roles(shops, email_domain):
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None:
            name = BUYER[1] if role == "Buyer" else ADMIN[1]
            user = User(email=email, name=name, is_demo=True, created_at=now,
                        email_verified_at=now)
            if role == "Admin":
                user.roles.append(UserRole(role=Role.ADMIN))
            db.session.add(user)
            if role == "Buyer":
                _keep_favourites(user, now)
        if user.password_hash is None:
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user.password_hash = password_hash
    for shop in db.session.scalars(sa.select(Shop).where(Shop.is_demo.is_(True),
                                                          Shop.bank_name.is_(None))):
        if shop.name in shops:
            shop.bank_name, shop.bank_account_holder, shop.bank_account_number = (
                bank_account_for(shops[shop.name]))
    db.session.flush()
    return demo_logins(shops, email_domain)


def _keep_favourites(buyer: User, now: datetime) -> None:
    """A few favourites for the demo buyer, from shops on both borders, one with mail alerts,
    so that the favourites page and the heart show something on first sight."""
    chosen: list[Product] = []
    for province in FAVOURITE_PROVINCES:
        chosen += db.session.scalars(
            sa.select(Product).join(Shop).where(Shop.is_demo.is_(True), Shop.province == province,
                                                Product.status == ProductStatus.ACTIVE)
            .order_by(Product.id).limit(3))
    db.session.flush()  # the buyer's id
    for n, product in enumerate(chosen):
        db.session.add(Favourite(user_id=buyer.id, product_id=product.id, created_at=now,
                                 alerts=n == 0,
                                 seen_price_idr=product.price_from_idr,
                                 seen_in_stock=product.in_stock))


def demo_logins(shops: dict[str, ShopSpec], email_domain: str) -> list[DemoLogin]:
    """The demo logins that exist, each with whether it still has the demo password."""
    found = []
    for role, email in _roles(shops, email_domain):
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None and user.password_hash:
            found.append(DemoLogin(role, email,
                                   check_password_hash(user.password_hash, DEMO_PASSWORD)))
    return found


def describe(logins: list[DemoLogin], login_url: str) -> str:
    """The printout of `flask demo-logins` and `flask demo-data`."""
    width = max(len(login.email) for login in logins)
    lines = [f"Demo logins (development only), at {login_url}", f"Password: {DEMO_PASSWORD}"]
    for login in logins:
        note = "" if login.password_is_demo else "  (password changed since)"
        lines.append(f"  {login.email:<{width}}  {login.role}{note}")
    return "\n".join(lines)
