"""A seller downloads their listings as CSV, edits them in a spreadsheet and uploads them again."""
import csv
import html
import io
import re

import pytest
import sqlalchemy as sa

from marketplace.catalog.models import (
    Category,
    PackagingType,
    Product,
    ProductKind,
    ProductStatus,
    StockMovement,
    StockReason,
    Variant,
)
from marketplace.extensions import db as _db
from marketplace.sellers import csv_apply, csv_check, csv_io
from tests.conftest import csrf_token, submit
from tests.factories import make_category, make_product, make_shop, make_user

IMPORT_URL = "/seller/products/import"
EXPORT_URL = "/seller/products.csv"
HEADER = list(csv_io.COLUMNS)


@pytest.fixture
def seller(client, db, login_as):
    user = make_user(name="Yuliana")
    shop = make_shop(name="Tenun Belu", owner=user)
    login_as(user)
    client.set_cookie("lang", "en")  # messages checked in English; msgids are English
    return shop


@pytest.fixture
def categories(db):
    cloth = make_category("Kain & Tenun", "Cloth", kind=ProductKind.CRAFT)
    ikat = make_category("Tenun Ikat", "Ikat weaving", parent=cloth, kind=ProductKind.TEXTILE)
    honey = make_category("Madu", "Honey", kind=ProductKind.FOOD)
    yield {"parent": cloth, "ikat": ikat, "honey": honey}
    # conftest empties the tables with one DELETE per table, which SQLite refuses for a child
    # category whose parent goes in the same statement (ondelete RESTRICT): unlink them first.
    _db.session.rollback()
    _db.session.execute(sa.update(Category).values(parent_id=None))
    _db.session.commit()


def row(**cells) -> dict:
    base = {"sku": "", "product_name": "", "option_name": "", "category": "", "price_idr": "",
            "stock": "", "net_weight_g": "", "packed_weight_g": "", "packed_length_cm": "",
            "packed_width_cm": "", "packed_height_cm": "", "packaging_type": "",
            "packaging_description": "", "status": ""}
    base.update(cells)
    return base


def csv_bytes(rows: list[dict], delimiter: str = ",", bom: bool = False, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for cells in rows:
        writer.writerow([cells.get(name, "") for name in header])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def upload(client, content: bytes, filename: str = "products.csv"):
    return submit(client, IMPORT_URL, {"file": (io.BytesIO(content), filename)},
                  content_type="multipart/form-data")


def upload_raw(client, content: bytes):
    """The same upload, with the multipart body built here: for files over 500 KB Werkzeug's
    test client would spool its own body to a temporary file it never closes."""
    boundary = "----sentra-test-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{csrf_token(client, IMPORT_URL)}\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="products.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return client.post(IMPORT_URL, data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def exported(client) -> list[dict]:
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def problems(response) -> list[tuple[str, str, str]]:
    """(row, column, message) from the error table of the import page."""
    page = response.get_data(as_text=True)
    found = re.findall(r'<tr><th scope="row">(\d+)</th><td>(?:<code>([^<]*)</code>|—)</td>'
                       r"<td>([^<]*)</td></tr>", page)
    return [(r, c, html.unescape(m)) for r, c, m in found]


def alert(response) -> str:
    match = re.search(r'<div class="alert" role="alert"[^>]*>(.*?)</div>',
                      response.get_data(as_text=True), re.S)
    assert match, "no error summary on the page"
    return html.unescape(match.group(1))


def snapshot() -> list[tuple]:
    """Everything an import could change, to show that it changed nothing."""
    _db.session.expire_all()
    products = _db.session.execute(sa.select(
        Product.id, Product.name, Product.category_id, Product.kind, Product.status,
        Product.price_from_idr, Product.in_stock, Product.updated_at).order_by(Product.id)).all()
    variants = _db.session.execute(sa.select(
        Variant.id, Variant.sku, Variant.name, Variant.price_idr, Variant.stock, Variant.is_active,
        Variant.net_weight_g, Variant.packed_weight_g, Variant.packed_length_cm,
        Variant.packed_width_cm, Variant.packed_height_cm, Variant.packaging_type,
        Variant.packaging_description).order_by(Variant.id)).all()
    movements = _db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement))
    return [tuple(products), tuple(variants), movements]


def flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.get("_flashes", []))


# --- export --------------------------------------------------------------------------------

def test_export_lists_every_active_option_of_this_shop_only(client, seller, categories):
    cloth = make_product(seller, categories["ikat"], name="Selendang Buna",
                         prices=(150_000, 250_000, 400_000), stocks=(2, 0, 7))
    archived = make_product(seller, categories["honey"], name="Madu Hutan",
                            status=ProductStatus.ARCHIVED)
    cloth.variants[2].is_active = False  # a removed option is not exported
    _db.session.commit()
    stranger = make_product(make_shop(owner=make_user()), categories["ikat"], name="Kain Lain")

    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="sentra-{seller.slug}-products.csv"')
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\r\n")

    rows = exported(client)
    assert [r["sku"] for r in rows] == [cloth.variants[0].sku, cloth.variants[1].sku,
                                        archived.variants[0].sku]
    first = rows[0]
    assert first == {
        "sku": cloth.variants[0].sku, "product_name": "Selendang Buna", "option_name": "Ukuran 1",
        "category": categories["ikat"].slug, "price_idr": "150000", "stock": "2",
        "net_weight_g": "250", "packed_weight_g": "400", "packed_length_cm": "30",
        "packed_width_cm": "20", "packed_height_cm": "5", "packaging_type": "box",
        "packaging_description": "Kotak karton daur ulang", "status": "active",
    }
    assert rows[2]["status"] == "archived"
    assert stranger.variants[0].sku not in body.decode("utf-8-sig")
    assert "Kain Lain" not in body.decode("utf-8-sig")


def test_another_seller_exports_only_their_own_products(client, db, login_as, categories):
    owner_shop = make_shop(owner=make_user())
    mine = make_product(owner_shop, categories["ikat"], name="Sarung Futus")
    other = make_user()
    other_shop = make_shop(owner=other)
    theirs = make_product(other_shop, categories["ikat"], name="Selimut Amarasi")
    login_as(other)
    text = client.get(EXPORT_URL).get_data().decode("utf-8-sig")
    assert theirs.variants[0].sku in text and "Selimut Amarasi" in text
    assert mine.variants[0].sku not in text and "Sarung Futus" not in text


def test_export_takes_the_same_number_of_queries_for_few_or_many_products(
        client, seller, categories, count_queries):
    make_product(seller, categories["ikat"])
    with count_queries() as few:
        assert len(exported(client)) == 1
    for _ in range(8):
        make_product(seller, categories["honey"], prices=(50_000, 90_000))
    with count_queries() as many:
        assert len(exported(client)) == 17
    assert many.count == few.count


def test_an_empty_shop_exports_the_header_only(client, seller):
    response = client.get(EXPORT_URL)
    assert response.get_data().decode("utf-8-sig") == ",".join(HEADER) + "\r\n"


# --- import: applying a correct file ------------------------------------------------------

def test_importing_the_export_unchanged_changes_nothing(client, seller, categories):
    make_product(seller, categories["ikat"], prices=(150_000, 250_000), stocks=(3, 0))
    make_product(seller, categories["honey"], status=ProductStatus.DRAFT)
    before = snapshot()
    content = client.get(EXPORT_URL).get_data()

    response = upload(client, content)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/seller/products")
    assert flashes(client) == [("success", "0 updated, 0 new drafts")]
    assert snapshot() == before


