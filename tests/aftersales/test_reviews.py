"""Reviews: who may write, edit, reply, report and hide; what the product page, cards and shop
pages show; the summary kept on the product; the mail asking for the review."""
from __future__ import annotations

import io
import re
import time
from datetime import timedelta

import extruct
import pytest
import sqlalchemy as sa
from PIL import Image

from marketplace.aftersales import escrow, reviews
from marketplace.catalog import reviews as shown_reviews
from marketplace.catalog.media_storage import get_storage
from marketplace.catalog.models import Centre, CentreKind, CentreStaff, Product, Shop
from marketplace.catalog.photo_pipeline import variant_name
from marketplace.catalog.review_models import Review, ReviewReport
from marketplace.extensions import db
from marketplace.mail import OutboxMessage, send_pending
from tests.admin.helpers import audit_entries, make_admin, two_shop_products
from tests.aftersales.review_helpers import LINK, post_review, received_parcel, review_url
from tests.centres.helpers import act_for, make_assisted_shop, make_centre, make_staff
from tests.conftest import submit
from tests.factories import PASSWORD, make_product, make_user, photo_bytes


def _reviews() -> list[Review]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Review).order_by(Review.id)))


def _product(product_id: int) -> Product:
    db.session.expire_all()
    return db.session.get(Product, product_id)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _anyone(app):
    """A visitor without a session, reading English."""
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    return visitor


@pytest.fixture
def signed_in_buyer(app, login_as, client):
    user = make_user(email="maria@contoh.id", name="Maria Goreti Nenobais")
    login_as(user)
    return user, client


@pytest.fixture
def tenun(db):
    tenun, _madu = two_shop_products(stocks=(50, 5))
    return tenun


# --- Writing ------------------------------------------------------------------------------

def test_a_buyer_reviews_a_received_product_once_with_photos(app, signed_in_buyer, tenun):
    user, client = signed_in_buyer
    order, parcel = received_parcel(client, [tenun])
    page = _page(client, f"/orders/{order.number}")
    assert "Review Selendang Buna" in page  # the order page offers it
    url = review_url(parcel, tenun)
    form = _page(client, url)
    assert "never your e-mail" in form

    response = post_review(client, url, stars="4", photos=[(io.BytesIO(photo_bytes()), "a.jpg"),
                                                           (io.BytesIO(photo_bytes()), "b.jpg")])
    assert response.status_code == 303, response.get_data(as_text=True)[:1500]
    [review] = _reviews()
    assert (review.stars, review.user_id, review.author_name, review.photo_count) == (
        4, user.id, "Maria", 2)
    product = _product(tenun.id)
    assert (product.review_count, product.rating_total, product.rating_average) == (1, 4, 4.0)
    assert db.session.get(Shop, tenun.shop_id).review_count == 1

    shown = _page(_anyone(app), f"/products/{tenun.slug}")  # as anyone sees it
    assert "Kainnya halus" in shown and "Maria" in shown
    assert "maria@contoh.id" not in shown and "Nenobais" not in shown
    assert "1 review" in shown

    again = post_review(client, url)  # the form is now the edit form: a second review is not
    assert again.status_code == 303
    assert len(_reviews()) == 1
    with pytest.raises(reviews.ReviewError):
        reviews.write_review(db.session.get(type(parcel), parcel.id), tenun.id, stars=5,
                             text="Lagi", photos=[])


def test_the_seller_is_mailed_about_a_new_review_in_indonesian(app, signed_in_buyer, tenun):
    """The shop hears of a review the moment it is written (to reply while the buyer still
    reads), in the store's language, with a link from configuration to its reviews page."""
    _user, client = signed_in_buyer
    client.set_cookie("lang", "en")
    _order, parcel = received_parcel(client, [tenun])
    post_review(client, review_url(parcel, tenun), stars="2", text="Warnanya luntur.")
    [mail] = [m for m in db.session.scalars(sa.select(OutboxMessage))
              if m.recipient == "ina@contoh.id" and "Ulasan baru" in m.subject]
    assert "Selendang Buna" in mail.subject
    assert "2/5" in mail.body and "Warnanya luntur." in mail.body
    assert app.config["PUBLIC_BASE_URL"] + "/seller/reviews" in mail.body


