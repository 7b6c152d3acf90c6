"""An order's journey (issue 5), on a phone: a guest in Kuching finds a product by searching
and another by browsing, each from a different border shop, checks out to Malaysia, pays by
bank transfer; an admin confirms the transfer, the first shop ships, and the buyer sees the
parcel on its way with its tracking number.

Three people, three browser contexts: the buyer (a guest, who keeps the order in the
session), an admin and a seller. Their accounts are made in the live server's database
(`live_app`): the demo shop owners have no password, and no page creates an admin.

The UI is in Indonesian by default (marketplace/translations/id/LC_MESSAGES/messages.po);
fields are found by the ids the templates give them (`a-city`, `service-<shop id>`) or by
their Indonesian labels. Other tests share the demo database: the products here have a
large stock, and nothing depends on an exact stock count.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from werkzeug.security import generate_password_hash

from marketplace.accounts.models import Role, User, UserRole
from marketplace.catalog.models import Shop
from marketplace.extensions import db
from tests.e2e.conftest import assert_no_serious_axe_violations, open_account_menu
from tests.factories import registered

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
pytestmark = pytest.mark.browser_context_args(**PHONE)

# Two demo shops of Kalimantan Barat, a short land crossing from Sarawak; both products come
# in one form only and have a large stock (35 and 15 in the demo data).
SEARCHED = "Kerupuk Udang Sambas"  # found with the search box, bought twice
BROWSED = "Madu Kelulut Bengkayang"  # found by filtering the catalogue on "Madu"
BROWSED_CATEGORY = "madu"
SEARCHED_QUANTITY = 2

RECIPIENT = "Lim Mei Ling"
ADDRESS = {
    "country": "MY",
    "recipient": RECIPIENT,
    "phone": "+60 12-345 6789",
    "street": "No. 12, Jalan Padungan",
    "city": "Kuching",
    "region": "Sarawak",
    "postal_code": "93100",
}
COURIER = "JNE"
TRACKING = "JNE123456789"
PASSWORD = "perbatasan-2026-sentra"

RUPIAH = re.compile(r"Rp(\d{1,3}(?:\.\d{3})*)")  # Rp1.950.000 (Indonesian format)
ORDER_URL = re.compile(r"/orders/(SEN-\d{4}-[2-9A-HJ-NP-Z]{6})$")

# The Indonesian catalogue's words for the states an order and its parcels go through.
AWAITING_PAYMENT = "Menunggu pembayaran"
PAID = "Sudah dibayar"
BEING_PACKED = "Sedang dikemas"
SHIPPED = "Dikirim"
EMPTY_CART = "Keranjang Anda masih kosong."


def activate(control: Locator) -> None:
    """Follow a link or press a button from the keyboard.

    Used where the page is wider than the phone (the cart, the admin's transfer list: see
    `test_order_pages_are_accessible_on_a_phone`): Chromium's phone emulation then zooms the
    page out, and a pointer click lands on the wrong element.
    """
    control.focus()
    control.press("Enter")


def horizontal_overflow(page: Page) -> str | None:
    """None when the page fits the screen's width (WCAG 1.4.10, reflow); else what sticks out."""
    found = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + [...e.classList].map(c => '.' + c).join('');
        const out = e => e.getBoundingClientRect().right > width + 1;
        // The outermost elements that stick out, and any table among what sticks out (a
        // table cannot be narrower than its content, so it is usually the cause).
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => out(e) && e.getBoundingClientRect().width > 0)
            .filter(e => e.tagName === 'TABLE' || !out(e.parentElement))
            .map(e => `${describe(e)} (right edge at ${Math.round(e.getBoundingClientRect().right)}px)`);
        return {scroll: document.documentElement.scrollWidth, width, wide};
    }""")
    if found["scroll"] <= found["width"]:
        return None
    return (f"{page.url} is {found['scroll']}px wide on a {found['width']}px screen; "
            f"sticking out: {', '.join(found['wide'][:6])}")


def assert_accessible_on_a_phone(page: Page) -> None:
    """axe (no serious or critical violation), and nothing wider than the phone's screen."""
    __tracebackhide__ = True
    problems = []
    try:
        assert_no_serious_axe_violations(page)
    except AssertionError as error:
        problems.append(str(error))
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"the page scrolls sideways (WCAG 1.4.10 reflow): {overflow}")
    assert not problems, "\n".join(problems)