def test_import_updates_price_stock_packaging_and_product(client, seller, categories):
    product = make_product(seller, categories["ikat"], name="Selendang Buna",
                           prices=(150_000, 250_000), stocks=(3, 5))
    small, large = product.variants
    rows = exported(client)
    rows[0].update(price_idr="175.000", stock="10", product_name="Selendang Buna Biboki",
                   category=categories["honey"].slug, packaging_type="", packed_height_cm="")
    rows[1].update(stock="1", option_name="Besar")

    response = upload(client, csv_bytes(rows))
    assert response.status_code == 303, problems(response) or alert(response)
    assert flashes(client) == [("success", "2 updated, 0 new drafts")]

    _db.session.expire_all()
    small, large = _db.session.get(Variant, small.id), _db.session.get(Variant, large.id)
    assert (small.price_idr, small.stock, small.packaging_type, small.packed_height_cm) == (
        175_000, 10, None, None)
    assert (large.name, large.stock, large.price_idr) == ("Besar", 1, 250_000)
    product = small.product
    assert product.name == "Selendang Buna Biboki"
    # a new category brings its kind (and its label fields), as the edit form would
    assert product.category_id == categories["honey"].id and product.kind == ProductKind.FOOD
    assert product.food_label is not None and product.textile is None
    assert product.price_from_idr == 175_000 and product.status == ProductStatus.ACTIVE

    movements = _db.session.scalars(
        sa.select(StockMovement).order_by(StockMovement.variant_id)).all()
    assert [(m.variant_id, m.change, m.stock_after, m.reason, m.note, m.actor_id)
            for m in movements] == [
        (small.id, 7, 10, StockReason.CORRECTION, "CSV import", seller.owner_id),
        (large.id, -4, 1, StockReason.CORRECTION, "CSV import", seller.owner_id),
    ]


def test_import_creates_drafts_grouped_by_product_name(client, seller, categories):
    stranger = make_product(make_shop(owner=make_user()), categories["honey"])
    ikat = categories["ikat"].slug
    rows = [
        row(sku="KOPI-250", product_name="Kopi Robusta Krayan", option_name="250 g",
            category=categories["honey"].slug, price_idr="Rp 45.000", stock="12",
            net_weight_g="250", packed_weight_g="300", packaging_type="pouch"),
        row(sku="SELENDANG-1", product_name="Selendang Sotis", category=ikat, price_idr="300000",
            stock="2", status="active"),
        row(sku="kopi-500", product_name="Kopi Robusta Krayan", option_name="500 g",
            category=categories["honey"].slug, price_idr="80000", stock="0"),
        # a SKU another shop uses is simply a new SKU here
        row(sku=stranger.variants[0].sku, product_name="kopi robusta krayan",
            option_name="1 kg", category=categories["honey"].slug, price_idr="150000"),
    ]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 303, problems(response) or alert(response)
    assert flashes(client) == [("success", "0 updated, 2 new drafts")]

    created = _db.session.scalars(sa.select(Product).where(Product.shop_id == seller.id)
                                  .order_by(Product.id)).all()
    assert [p.name for p in created] == ["Kopi Robusta Krayan", "Selendang Sotis"]
    coffee, scarf = created
    assert all(p.status == ProductStatus.DRAFT for p in created)  # the status column is ignored
    assert (coffee.kind, scarf.kind) == (ProductKind.FOOD, ProductKind.TEXTILE)
    assert coffee.slug == "kopi-robusta-krayan" and scarf.textile is not None
    assert [(v.sku, v.name, v.price_idr, v.stock, v.position) for v in coffee.variants] == [
        ("KOPI-250", "250 g", 45_000, 12, 0), ("kopi-500", "500 g", 80_000, 0, 1),
        (stranger.variants[0].sku, "1 kg", 150_000, 0, 2),
    ]
    assert coffee.variants[0].packaging_type == PackagingType.POUCH
    assert (coffee.price_from_idr, coffee.price_to_idr, coffee.in_stock) == (45_000, 150_000, True)
    initial = _db.session.scalars(sa.select(StockMovement).order_by(StockMovement.id)).all()
    assert [(m.variant.sku, m.change, m.reason) for m in initial] == [
        ("KOPI-250", 12, StockReason.INITIAL), ("SELENDANG-1", 2, StockReason.INITIAL)]
    assert _db.session.get(Variant, stranger.variants[0].id).product_id == stranger.id