def test_not_received_parcel_other_buyer_and_no_access_are_refused(app, client, login_as, tenun):
    buyer = _anyone(app)
    login_as_buyer = make_user(email="yohanes@contoh.id", name="Yohanes")
    submit(buyer, "/account/login", {"email": login_as_buyer.email, "password": PASSWORD})
    order, parcel = received_parcel(buyer, [tenun], confirm=False)  # delivered, not received
    url = review_url(parcel, tenun)
    response = buyer.get(url)
    assert response.status_code == 403
    assert "once you have received" in response.get_data(as_text=True)
    assert post_review(buyer, url, form_url=f"/orders/{order.number}").status_code in (403,)

    escrow.confirm_receipt(parcel, user_id=login_as_buyer.id)
    assert buyer.get(url).status_code == 200
    login_as(make_user(email="other@contoh.id", name="Other"))
    assert client.get(url).status_code == 404  # another buyer
    assert _anyone(app).get(url).status_code == 404  # nobody signed in, no link
    assert _reviews() == []


def test_a_guest_reviews_through_the_mailed_link_and_forged_or_expired_links_fail(app, tenun,
                                                                                  monkeypatch):
    guest = _anyone(app)
    order, parcel = received_parcel(guest, [tenun])
    [mail] = [m for m in db.session.scalars(sa.select(OutboxMessage))
              if "How was your parcel" in m.subject or "Bagaimana" in m.subject]
    assert mail.recipient == order.email
    link = re.search(r"https?://[^/\s]+(/parcels/\S+)", mail.body).group(1)
    stranger = _anyone(app)
    assert stranger.get(link.split("?")[0]).status_code == 404
    forged = link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb")
    assert stranger.get(forged).status_code == 404
    assert stranger.get(link).status_code == 200
    support = _anyone(app)  # the link forwarded to an admin lets them act for nobody
    submit(support, "/account/login", {"email": make_admin().email, "password": PASSWORD})
    assert support.get(link).status_code == 404

    response = post_review(stranger, link, stars="5")
    assert response.status_code == 303
    [review] = _reviews()
    assert review.user_id is None and review.author_name == "Maria"  # the recipient's first name

    app.config["REVIEW_LINK_DAYS"] = 0
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert _anyone(app).get(link).status_code == 404  # expired


def test_no_review_of_ones_own_shop(app, client, login_as, tenun):
    owner = db.session.get(Shop, tenun.shop_id).owner
    login_as(owner)
    order, parcel = received_parcel(client, [tenun])
    response = client.get(review_url(parcel, tenun))
    assert response.status_code == 403
    assert "your own shop" in response.get_data(as_text=True)
    with pytest.raises(reviews.ReviewError):
        reviews.write_review(parcel, tenun.id, stars=5, text="Bagus sekali", photos=[])
    assert _reviews() == []


def test_centre_staff_cannot_review_a_shop_of_their_centre(app, client, login_as, tenun):
    centre = Centre(name="Sentra UMKM Belu", slug="sentra-belu", kind=CentreKind.SENTRA_UMKM,
                    province="Nusa Tenggara Timur", regency="Belu")
    db.session.add(centre)
    db.session.flush()
    db.session.get(Shop, tenun.shop_id).centre_id = centre.id
    staff = make_user(email="staf@sentra.id", name="Staf Sentra", roles=("centre_staff",))
    db.session.add(CentreStaff(centre_id=centre.id, user_id=staff.id))
    db.session.commit()
    login_as(staff)
    _order, parcel = received_parcel(client, [tenun])
    assert client.get(review_url(parcel, tenun)).status_code == 403


