"""Display currencies: rates kept by admins, approximate prices beside the rupiah one."""
import json
from datetime import datetime

import pytest

from marketplace.accounts.models import Role
from marketplace.admin import audit, currency_changes
from marketplace.catalog import currencies
from marketplace.timeutil import utcnow
from tests.conftest import submit
from tests.factories import make_product, make_user


def text(response) -> str:
    return response.get_data(as_text=True).replace("\xa0", " ")


@pytest.fixture
def admin(db):
    return make_user(email="kurs@sentra.id", roles=(Role.ADMIN,))


def approx_line(html: str) -> str:
    return html.split('data-testid="approx-price">')[1].split("</p>")[0]


@pytest.mark.parametrize("rupiah,rate,expected", [
    (150_000, 3_600, 42),  # 41.67
    (150_000, 16_300, 9),  # 9.20
    (150_000, 12_400, 12),  # 12.10
    (8_150, 16_300, 1),  # exactly half a unit rounds up
    (8_149, 16_300, 0),
    (10**15, 3_600, 277_777_777_778),  # integers all the way: no float rounding
])
def test_conversion_is_integer_arithmetic_rounded_half_up(rupiah, rate, expected):
    assert currencies.convert(rupiah, rate) == expected


def test_amounts_are_formatted_for_the_page_language():
    assert currencies.format_amount(1_250, "USD", "id") == "US$\xa01.250"
    assert currencies.format_amount(1_250, "USD", "en") == "US$\xa01,250"
    assert currencies.format_amount(42, "MYR", "en") == "RM\xa042"
    assert currencies.format_amount(12, "SGD", "id") == "S$\xa012"
    assert currencies.format_amount(7, "EUR", "en") == "€\xa07"
    assert currencies.format_amount(0, "USD", "en") == "< US$\xa01"


def test_product_page_shows_approximate_prices_beside_the_rupiah(client, db):
    product = make_product(name="Sarung Buna", prices=(150_000,))
    client.set_cookie("lang", "en")
    html = text(client.get(f"/products/{product.slug}"))
    line = approx_line(html)
    assert "RM 42 · US$ 9 · S$ 12" in line
    assert "Approximately" in line and "you pay in rupiah" in line
    assert html.index('data-testid="price"') < html.index('data-testid="approx-price"')


def test_the_from_price_is_converted_and_the_oldest_rate_dates_the_line(client, db, admin):
    product = make_product(prices=(95_000, 45_000, 170_000))
    for code, when in (("MYR", datetime(2026, 11, 20, 3)), ("USD", datetime(2026, 11, 1, 20)),
                       ("SGD", datetime(2026, 11, 21, 3))):
        currencies.get(code).set_at = when
    db.session.commit()
    client.set_cookie("lang", "en")
    line = approx_line(text(client.get(f"/products/{product.slug}")))
    assert "RM 13 · US$ 3 · S$ 4" in line  # from Rp45.000
    assert "Nov 2, 2026" in line  # 20:00 UTC on 1 Nov is 2 Nov in Jakarta


def test_no_rates_no_line(client, db, admin):
    product = make_product()
    for rate in currencies.rates():
        currency_changes.remove_currency(rate, actor=admin)
    assert 'data-testid="approx-price"' not in text(client.get(f"/products/{product.slug}"))


def test_setting_a_rate_records_when_and_who_and_is_audited(db, admin):
    rate = currencies.get("MYR")
    rate.set_at = datetime(2026, 1, 1)
    db.session.commit()
    before = utcnow()
    currency_changes.set_rate(rate, "Rp 3.650", actor=admin, ip_address="10.0.0.5")
    db.session.expire_all()
    rate = currencies.get("myr")
    assert rate.idr_per_unit == 3_650 and rate.set_by_id == admin.id
    assert before <= rate.set_at <= utcnow()
    [entry] = audit.entries(action="currency.set_rate")
    assert entry.target_id == "MYR" and entry.ip_address == "10.0.0.5"
    assert json.loads(entry.before)["idr_per_unit"] == 3_600
    assert json.loads(entry.after)["idr_per_unit"] == 3_650


@pytest.mark.parametrize("typed", ["0", "abc", "-5", "3,5", "", "1.5", "Rp 0"])
def test_a_rate_must_be_whole_rupiah_above_zero(db, admin, typed):
    with pytest.raises(currencies.InvalidRate):
        currency_changes.set_rate(currencies.get("USD"), typed, actor=admin)
    db.session.rollback()
    assert currencies.get("USD").idr_per_unit == 16_300
    assert audit.entries() == []


def test_add_and_remove_a_currency(db, admin):
    added = currency_changes.add_currency(" bnd ", "12.100", actor=admin)
    assert added.currency == "BND" and added.set_by_id == admin.id
    assert [r.currency for r in currencies.rates()] == ["MYR", "USD", "SGD", "BND"]
    with pytest.raises(currencies.AlreadyListed):
        currency_changes.add_currency("BND", "1", actor=admin)
    db.session.rollback()
    for bad in ("IDR", "XYZ", "US", "USDD", "U$D", ""):
        with pytest.raises(currencies.InvalidCode):
            currency_changes.add_currency(bad, "100", actor=admin)
        db.session.rollback()
    currency_changes.remove_currency(currencies.get("BND"), actor=admin)
    assert currencies.get("BND") is None
    assert [e.action for e in audit.entries()] == ["currency.remove", "currency.add"]
    assert json.loads(audit.entries(action="currency.remove")[0].before)["idr_per_unit"] == 12_100


# --- Through the pages ---------------------------------------------------------------------

def test_editing_rates_through_the_page(client, db, admin, login_as):
    login_as(admin)
    page = text(client.get("/admin/currencies"))
    assert "<caption>" in page and '<label for="rate-USD">' in page
    response = submit(client, "/admin/currencies/USD", {"idr_per_unit": "16.450"},
                      form_url="/admin/currencies")
    assert response.status_code == 303
    db.session.expire_all()
    assert currencies.get("USD").idr_per_unit == 16_450

    refused = submit(client, "/admin/currencies/USD", {"idr_per_unit": "nol"},
                     form_url="/admin/currencies")
    assert refused.status_code == 400
    html = text(refused)
    assert 'id="rate-error-USD"' in html and 'value="nol"' in html
    assert submit(client, "/admin/currencies/XXX", {"idr_per_unit": "1"},
                  form_url="/admin/currencies").status_code == 404

    added = submit(client, "/admin/currencies", {"code": "bnd", "idr_per_unit": "12100"},
                   form_url="/admin/currencies")
    assert added.status_code == 303
    bad = submit(client, "/admin/currencies", {"code": "IDR", "idr_per_unit": "1"},
                 form_url="/admin/currencies")
    assert bad.status_code == 400 and "other than IDR" in text(bad)
    submit(client, "/admin/currencies/BND/remove", {}, form_url="/admin/currencies")
    assert currencies.get("BND") is None
    assert [e.action for e in audit.entries()] == ["currency.remove", "currency.add",
                                                   "currency.set_rate"]