def test_a_semicolon_file_from_indonesian_excel_with_bom_is_read(client, seller, categories):
    product = make_product(seller, categories["ikat"], prices=(150_000,), stocks=(4,))
    sku = product.variants[0].sku
    rows = exported(client)
    rows[0].update(price_idr="1.250.000", stock="6")
    rows.append(row(sku="BARU-1", product_name="Tas Anyaman; Pandan",
                    category=categories["ikat"].slug,
                    price_idr="85.000", packaging_description="Kertas coklat,\ndiikat tali"))
    content = csv_bytes(rows, delimiter=";", bom=True).replace(b"\r\n", b"\n")

    response = upload(client, content)
    assert response.status_code == 303, problems(response) or alert(response)
    _db.session.expire_all()
    variant = _db.session.scalar(sa.select(Variant).where(Variant.sku == sku))
    assert (variant.price_idr, variant.stock) == (1_250_000, 6)
    new = _db.session.scalar(sa.select(Variant).where(Variant.sku == "BARU-1"))
    assert new.product.name == "Tas Anyaman; Pandan"
    assert new.packaging_description == "Kertas coklat,\ndiikat tali"


def test_text_that_a_spreadsheet_would_run_as_a_formula_survives_the_round_trip(
        client, seller, categories):
    product = make_product(seller, categories["ikat"], name="=HYPERLINK(\"http://x\")")
    product.variants[0].name = "-10% diskon"
    _db.session.commit()
    rows = exported(client)
    assert rows[0]["product_name"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["option_name"] == "'-10% diskon"
    before = snapshot()
    assert upload(client, client.get(EXPORT_URL).get_data()).status_code == 303
    assert snapshot() == before


# --- import: a wrong file changes nothing ------------------------------------------------

@pytest.mark.parametrize("cells,column,message", [
    ({"price_idr": "abc"}, "price_idr", "Enter a price in whole rupiah"),
    ({"price_idr": "500"}, "price_idr", "A price is between Rp1.000 and Rp1.000.000.000."),
    ({"price_idr": ""}, "price_idr", "Enter a price in whole rupiah"),
    ({"stock": "-1"}, "stock", "Enter a whole number from 0 to 1000000"),
    ({"stock": "2,5"}, "stock", "Enter a whole number"),
    ({"net_weight_g": "0"}, "net_weight_g", "Enter a whole number from 1 to 1000000"),
    ({"packed_length_cm": "12.5"}, "packed_length_cm", "Enter a whole number from 1 to 1000"),
    ({"net_weight_g": "500", "packed_weight_g": "400"}, "packed_weight_g", "cannot be less than"),
    ({"category": "no-such-category"}, "category", "category codes"),
    ({"category": "PARENT"}, "category", "category codes"),  # not a leaf
    ({"packaging_type": "barrel"}, "packaging_type", "packaging types"),
    ({"sku": "NEW-1", "product_name": ""}, "product_name", "a name of 3 to 160 characters"),
    ({"sku": "NEW-1", "category": ""}, "category", "category codes"),
    ({"option_name": "x" * 81}, "option_name", "80 characters or fewer"),
    ({"sku": "FIRST"}, "sku", "This SKU is already on row 2."),
    ({"sku": "first"}, "sku", "This SKU is already on row 2."),
])
def test_one_bad_row_among_good_ones_changes_nothing(client, seller, categories, cells, column,
                                                     message):
    make_product(seller, categories["ikat"], prices=(150_000, 250_000))
    rows = exported(client)
    rows[0]["price_idr"] = "999000"  # a good change that must not be applied either
    good_new = row(sku="FIRST", product_name="Tikar Pandan", category=categories["ikat"].slug,
                   price_idr="90000", stock="3")
    bad = dict(rows[1])
    if cells.get("category") == "PARENT":
        cells = {"category": categories["parent"].slug}
    bad.update(cells)
    rows = [good_new, rows[0], bad] if column != "sku" else [good_new, rows[0], row(
        product_name="Tikar Lain", category=categories["ikat"].slug, price_idr="90000", **cells)]
    before = snapshot()

    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400
    [(number, where, text)] = problems(response)
    assert (number, where) == ("4", column)  # the header is row 1, the bad row the third below
    assert message in text
    assert "Nothing was imported" in alert(response)
    assert snapshot() == before


def test_every_bad_row_is_reported_with_its_spreadsheet_row(client, seller, categories):
    ikat = categories["ikat"].slug
    rows = [
        row(sku="A-1", product_name="Tikar", category=ikat, price_idr="90000",
            packaging_description="Dua baris\ndalam satu sel"),
        row(sku="A-2", product_name="Tikar", category=ikat, price_idr="murah", stock="lima"),
        row(),  # an empty line in the spreadsheet is skipped, but still counted
        row(sku="A-3", product_name="Tikar", category=categories["honey"].slug, price_idr="90000"),
    ]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400
    assert [(r, c) for r, c, _ in problems(response)] == [
        ("3", "price_idr"), ("3", "stock"), ("5", "category")]
    assert "same product name and category" in problems(response)[2][2]
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


def test_rows_of_one_product_asking_for_two_different_names_are_refused(client, seller,
                                                                       categories):
    make_product(seller, categories["ikat"], name="Selendang", prices=(150_000, 250_000))
    rows = exported(client)
    rows[0]["product_name"] = "Selendang Buna"
    rows[1]["product_name"] = "Selendang Sotis"
    before = snapshot()
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 400
    assert [(r, c) for r, c, _ in problems(response)] == [("3", "product_name")]
    assert snapshot() == before


def test_a_row_with_more_cells_than_columns_is_refused(client, seller, categories):
    # "150,000" without quotes in a comma-separated file: one cell too many
    content = csv_bytes([]) + (f"A-1,Tikar,,{categories['ikat'].slug},150,000,3"
                               + "," * 8 + "\r\n").encode()
    response = upload(client, content)
    assert response.status_code == 400
    assert problems(response) == [("2", "", "This row has more cells than there are columns. Put "
                                            "text that contains a comma or a semicolon in quotes.")]


@pytest.mark.parametrize("content,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a CSV file in UTF-8"),
    (bytes(range(256)) * 8, "not a CSV file in UTF-8"),
    ("sku,product_name\nA-1,Kain Buna\n".encode("utf-16"), "not a CSV file in UTF-8"),
    ("sku,product_name\nA-1,Kain Ende\xe9\n".encode("latin-1"), "not a CSV file in UTF-8"),
    (b"", "The file is empty."),
    (b"\xef\xbb\xbf\r\n\r\n", "The file is empty."),
    (b"name,price,stock\nKain,150000,3\n", "Missing: sku, product_name, option_name, category, "
                                           "price_idr, net_weight_g"),
    (b"\"unterminated,quote\nA-1", "Missing: sku"),
])
def test_garbage_gets_a_message_never_a_server_error(client, seller, content, message):
    response = upload(client, content)
    assert response.status_code == 400
    assert message in alert(response) + response.get_data(as_text=True)
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