@pytest.mark.parametrize("fields, message", [
    ({"stars": "0"}, "1 to 5 stars"),
    ({"stars": "6"}, "1 to 5 stars"),
    ({"stars": "lima"}, "1 to 5 stars"),
    ({"stars": ""}, "1 to 5 stars"),
    ({"text": "   "}, "a few words"),
    ({"text": "x" * 2001}, "At most 2000"),
    ({"text": "ok\x00"}, "NUL"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_changes(app, signed_in_buyer, tenun,
                                                                fields, message):
    _user, client = signed_in_buyer
    _order, parcel = received_parcel(client, [tenun])
    response = post_review(client, review_url(parcel, tenun), **fields)
    if message == "NUL":  # refused at the edge for every form (PostgreSQL cannot store it)
        assert response.status_code == 400 and _reviews() == []
        return
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _reviews() == [] and _product(tenun.id).review_count == 0


@pytest.mark.parametrize("photos, message", [
    ([b"not an image"], "not a JPEG, PNG, WebP or HEIC"),
    ([photo_bytes()] * 4, "At most 3 photos"),
    ([photo_bytes(fmt="PNG", size=(9000, 9000))], "megapixels"),
])
def test_bad_photos_are_refused(app, signed_in_buyer, tenun, photos, message):
    _user, client = signed_in_buyer
    _order, parcel = received_parcel(client, [tenun])
    response = post_review(client, review_url(parcel, tenun),
                           photos=[(io.BytesIO(data), f"f{i}.png") for i, data in enumerate(photos)])
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _reviews() == []


def test_photos_lose_their_metadata(app, signed_in_buyer, tenun, media_dir):
    _user, client = signed_in_buyer
    _order, parcel = received_parcel(client, [tenun])
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"
    data = photo_bytes(exif=exif.tobytes())
    assert b"Camera Maker" in data
    post_review(client, review_url(parcel, tenun), photos=[(io.BytesIO(data), "a.jpg")])
    [photo] = _reviews()[0].photos
    stored = get_storage().read(variant_name(photo.content_hash, photo.widths[0]))
    assert b"Camera Maker" not in stored


def test_editing_changes_the_summary_within_30_days_only(app, signed_in_buyer, tenun):
    _user, client = signed_in_buyer
    _order, parcel = received_parcel(client, [tenun])
    url = review_url(parcel, tenun)
    post_review(client, url, stars="2")
    assert _product(tenun.id).rating_total == 2
    assert re.search(r"<input[^>]*checked[^>]*value=\"2\"|<input[^>]*value=\"2\"[^>]*checked", _page(client, url)), _page(client, url)[-6000:]
    assert post_review(client, url, stars="5", text="Setelah dicuci tetap bagus.").status_code == 303
    review = _reviews()[0]
    assert review.stars == 5 and review.edited_at is not None
    assert _product(tenun.id).rating_total == 5
    # New photos replace the old ones; an edit without photos keeps them.
    post_review(client, url, stars="5", photos=[(io.BytesIO(photo_bytes()), "a.jpg")])
    post_review(client, url, stars="5", text="Tetap bagus.")
    review = _reviews()[0]
    assert (review.photo_count, len(review.photos), review.text) == (1, 1, "Tetap bagus.")

    review.created_at -= timedelta(days=31)
    db.session.commit()
    response = post_review(client, url, stars="1", form_url=f"/products/{tenun.slug}")
    assert response.status_code == 403
    assert "30 days" in response.get_data(as_text=True)
    assert _reviews()[0].stars == 5


# --- Replies, reports, hiding ---------------------------------------------------------------

def _one_review(client, tenun, stars="4"):
    _order, parcel = received_parcel(client, [tenun])
    post_review(client, review_url(parcel, tenun), stars=stars)
    return _reviews()[0]


def test_the_seller_replies_once_and_another_seller_cannot(app, signed_in_buyer, tenun):
    _user, client = signed_in_buyer
    review = _one_review(client, tenun)
    seller = _anyone(app)
    submit(seller, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD})
    assert "Kainnya halus" in _page(seller, "/seller/reviews")
    url = f"/seller/reviews/{review.id}/reply"
    empty = submit(seller, url, {"reply": "  "}, form_url="/seller/reviews")
    assert empty.status_code == 303 and _reviews()[0].reply_text == ""
    assert "Write your reply first" in _page(seller, "/seller/reviews")
    too_long = submit(seller, url, {"reply": "x" * 1001}, form_url="/seller/reviews")
    assert too_long.status_code == 303 and _reviews()[0].reply_text == ""
    submit(seller, url, {"reply": "Terima kasih, Kak!"}, form_url="/seller/reviews")
    assert _reviews()[0].reply_text == "Terima kasih, Kak!"
    # Once only: the form is gone and a second post changes nothing.
    seller.post(url, data={"reply": "Lagi"})
    assert _reviews()[0].reply_text == "Terima kasih, Kak!"
    assert "Terima kasih, Kak!" in _page(_anyone(app), f"/products/{tenun.slug}")

    other = _anyone(app)
    submit(other, "/account/login", {"email": "madu@contoh.id", "password": PASSWORD})
    token = re.search(r'name="csrf_token" value="([^"]+)"', _page(other, "/seller/reviews")).group(1)
    assert other.post(url, data={"csrf_token": token, "reply": "Saya"}).status_code == 404


def test_reports_need_an_account_and_a_reason_and_count_once(app, signed_in_buyer, tenun):
    _user, client = signed_in_buyer
    review = _one_review(client, tenun)
    url = f"/reviews/{review.id}/report"
    anonymous = _anyone(app).get(url)
    assert anonymous.status_code in (302, 303) and "/account/login" in anonymous.headers["Location"]
    assert "You cannot report your own review" in submit(client, url, {"reason": "x"}).get_data(as_text=True)

    reporter = _anyone(app)
    submit(reporter, "/account/login", {"email": make_user(name="Pelapor").email,
                                        "password": PASSWORD})
    empty = submit(reporter, url, {"reason": ""})
    assert empty.status_code == 422 and "Say what is wrong" in empty.get_data(as_text=True)
    assert submit(reporter, url, {"reason": "Bukan tentang produk"}).status_code == 303
    again = submit(reporter, url, {"reason": "Lagi"})
    assert again.status_code == 422 and "already" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ReviewReport.id))) == 1


