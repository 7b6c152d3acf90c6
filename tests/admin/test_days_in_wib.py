"""The admin counts days as the rest of the store does: in Jakarta time (WIB, UTC+7), so an
order paid at 23:30 UTC belongs to the next day."""
import re
from datetime import date, datetime, timedelta

from marketplace.admin import overview
from marketplace.extensions import db as _db
from marketplace.orders.models import Order
from marketplace.timeutil import utcnow
from tests.admin.helpers import make_admin, paid_by_transfer, place, two_shop_products


def paid_at(order, moment: datetime) -> None:
    _db.session.get(Order, order.id).paid_at = moment
    _db.session.commit()


def test_an_order_paid_at_2330_utc_counts_on_the_next_day_in_wib(db, app):
    tenun, _ = two_shop_products()
    late = paid_by_transfer(app, [tenun])
    paid_at(late, datetime(2026, 11, 3, 23, 30))  # 06:30 on 4 November in Jakarta

    figures = overview.overview(7, today=date(2026, 11, 4))
    by_day = {d.day: d.orders for d in figures.daily}
    assert by_day[date(2026, 11, 4)] == 1 and by_day[date(2026, 11, 3)] == 0
    assert figures.orders == 1 and figures.gmv_idr == late.total_idr

    # The period starts at midnight in Jakarta: 16:59 UTC on the day before the first day is
    # still outside it, 17:00 UTC is inside.
    first = date(2026, 11, 4) - timedelta(days=6)  # 29 October
    paid_at(late, datetime(2026, 10, 28, 16, 59))
    assert overview.overview(7, today=date(2026, 11, 4)).orders == 0
    paid_at(late, datetime(2026, 10, 28, 17, 0))
    figures = overview.overview(7, today=date(2026, 11, 4))
    assert figures.orders == 1 and figures.daily[0].day == first and figures.daily[0].orders == 1


def day_row(page: str, label: str) -> str:
    match = re.search(r"<tr><th scope=\"row\">" + re.escape(label) + r"</th><td>(\d+)</td>", page)
    assert match, f"no row for {label}"
    return match.group(1)


def test_the_overview_page_shows_the_order_on_its_day_in_wib(client, db, login_as, app):
    tenun, _ = two_shop_products()
    order = paid_by_transfer(app, [tenun])
    # 23:30 UTC yesterday (UTC) is 06:30 today (UTC date) in Jakarta, whatever the time now.
    today_utc = utcnow().date()
    paid_at(order, datetime.combine(today_utc - timedelta(days=1), datetime.min.time())
            + timedelta(hours=23, minutes=30))
    login_as(make_admin())
    page = client.get("/admin/overview?days=7").get_data(as_text=True)
    from babel.dates import format_date

    assert day_row(page, format_date(today_utc, "medium", locale="en")) == "1"
    assert day_row(page, format_date(today_utc - timedelta(days=1), "medium", locale="en")) == "0"
    assert "Jakarta" in page and "UTC" not in page


def test_order_filter_dates_are_days_in_wib(client, db, login_as, app):
    tenun, _ = two_shop_products()
    _, order = place(app, [tenun])
    _db.session.get(Order, order.id).created_at = datetime(2026, 1, 15, 20, 0)  # 16 Jan, 03:00 WIB
    _db.session.commit()
    login_as(make_admin())
    on_the_15th = client.get("/admin/orders?date_from=2026-01-15&date_to=2026-01-15")
    on_the_16th = client.get("/admin/orders?date_from=2026-01-16&date_to=2026-01-16")
    assert order.number not in on_the_15th.get_data(as_text=True)
    assert order.number in on_the_16th.get_data(as_text=True)