def test_posting_without_a_file_asks_for_one(client, seller):
    response = submit(client, IMPORT_URL, {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file." in response.get_data(as_text=True)


def test_too_many_rows_or_too_many_bytes_are_refused(client, seller, categories):
    ikat = categories["ikat"].slug
    many = [row(sku=f"S-{n}", product_name=f"Produk {n % 50}", category=ikat, price_idr="10000")
            for n in range(csv_io.MAX_ROWS + 1)]
    response = upload(client, csv_bytes(many))
    assert response.status_code == 400
    assert "at most 2,000 rows and 2 MB" in alert(response)

    huge = csv_bytes([row(sku="S-1", product_name="Produk", category=ikat, price_idr="10000",
                          packaging_description="x" * (csv_io.MAX_BYTES + 10))])
    response = upload_raw(client, huge)
    assert response.status_code == 400
    assert "at most 2,000 rows and 2 MB" in alert(response)
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Product)) == 0


def test_exactly_the_maximum_number_of_rows_is_accepted(client, seller, categories):
    ikat = categories["ikat"].slug
    rows = [row(sku=f"S-{n}", product_name=f"Produk {n // 20}", category=ikat, price_idr="10000")
            for n in range(csv_io.MAX_ROWS)]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 303, problems(response)[:3] or alert(response)
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Variant)) == csv_io.MAX_ROWS