def test_an_admin_hides_with_a_reason_and_restores_audited(app, signed_in_buyer, tenun):
    _user, client = signed_in_buyer
    review = _one_review(client, tenun, stars="1")
    reporter = make_user(name="Pelapor")
    reviews.report(review, user=reporter, reason="Kasar")
    assert _product(tenun.id).review_count == 1

    # Not an admin: refused.
    seller = _anyone(app)
    submit(seller, "/account/login", {"email": "ina@contoh.id", "password": PASSWORD})
    assert seller.get("/admin/reviews").status_code == 403

    admin = _anyone(app)
    submit(admin, "/account/login", {"email": make_admin().email, "password": PASSWORD})
    listing = _page(admin, "/admin/reviews")
    assert "Kasar" in listing and "1 report" in listing
    url = f"/admin/reviews/{review.id}/hide"
    no_reason = submit(admin, url, {"reason": ""}, form_url="/admin/reviews")
    assert no_reason.status_code == 303 and not _reviews()[0].is_hidden
    assert "Give the reason" in _page(admin, "/admin/reviews")

    submit(admin, url, {"reason": "Kata-kata kasar"}, form_url="/admin/reviews")
    review = _reviews()[0]
    assert review.is_hidden and review.hidden_reason == "Kata-kata kasar"
    product = _product(tenun.id)
    assert (product.review_count, product.rating_total, product.rating_average) == (0, 0, None)
    assert "Kainnya halus" not in _page(_anyone(app), f"/products/{tenun.slug}")
    [entry] = audit_entries("review.hide")
    assert entry.reason == "Kata-kata kasar"

    submit(admin, f"/admin/reviews/{review.id}/restore", {},
           form_url="/admin/reviews?view=hidden")
    assert not _reviews()[0].is_hidden
    assert _product(tenun.id).review_count == 1
    assert len(audit_entries("review.restore")) == 1
    assert "Kainnya halus" in _page(_anyone(app), f"/products/{tenun.slug}")


# --- What the store shows -----------------------------------------------------------------

