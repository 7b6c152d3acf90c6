"""What a buyer needs to pay without asking: the grand total before "Buat pesanan", the account,
exact amount and deadline in the transfer mail, the address and payment method on the order
page (with copy buttons that JavaScript adds), and an invoice that says whether it is paid."""
import re
from datetime import timedelta

import sqlalchemy as sa
from babel.dates import format_date

from marketplace.extensions import db as _db
from marketplace.orders import services
from marketplace.mail import OutboxMessage
from marketplace.orders.models import Order
from tests.conftest import submit
from tests.factories import make_category, make_product, make_shop
from tests.orders.helpers import KUPANG, add, checkout, latest_order

RUPIAH = re.compile(r"Rp(\d{1,3}(?:\.\d{3})*)")


def rupiah(text: str) -> int:
    [amount] = RUPIAH.findall(text)
    return int(amount.replace(".", ""))


def idr(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def two_parcels():
    kupang = make_shop(name="Tenun Ina Kupang", regency="Kupang")
    hulu = make_shop(name="Madu Danau Sentarum", province="Kalimantan Barat",
                     regency="Kapuas Hulu")
    scarf = make_product(kupang, make_category(), name="Selendang Tenun", prices=(350_000,),
                         stocks=[3])
    honey = make_product(hulu, make_category("Madu", "Honey", kind="food"), name="Madu Hutan",
                         prices=(150_000,), stocks=[10])
    return scarf.variants[0], honey.variants[0]


def services_offered(page: str) -> dict[str, list[tuple[str, int]]]:
    """{radio name: [(service, cost), ...]} in the order the page lists them."""
    offered: dict[str, list[tuple[str, int]]] = {}
    for name, service, label in re.findall(
            r'<input type="radio" id="[^"]+" name="(service-\d+)" value="([A-Z]+)"[^>]*>\s*'
            r'<label[^>]*>([^<]+)</label>', page):
        offered.setdefault(name, []).append((service, rupiah(label.split("·")[0])))
    return offered


def checked_services(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(service-\d+)" value="([A-Z]+)"[^>]*checked', page))


def grand_total(page: str) -> int:
    match = re.search(r'data-testid="grand-total"[^>]*>([^<]+)<', page)
    assert match, "the review page shows no grand total"
    return rupiah(match.group(1))


def placed_by_transfer(client) -> Order:
    scarf, _ = two_parcels()
    add(client, scarf)
    assert checkout(client).status_code == 303
    return latest_order()


def orders_count() -> int:
    return _db.session.scalar(sa.select(sa.func.count(Order.id)))


def test_the_review_page_shows_the_grand_total_for_the_chosen_couriers(client, db):
    scarf, honey = two_parcels()
    add(client, scarf)
    add(client, honey, 2)
    submit(client, "/checkout", KUPANG)
    page = client.get("/checkout/review").get_data(as_text=True)
    offered = services_offered(page)
    assert len(offered) == 2 and all(offered.values())
    products = 350_000 + 2 * 150_000
    cheapest = {name: options[0] for name, options in offered.items()}
    assert checked_services(page) == {name: s for name, (s, _) in cheapest.items()}
    assert grand_total(page) == products + sum(cost for _, cost in cheapest.values())
    assert idr(products) in page

    # Another courier for one parcel: "Update the total" shows the new total, places nothing.
    name, options = next((n, o) for n, o in offered.items() if len(o) > 1)
    other_service, other_cost = options[1]
    chosen = {n: s for n, (s, _) in cheapest.items()} | {name: other_service}
    expected = products + sum(c for n, (_, c) in cheapest.items() if n != name) + other_cost
    response = submit(client, "/checkout/review", {**chosen, "payment_method": "bank_transfer",
                                                   "action": "update"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and orders_count() == 0
    assert grand_total(page) == expected and checked_services(page) == chosen

    # Placing with the total of the other couriers (a page not updated) is refused: the buyer
    # is shown the total they would pay, and nothing is ordered.
    stale = products + sum(cost for _, cost in cheapest.values())
    response = submit(client, "/checkout/review", {**chosen, "payment_method": "bank_transfer",
                                                   "total_seen": str(stale)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and orders_count() == 0
    assert grand_total(page) == expected and idr(expected) in page.split('role="alert"')[1]

    response = submit(client, "/checkout/review", {**chosen, "payment_method": "bank_transfer",
                                                   "total_seen": str(expected)})
    assert response.status_code == 303
    order = latest_order()
    assert order.subtotal_idr + order.shipping_idr == expected
    assert order.total_idr == expected + order.unique_code_idr


def test_the_transfer_mail_names_the_account_the_exact_amount_and_the_deadline_in_wib(
        client, db, app):
    order = placed_by_transfer(client)
    [mail] = _db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == KUPANG["email"]))
    body = mail.body
    for value in (app.config["BANK_TRANSFER_BANK"], app.config["BANK_TRANSFER_ACCOUNT"],
                  app.config["BANK_TRANSFER_HOLDER"], idr(order.total_idr), order.number):
        assert value in body, f"{value!r} missing from the mail:\n{body}"
    assert order.unique_code_idr and idr(order.unique_code_idr) in body
    jakarta = order.expires_at + timedelta(hours=7)  # WIB is UTC+7
    assert f"{jakarta:%H.%M} WIB" in body, body
    assert format_date(jakarta.date(), "d MMMM y", locale="id") in body.replace(" 0", " "), body


def test_the_order_page_shows_address_payment_method_and_copyable_numbers(client, db, app):
    order = placed_by_transfer(client)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    delivery = page.split('id="delivery-h"')[1].split("</section>")[0]
    for value in ("Maria Nenobais", "Jl. El Tari No. 5", "Oebobo", "Kota Kupang", "85111",
                  "Nusa Tenggara Timur", "Transfer bank"):
        assert value in delivery, value
    # The numbers to copy are plain text; the copy buttons are JavaScript's (none in the HTML),
    # and the script is an external file (a CSP without 'unsafe-inline' is coming).
    account_digits = re.sub(r"\D", "", app.config["BANK_TRANSFER_ACCOUNT"])
    assert f'data-copy="{account_digits}"' in page
    assert f'data-copy="{order.total_idr}"' in page
    assert app.config["BANK_TRANSFER_ACCOUNT"] in page and idr(order.total_idr) in page
    assert "<button" not in page.split('id="pay-h"')[1].split("<form")[0]
    assert re.search(r'<script src="/static/js/copy\.js\?v=[0-9a-f]+" defer></script>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline script"
    jakarta = order.expires_at + timedelta(hours=7)
    assert f"{jakarta:%H.%M} WIB" in page

    # Once paid, the address and the payment method stay on the page.
    services.confirm_bank_transfer(order, reference="BRI 1", admin_id=None)
    _db.session.commit()
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    delivery = page.split('id="delivery-h"')[1].split("</section>")[0]
    assert "Maria Nenobais" in delivery and "Transfer bank" in delivery
    assert "data-copy" not in page  # nothing left to pay


def test_the_invoice_says_whether_it_is_paid(client, db, app):
    order = placed_by_transfer(client)
    invoice = client.get(f"/orders/{order.number}/invoice").get_data(as_text=True)
    status = re.search(r'data-testid="paid-status"[^>]*>(.*?)</p>', invoice, re.S).group(1)
    assert "Belum dibayar" in status and "LUNAS" not in status
    assert "Transfer bank" in invoice

    services.confirm_bank_transfer(order, reference="BRI 1", admin_id=None)
    _db.session.commit()
    paid_on = latest_order().paid_at + timedelta(hours=7)
    invoice = client.get(f"/orders/{order.number}/invoice").get_data(as_text=True)
    status = re.search(r'data-testid="paid-status"[^>]*>(.*?)</p>', invoice, re.S).group(1)
    assert "LUNAS" in status and "Belum" not in status
    assert format_date(paid_on.date(), "medium", locale="id") in status

    client.set_cookie("lang", "en")
    invoice = client.get(f"/orders/{order.number}/invoice").get_data(as_text=True)
    assert "PAID" in re.search(r'data-testid="paid-status"[^>]*>(.*?)</p>', invoice, re.S).group(1)