def test_a_sku_of_a_removed_option_is_refused(client, seller, categories):
    product = make_product(seller, categories["ikat"], prices=(150_000, 250_000))
    removed = product.variants[1]
    removed.is_active = False
    _db.session.commit()
    response = upload(client, csv_bytes([row(sku=removed.sku, product_name="Kain",
                                             category=categories["ikat"].slug, price_idr="90000")]))
    assert response.status_code == 400
    assert problems(response) == [("2", "sku", "This SKU belongs to an option you removed. "
                                               "Give this row a new SKU.")]


def test_a_failure_while_applying_rolls_the_whole_file_back(app, db, categories):
    """Checked, then someone takes a SKU before it is applied: nothing of the file stays."""
    shop = make_shop(owner=make_user())
    product = make_product(shop, categories["ikat"], prices=(150_000,), stocks=(4,))
    sku = product.variants[0].sku
    content = csv_bytes([
        row(sku=sku, price_idr="175000", stock="9"),
        row(sku="RACE-1", product_name="Tikar Pandan", category=categories["ikat"].slug,
            price_idr="90000", stock="2"),
    ])
    plan = csv_check.read_import(shop, content)
    make_product(shop, categories["ikat"]).variants[0].sku = "RACE-1"
    _db.session.commit()
    before = snapshot()
    with pytest.raises(csv_io.ImportRejected) as rejected:
        csv_apply.apply_import(shop, plan, actor_id=None)
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert "changed while the file was being imported" in str(rejected.value.errors[0].message)
    assert snapshot() == before


# --- who may do it ------------------------------------------------------------------------

@pytest.mark.parametrize("method,url", [("get", EXPORT_URL), ("get", IMPORT_URL),
                                        ("post", IMPORT_URL)])
def test_anonymous_visitors_are_sent_to_log_in(client, db, method, url):
    if method == "get":
        response = client.get(url)
    else:  # with a valid token, so that it is the login that turns it away
        response = submit(client, url, {"file": (io.BytesIO(b"sku\n"), "p.csv")},
                          form_url="/account/login", content_type="multipart/form-data")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_a_buyer_without_a_shop_is_refused(client, db, login_as):
    login_as(make_user())
    assert client.get(EXPORT_URL).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403
    response = submit(client, IMPORT_URL, {"file": (io.BytesIO(b"sku\n"), "p.csv")},
                      form_url="/account/password", content_type="multipart/form-data")
    assert response.status_code == 403


def test_an_import_without_the_csrf_token_is_refused(client, seller, categories):
    make_product(seller, categories["ikat"])
    before = snapshot()
    rows = exported(client)
    rows[0]["price_idr"] = "999000"
    response = client.post(IMPORT_URL, data={"file": (io.BytesIO(csv_bytes(rows)), "p.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert snapshot() == before


def test_the_import_page_explains_the_columns_and_links_the_template(client, seller, categories):
    page = client.get(IMPORT_URL).get_data(as_text=True)
    assert 'href="/seller/products.csv"' in page
    assert 'type="file"' in page and 'for="file"' in page
    for name in HEADER:
        assert f"<code>{name}</code>" in page
    assert f"<code>{categories['ikat'].slug}</code>" in page
    assert f"<code>{categories['parent'].slug}</code>" not in page  # not a leaf
    assert "<code>woven_basket</code>" in page