def test_summary_distribution_sort_and_sold_count(app, db, tenun):
    other = make_product(db.session.get(Shop, tenun.shop_id), name="Sarung Amarasi")
    for stars, text in ((5, "Bagus"), (3, "Lumayan"), (4, "Good weave")):
        guest = _anyone(app)
        _order, parcel = received_parcel(guest, [tenun], quantity=2)
        token = reviews.link_token(parcel)
        post_review(guest, review_url(parcel, tenun, token), stars=str(stars), text=text)
    product = _product(tenun.id)
    assert (product.review_count, product.rating_total, product.rating_average) == (3, 12, 4.0)
    assert product.units_sold == 6
    assert db.session.get(Shop, tenun.shop_id).rating_average == 4.0

    page = _page(_anyone(app), f"/products/{tenun.slug}")
    assert "3 reviews" in page and "6 sold" in page
    assert page.index("Good weave") < page.index("Lumayan") < page.index("Bagus")  # newest first
    assert re.search(r"5 stars.*?<td>1</td>", page, re.S)
    cards = _page(_anyone(app), "/products?sort=rating")
    assert cards.index("Selendang Buna") < cards.index("Sarung Amarasi")
    assert "4.0 (3 reviews)" in cards and "6 sold" in cards
    shop_page = _page(_anyone(app), f"/sellers/{db.session.get(Shop, tenun.shop_id).slug}")
    assert "4.0 (3 reviews)" in shop_page
    indonesian = _page(app.test_client(), "/products?sort=rating")  # the store's language
    assert "4,0 (3 ulasan)" in indonesian and "Terjual 6" in indonesian
    assert other.review_count == 0


def test_photos_first_and_pagination(app, db, tenun):
    app.config["REVIEW_RATE_LIMIT"] = "100 per hour"
    for i in range(shown_reviews.PER_PAGE + 2):
        guest = _anyone(app)
        _order, parcel = received_parcel(guest, [tenun])
        photos = [(io.BytesIO(photo_bytes()), "a.jpg")] if i == 0 else []
        post_review(guest, review_url(parcel, tenun, reviews.link_token(parcel)),
                    text=f"Ulasan nomor {i}", photos=photos)
    last = f"Ulasan nomor {shown_reviews.PER_PAGE + 1}"
    first = _page(_anyone(app), f"/products/{tenun.slug}")
    assert last in first and "Ulasan nomor 0<" not in first
    assert "Page 1 of 2" in first
    second = _page(_anyone(app), f"/products/{tenun.slug}?reviews_page=2")
    assert "Ulasan nomor 0<" in second
    photos_first = _page(_anyone(app), f"/products/{tenun.slug}?reviews_order=photos")
    shown = photos_first[photos_first.index("<main"):]  # the head's JSON-LD names reviews too
    assert shown.index("Ulasan nomor 0<") < shown.index(last)


def test_posting_reviews_is_rate_limited(app, db, tenun):
    app.config["REVIEW_RATE_LIMIT"] = "2 per hour"
    parcels = []
    for _ in range(3):
        guest = _anyone(app)
        _order, parcel = received_parcel(guest, [tenun])
        parcels.append((guest, review_url(parcel, tenun, reviews.link_token(parcel))))
    for guest, url in parcels[:2]:
        assert post_review(guest, url).status_code == 303
    guest, url = parcels[2]
    response = post_review(guest, url)
    assert response.status_code == 303
    assert "You have sent many reviews in a short time" in _page(guest, response.headers["Location"])
    assert len(_reviews()) == 2


def test_the_product_page_runs_as_many_statements_with_1_or_12_reviews(app, db, tenun,
                                                                       count_queries):
    counts = []
    for n in (1, shown_reviews.PER_PAGE + 3):
        for _ in range(n):
            guest = _anyone(app)
            _order, parcel = received_parcel(guest, [tenun])
            post_review(guest, review_url(parcel, tenun, reviews.link_token(parcel)),
                        photos=[(io.BytesIO(photo_bytes()), "a.jpg")])
        with count_queries() as counter:
            assert _anyone(app).get(f"/products/{tenun.slug}").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    # Issue 8's budget: the data versions, the product, its reviews with their photos and the
    # count of each star, the categories, related products with photos, exchange rates.
    assert counts[0] <= 6, counter.statements