def token() -> str:
    return uuid.uuid4().hex[:8]


def rupiah(text: str) -> int:
    """The one amount in `text`, `Rp64.000` → 64000."""
    amounts = RUPIAH.findall(text)
    assert len(amounts) == 1, f"expected one rupiah amount in {text!r}, found {amounts}"
    return int(amounts[0].replace(".", ""))


def idr(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


@dataclass(frozen=True)
class Picked:
    """A product as its page showed it when it went into the cart."""

    name: str
    shop: str
    unit_price: int
    quantity: int

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity


# --- accounts made in the live server's database ----------------------------------------------

def create_admin(app: Flask) -> str:
    """A new admin account with PASSWORD; returns its email."""
    email = f"admin-{token()}@contoh.id"
    with app.app_context():
        registered(User(email=email, name=f"Admin Sentra {token()}",
                            password_hash=generate_password_hash(PASSWORD),
                            roles=[UserRole(role=Role.ADMIN)]))
        db.session.commit()
    return email


def give_shop_owner_a_password(app: Flask, shop_name: str) -> str:
    """Demo shop owners have no password: give the owner of this shop PASSWORD; returns the
    owner's email."""
    with app.app_context():
        shop = db.session.scalars(sa.select(Shop).where(Shop.name == shop_name)).one()
        assert shop.owner is not None, f"the demo shop {shop_name!r} has no owner"
        shop.owner.password_hash = generate_password_hash(PASSWORD)
        email = shop.owner.email
        db.session.commit()
    return email


def log_in(page: Page, email: str) -> None:
    """From the home page, through the header's "Masuk" link."""
    page.goto("/")
    page.locator("header").get_by_role("link", name="Masuk", exact=True).click()
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Masuk", exact=True).click()
    open_account_menu(page)
    expect(page.locator("header nav.main-nav").get_by_role("button", name="Keluar")).to_be_visible()


# --- the buyer ----------------------------------------------------------------------------------

def cards(page: Page) -> Locator:
    return page.locator("main article.card")


def open_card(page: Page, product_name: str) -> None:
    card = cards(page).filter(has=page.locator(".card-title", has_text=product_name))
    expect(card).to_have_count(1)
    card.locator("a.card-link").click()
    expect(page).to_have_url(re.compile(r"/products/[^/?]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(product_name)


def find_by_searching(page: Page, product_name: str) -> None:
    page.goto("/")
    search = page.get_by_role("search")
    search.get_by_label("Cari produk").fill(product_name)
    search.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?(.*&)?q="))  # the results page, wherever it lives
    open_card(page, product_name)


def find_by_browsing(page: Page, category: str, product_name: str) -> None:
    page.goto("/")
    in_header = page.locator("header nav.main-nav").get_by_role("link", name="Semua produk")
    if in_header.is_visible():
        in_header.click()
    else:  # a phone: the header keeps to search, account and cart; the home page links on
        page.locator("main").get_by_role("link", name="Lihat semua produk").click()
    expect(page).to_have_url(re.compile(r"/products$"))
    drawer = page.locator("main details.drawer")  # the filters, open beside the results on a laptop
    if drawer.get_attribute("open") is None:
        drawer.locator("summary").click()
    page.locator("#f-category").select_option(value=category)
    page.locator("form.filters").get_by_role("button", name="Terapkan", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/products\?(.*&)?category={category}(&|$)"))
    open_card(page, product_name)


def add_to_cart(page: Page, quantity: int) -> Picked:
    """On a product page (one form, in stock): put `quantity` in the cart."""
    name = page.get_by_role("heading", level=1).inner_text().strip()
    expect(page.locator(".stock.in")).to_be_visible()
    unit_price = rupiah(page.get_by_test_id("price").inner_text())
    shop = page.locator("aside.seller-card h2").inner_text().strip()
    buy = page.locator("form.buy")
    buy.locator("#qty").fill(str(quantity))
    buy.get_by_role("button", name="Masukkan ke keranjang", exact=True).click()
    # With JavaScript the buyer stays on the product page, told it is in the cart; without, the
    # page after the redirect says so. Either way the header's cart link leads on.
    expect(page.locator("#added-status, .flashes .flash").filter(has_text=name).first).to_be_visible()
    expect(page.locator("header [data-cart-count]")).to_be_visible()
    page.locator("header a.cart-link").click()
    expect(page).to_have_url(re.compile(r"/cart$"))
    return Picked(name=name, shop=shop, unit_price=unit_price, quantity=quantity)


def fill_cart(page: Page) -> tuple[Picked, Picked]:
    find_by_searching(page, SEARCHED)
    first = add_to_cart(page, SEARCHED_QUANTITY)
    find_by_browsing(page, BROWSED_CATEGORY, BROWSED)
    second = add_to_cart(page, 1)
    assert first.shop != second.shop, "the two products must come from two shops"
    return first, second


def cart_group(page: Page, shop: str) -> Locator:
    return page.locator("section.cart-shop").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(re.escape(shop))))


def check_cart(page: Page, picked: tuple[Picked, ...]) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Keranjang Anda")
    expect(page.locator("section.cart-shop")).to_have_count(len(picked))
    for item in picked:
        group = cart_group(page, item.shop)
        expect(group).to_have_count(1)
        row = group.locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row.locator("th")).to_contain_text(item.name)
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(idr(item.unit_price))
        expect(cells.nth(1).locator("input")).to_have_value(str(item.quantity))
        expect(cells.nth(2)).to_have_text(idr(item.total))
        expect(group.locator(".subtotal")).to_contain_text(idr(item.total))
    expect(page.locator("main p.total")).to_contain_text(idr(sum(i.total for i in picked)))


def fill_address(page: Page, email: str) -> None:
    """From the cart's "Checkout" button to the review page."""
    activate(page.get_by_role("link", name="Checkout", exact=True))
    expect(page).to_have_url(re.compile(r"/checkout$"))
    # The country comes first: the page then asks for that country's fields.
    page.locator("#a-country").select_option(value=ADDRESS["country"])
    choose = page.locator("button[data-nojs]")  # hidden when JavaScript submits on change
    if choose.is_visible():
        choose.click()
    expect(page).to_have_url(re.compile(rf"/checkout\?country={ADDRESS['country']}$"))
    expect(page.get_by_label("Negara bagian atau wilayah persekutuan", exact=True)).to_be_visible()
    page.locator("#a-email").fill(email)
    for name in ("recipient", "phone", "street", "city", "postal_code"):
        page.locator(f"#a-{name}").fill(ADDRESS[name])
    page.locator("#a-region").select_option(value=ADDRESS["region"])
    page.get_by_role("button", name="Lanjut ke pengiriman dan pembayaran", exact=True).click()
    expect(page).to_have_url(re.compile(r"/checkout/review$"))


def parcel_fieldset(page: Page, shop: str) -> Locator:
    return page.locator("main form fieldset").filter(
        has=page.locator("legend", has_text=f"Paket dari {shop} ("))


@dataclass(frozen=True)
class ChosenShipping:
    service: str
    cost: int


def check_review(page: Page, picked: tuple[Picked, ...]) -> dict[str, ChosenShipping]:
    """One parcel per shop, each with priced courier services; returns the checked ones."""
    address = page.locator("main address")
    for value in (RECIPIENT, "+60123456789", "Kuching 93100", "Sarawak", "Malaysia"):
        expect(address).to_contain_text(value)
    expect(page.locator("main form fieldset legend").filter(
        has_text=re.compile(r"^Paket dari "))).to_have_count(len(picked))
    chosen = {}
    for item in picked:
        parcel = parcel_fieldset(page, item.shop)
        expect(parcel).to_have_count(1)
        expect(parcel.locator("li")).to_have_text(
            [f"{item.quantity} × {item.name} — {idr(item.total)}"])
        expect(parcel.locator("input[type=radio][name^=service-]").first).to_be_visible()
        for label in parcel.locator(".field.check label").all():
            expect(label).to_have_text(re.compile(r"^\S+: Rp\d{1,3}(\.\d{3})* · \d+–\d+ hari$"))
        checked = parcel.locator("input[type=radio]:checked")
        expect(checked).to_have_count(1)  # the cheapest service, chosen for the buyer
        label = parcel.locator(f"label[for='{checked.get_attribute('id')}']").inner_text()
        service, price = label.split(":", 1)
        chosen[item.shop] = ChosenShipping(service=service.strip(), cost=rupiah(price.split("·")[0]))
    return chosen


def place_order(page: Page) -> str:
    page.locator("#pay-bank_transfer").check()
    page.get_by_role("button", name="Buat pesanan", exact=True).click()
    expect(page).to_have_url(ORDER_URL)
    match = ORDER_URL.search(page.url)
    assert match
    return match.group(1)


def buyer_parcel(page: Page, shop: str) -> Locator:
    return page.locator("section.shipment").filter(
        has=page.get_by_role("heading", level=2, name=f"Paket dari {shop}", exact=True))


def parcel_status(parcel: Locator) -> Locator:
    return parcel.locator("p").filter(has_text=re.compile(r"^Status:")).locator("strong")


# --- the admin and the seller ---------------------------------------------------------------------

def confirm_transfer(page: Page, number: str, reference: str) -> None:
    """The reference and the amount from the list, then "yes" on the confirmation page."""
    page.goto("/admin/bank-transfers")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Transfer bank yang perlu dikonfirmasi")
    row = page.locator("main table tbody tr").filter(has_text=number)
    expect(row).to_have_count(1)
    amount = rupiah(row.locator("td").first.inner_text())
    row.get_by_label("Nomor referensi bank").fill(reference)
    row.get_by_label("Nominal yang diterima").fill(idr(amount))
    activate(row.get_by_role("button", name="Periksa", exact=True))
    expect(page).to_have_url(re.compile(rf"/admin/bank-transfers/{number}/confirm$"))
    expect(page.get_by_test_id("expected-amount")).to_have_text(idr(amount))
    activate(page.get_by_role("button", name=f"Ya, tandai lunas ({idr(amount)} diterima)",
                              exact=True))
    expect(page).to_have_url(re.compile(r"/admin/bank-transfers$"))
    expect(page.locator(".flash.success")).to_contain_text(f"Pesanan {number} sudah dibayar")
    expect(page.locator("main table tbody tr").filter(has_text=number)).to_have_count(0)


def open_seller_orders(page: Page) -> None:
    """From the header's "Toko saya" link to the shop's "Pesanan" page."""
    open_account_menu(page)
    page.locator("header nav.main-nav").get_by_role("link", name="Toko saya", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/$"))
    page.locator("nav.seller-nav").get_by_role("link", name="Pesanan", exact=True).click()
    expect(page).to_have_url(re.compile(r"/seller/orders$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pesanan")


def seller_shipment(page: Page, number: str) -> Locator:
    return page.locator("main section.shipment").filter(
        has=page.get_by_role("heading", level=2, name=re.compile(rf"^{re.escape(number)} · ")))


# --- the journey -------------------------------------------------------------------------------

def test_guest_in_kuching_orders_from_two_shops_pays_by_transfer_and_sees_the_parcel_shipped(
    page: Page, new_context, live_app: Flask
) -> None:
    """`page` is the buyer's; `new_context()` gives the admin and the seller browsers of their
    own, with this module's phone settings and base URL."""
    failed_responses: list[str] = []

    def watch(p: Page) -> None:
        p.on("response", lambda r: failed_responses.append(f"{r.status} {r.url}")
             if r.status >= 400 else None)

    watch(page)

    # 1. Search for one product and browse to another, from two shops, into the cart.
    first, second = fill_cart(page)
    check_cart(page, (first, second))

    # 2. Check out to Kuching: one parcel per shop, shipping priced; pay by bank transfer.
    fill_address(page, f"pembeli-{token()}@contoh.my")
    chosen = check_review(page, (first, second))
    number = place_order(page)
    order_url = page.url

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pesanan {number}")
    expect(page.get_by_test_id("order-status")).to_have_text(AWAITING_PAYMENT)
    products = first.total + second.total
    shipping = sum(c.cost for c in chosen.values())
    amount = rupiah(page.get_by_test_id("transfer-amount").inner_text())
    unique_code = amount - products - shipping
    assert 101 <= unique_code <= 999, f"transfer {amount} = {products} + {shipping} + {unique_code}"
    # Products and shipping are whole thousands here: the last three digits are the code.
    assert amount % 1000 == unique_code, f"the transfer {idr(amount)} does not end in its code"
    summary = page.locator("main section[aria-labelledby=sum-h] dl")
    expect(summary.locator("dt").filter(has_text="Kode unik transfer")).to_have_count(1)
    expect(summary).to_contain_text(idr(unique_code))
    expect(page.locator("main section.pay dl")).to_contain_text(number)  # the transfer reference
    expect(page.locator("section.shipment")).to_have_count(2)
    for item in (first, second):
        parcel = buyer_parcel(page, item.shop)
        expect(parcel).to_have_count(1)
        expect(parcel_status(parcel)).to_have_text(AWAITING_PAYMENT)
        expect(parcel.locator("tbody tr")).to_have_count(1)
        expect(parcel.locator("tbody th")).to_have_text(item.name)
        expect(parcel.locator("tbody td").last).to_have_text(idr(item.total))
        expect(parcel).to_contain_text(
            f"Ongkos kirim {chosen[item.shop].service}, ")
        expect(parcel).to_contain_text(idr(chosen[item.shop].cost))
    # The cart is empty once the order is placed.
    page.locator("header nav.main-nav").get_by_role("link", name="Keranjang", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cart$"))
    expect(page.locator("main")).to_contain_text(EMPTY_CART)
    expect(page.locator("section.cart-shop")).to_have_count(0)

    # 3. An admin finds the transfer by its order number and marks the order paid.
    admin_page = new_context().new_page()
    watch(admin_page)
    log_in(admin_page, create_admin(live_app))
    confirm_transfer(admin_page, number, reference=f"BRI-{token().upper()}")

    # 4. The first shop's owner packs and ships the parcel.
    seller_page = new_context().new_page()
    watch(seller_page)
    log_in(seller_page, give_shop_owner_a_password(live_app, first.shop))
    open_seller_orders(seller_page)
    shipment = seller_shipment(seller_page, number)
    expect(shipment).to_have_count(1)
    expect(shipment.get_by_role("heading", level=2)).to_have_text(f"{number} · {BEING_PACKED}")
    expect(shipment.locator("li")).to_have_text([re.compile(
        rf"^{SEARCHED_QUANTITY} × {re.escape(first.name)}\b")])
    expect(shipment).to_contain_text(f"Kirim dengan {chosen[first.shop].service}, ")
    expect(shipment).to_contain_text(", ke Kuching")
    # Only this shop's parcel: the other shop's product is not in its list.
    expect(shipment).not_to_contain_text(second.name)

    shipment.get_by_role("link", name="Slip pengemasan", exact=True).click()
    expect(seller_page).to_have_url(re.compile(r"/seller/orders/\d+/packing-slip$"))
    expect(seller_page.get_by_role("heading", level=1)).to_contain_text(number)
    slip_address = seller_page.locator("main address")
    for value in (RECIPIENT, "+60123456789", ADDRESS["street"], "Kuching", "Sarawak", "93100"):
        expect(slip_address).to_contain_text(value)
    expect(seller_page.locator("main table tbody tr")).to_have_count(1)
    expect(seller_page.locator("main table tbody th")).to_contain_text(first.name)
    seller_page.go_back()
    expect(seller_page).to_have_url(re.compile(r"/seller/orders$"))

    shipment = seller_shipment(seller_page, number)
    shipment.get_by_label("Kurir", exact=True).fill(COURIER)
    shipment.get_by_label("Nomor resi", exact=True).fill(TRACKING)
    shipment.get_by_role("button", name="Tandai sudah dikirim", exact=True).click()
    expect(seller_page).to_have_url(re.compile(r"/seller/orders$"))
    expect(seller_page.locator(".flash.success")).to_contain_text("Ditandai sudah dikirim")
    expect(seller_shipment(seller_page, number)).to_have_count(0)  # no longer waiting
    seller_page.locator("nav.chips-nav").get_by_role(
        "link", name="Semua pesanan yang sudah dibayar", exact=True).click()
    shipped = seller_shipment(seller_page, number)
    expect(shipped.get_by_role("heading", level=2)).to_have_text(f"{number} · {SHIPPED}")
    expect(shipped).to_contain_text(f"{COURIER} {TRACKING}")

    # 5. The buyer, still a guest in the same browser, sees the parcel on its way.
    page.goto(order_url)
    expect(page.get_by_test_id("order-status")).to_have_text(PAID)
    expect(page.locator("main section.pay")).to_have_count(0)  # nothing left to pay
    shipped_parcel = buyer_parcel(page, first.shop)
    expect(parcel_status(shipped_parcel)).to_have_text(SHIPPED)
    expect(shipped_parcel).to_contain_text(f"{COURIER} {TRACKING}")
    expect(shipped_parcel.locator("ol.timeline li").last).to_contain_text(SHIPPED)
    packing_parcel = buyer_parcel(page, second.shop)
    expect(parcel_status(packing_parcel)).to_have_text(BEING_PACKED)
    expect(packing_parcel).not_to_contain_text(TRACKING)

    assert failed_responses == [], "requests that failed during the journey"


# --- accessibility, each page on its own so that one page's problems do not hide the next -------

@pytest.mark.parametrize(
    "where", ["cart", "checkout address", "review", "order", "bank transfers", "seller orders"])
def test_order_pages_are_accessible_on_a_phone(
    page: Page, new_context, live_app: Flask, where: str
) -> None:
    picked = fill_cart(page)
    if where == "cart":
        check_cart(page, picked)
        assert_accessible_on_a_phone(page)
        return
    if where == "checkout address":
        activate(page.get_by_role("link", name="Checkout", exact=True))
        expect(page.locator("#a-email")).to_be_visible()
        assert_accessible_on_a_phone(page)
        return
    fill_address(page, f"pembeli-{token()}@contoh.my")
    if where == "review":
        check_review(page, picked)
        assert_accessible_on_a_phone(page)
        return
    number = place_order(page)
    if where == "order":
        expect(page.get_by_test_id("transfer-amount")).to_be_visible()
        assert_accessible_on_a_phone(page)
        return
    admin_page = new_context().new_page()
    log_in(admin_page, create_admin(live_app))
    if where == "bank transfers":
        admin_page.goto("/admin/bank-transfers")
        expect(admin_page.locator("main table tbody tr").filter(has_text=number)).to_have_count(1)
        assert_accessible_on_a_phone(admin_page)
        return
    confirm_transfer(admin_page, number, reference=f"BRI-{token().upper()}")
    seller_page = new_context().new_page()
    log_in(seller_page, give_shop_owner_a_password(live_app, picked[0].shop))
    open_seller_orders(seller_page)
    expect(seller_shipment(seller_page, number)).to_have_count(1)  # with its shipping form
    assert_accessible_on_a_phone(seller_page)
