"""The admin home leads with what needs doing: a big number per task, each linking to the list
where it is done (transfers to confirm, open complaints, shops to verify, refunds owed, payouts)."""
import re

from marketplace.aftersales.models import Complaint, ComplaintReason, ComplaintStatus
from marketplace.extensions import db
from marketplace.orders import deadlines
from tests.admin.helpers import make_admin, paid_by_transfer, place, two_shop_products
from tests.factories import make_product, make_shop
from tests.ledger.helpers import ship_and_deliver
from tests.ledger.test_deadlines_and_commands import age

MAX_PAGE_BYTES = 40 * 1024


def tasks_on(page: str) -> dict[str, tuple[int, str]]:
    """Each task of the page: its key → (the big number, where it links)."""
    found = re.findall(r'<a href="([^"]+)" data-testid="todo-([a-z-]+)"[^>]*>'
                       r'<span class="todo-count">(\d+)</span>', page)
    return {key: (int(count), url.replace("&amp;", "&")) for url, key, count in found}


def complaint_about(parcel, *, answered: bool = False) -> Complaint:
    complaint = Complaint(shipment_id=parcel.id, order_id=parcel.order_id,
                          reason=ComplaintReason.DAMAGED, description="Kain sobek di ujung.",
                          seller_answer="Maaf" if answered else "")
    if answered:
        from marketplace.timeutil import utcnow
        complaint.answered_at = utcnow()
    db.session.add(complaint)
    db.session.commit()
    return complaint


def test_admin_home_counts_what_needs_doing_and_links_to_it(app, client, login_as):
    tenun, madu = two_shop_products(stocks=(9, 9))
    _, waiting = place(app, [tenun])  # a bank transfer still to confirm
    delivered = ship_and_deliver(paid_by_transfer(app, [madu]).shipments[0])
    complaint_about(delivered)
    late = paid_by_transfer(app, [tenun])  # not shipped in time: owed back by transfer
    age(late, app.config["SHIP_BY_DAYS"] + 1)
    deadlines.enforce_deadlines()
    make_shop(name="Kopi Bajawa Baru", regency="Ngada", verified=False)
    decided = complaint_about(delivered)
    decided.status = ComplaintStatus.RELEASED
    db.session.commit()

    login_as(make_admin())
    response = client.get("/admin/")
    assert response.status_code == 200 and len(response.data) < MAX_PAGE_BYTES
    page = response.get_data(as_text=True)
    assert "Needs doing" in page
    tasks = tasks_on(page)
    assert tasks == {
        "bank-transfers": (1, "/admin/bank-transfers"),
        "complaints": (1, "/admin/complaints?status=open"),
        "shops": (1, "/admin/shops?view=queue"),
        "refunds": (1, "/admin/reconciliation#owed-h"),
        "payouts": (0, "/admin/payouts"),
        "reviews": (0, "/admin/reviews?view=reported"),
    }
    assert "Bank transfers to confirm" in page and "Shops to verify" in page

    # each link shows what was counted
    assert waiting.number in client.get("/admin/bank-transfers").get_data(as_text=True)
    open_list = client.get("/admin/complaints?status=open").get_data(as_text=True)
    assert open_list.count(f">{delivered.order.number}</a>") == 1  # the decided one is left out
    assert "Kopi Bajawa Baru" in client.get("/admin/shops?view=queue").get_data(as_text=True)
    reconciliation = client.get("/admin/reconciliation").get_data(as_text=True)
    assert 'id="owed-h"' in reconciliation and late.number in reconciliation


def test_admin_home_with_nothing_to_do_shows_zeros(client, login_as):
    make_product(make_shop(name="Tenun Sudah Terverifikasi"))
    login_as(make_admin())
    page = client.get("/admin/").get_data(as_text=True)
    assert {key: count for key, (count, _) in tasks_on(page).items()} == {
        "bank-transfers": 0, "complaints": 0, "shops": 0, "refunds": 0, "payouts": 0, "reviews": 0}
    assert "No open complaints." in client.get("/admin/complaints?status=open").get_data(
        as_text=True)