def test_the_review_request_mail_is_sent_once(app, signed_in_buyer, tenun, smtp_server):
    app.config["MAIL_SEND_ASYNC"] = False
    user, client = signed_in_buyer
    order, parcel = received_parcel(client, [tenun])
    send_pending()
    asks = [m for m in smtp_server.messages if order.number in m.get_content()
            and "/parcels/" in m.get_content()]
    assert len(asks) == 1 and asks[0]["To"] == user.email
    assert f"/parcels/{parcel.id}/review/{tenun.id}?t=" in asks[0].get_content()
    # Completing is one transition: confirming again or the cron changes nothing.
    with pytest.raises(escrow.ReleaseError):
        escrow.confirm_receipt(parcel, user_id=user.id)
    db.session.rollback()
    escrow.auto_complete(parcel.delivered_at + timedelta(days=30))
    send_pending()
    assert len([m for m in smtp_server.messages if "/parcels/" in m.get_content()]) == 1
    assert LINK.search(_page(client, f"/orders/{order.number}"))


def test_a_product_page_full_of_the_longest_reviews_stays_under_40_kb(app, db, tenun):
    """The page weight's limit (tests/catalog/test_page_weight.py) at the worst a page of
    reviews can be: every review as long as allowed, with three photos and a reply."""
    app.config["REVIEW_RATE_LIMIT"] = "100 per hour"
    shop = db.session.get(Shop, tenun.shop_id)
    for i in range(shown_reviews.PER_PAGE):
        guest = _anyone(app)
        _order, parcel = received_parcel(guest, [tenun])
        post_review(guest, review_url(parcel, tenun, reviews.link_token(parcel)),
                    text=("Kain tenun yang sangat indah. " * 200)[:reviews.MAX_TEXT],
                    photos=[(io.BytesIO(photo_bytes()), f"{n}.jpg") for n in range(3)])
        review = _reviews()[-1]
        reviews.reply(review, shop=shop, user=shop.owner, text=("Terima kasih! " * 100)[:reviews.MAX_REPLY])
    size = len(_anyone(app).get(f"/products/{tenun.slug}").data)
    assert size < 40_000, size


def test_the_admin_home_counts_reported_reviews(app, signed_in_buyer, tenun):
    _user, client = signed_in_buyer
    review = _one_review(client, tenun)
    reviews.report(review, user=make_user(name="Pelapor"), reason="Iklan")
    admin = _anyone(app)
    submit(admin, "/account/login", {"email": make_admin().email, "password": PASSWORD})
    home = _page(admin, "/admin/")
    assert "Reviews reported" in home and 'href="/admin/reviews?view=reported"' in home
    submit(admin, f"/admin/reviews/{review.id}/keep", {}, form_url="/admin/reviews")
    assert reviews.count_reported() == 0 and not _reviews()[0].is_hidden
    assert len(audit_entries("review.keep")) == 1


def test_centre_staff_reply_for_the_assisted_shop_they_run(app, db):
    centre = make_centre()
    shop = make_assisted_shop(centre)
    product = make_product(shop, name="Selimut Buna", stocks=[9])
    guest = _anyone(app)
    _order, parcel = received_parcel(guest, [product])
    post_review(guest, review_url(parcel, product, reviews.link_token(parcel)))
    [review] = _reviews()
    staff = _anyone(app)
    submit(staff, "/account/login", {"email": make_staff(centre).email, "password": PASSWORD})
    act_for(staff, shop)
    assert "Kainnya halus" in _page(staff, "/seller/reviews")
    submit(staff, f"/seller/reviews/{review.id}/reply", {"reply": "Terima kasih dari Mama Yuliana."},
           form_url="/seller/reviews")
    assert _reviews()[0].reply_text == "Terima kasih dari Mama Yuliana."


def test_the_product_pages_structured_data_carries_its_rating_and_reviews(app, signed_in_buyer,
                                                                          tenun):
    """Search engines read the same reviews the page shows: the JSON-LD, parsed with extruct."""
    _user, client = signed_in_buyer
    _one_review(client, tenun, stars="4")
    html = _page(_anyone(app), f"/products/{tenun.slug}")
    [product] = [item for item in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
                 if item.get("@type") == "Product"]
    assert product["aggregateRating"]["ratingValue"] == 4
    assert product["aggregateRating"]["reviewCount"] == 1
    [review] = product["review"]
    assert review["author"] == {"@type": "Person", "name": "Maria"}  # never the e-mail
    assert review["reviewRating"]["ratingValue"] == 4 and "Kainnya halus" in review["reviewBody"]
