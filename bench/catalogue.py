"""A generated catalogue on top of the demo data, inserted in bulk with SQLAlchemy Core.

New shops spread over the regencies the demo shops are in; products in the demo's leaf
categories with 1-3 variants (rupiah prices, stock, packaging) and the summary columns
(`price_from_idr`, `price_to_idr`, `in_stock`) computed exactly as
`catalog.services.refresh_product_summary` does: from the *active* variants. Photos are not
drawn: each product reuses the ProductImage rows (same content hash, size and WebP widths) of
a demo product of the same category, so cards show real files without new ones.

Runs against a plain engine (no Flask app): the table definitions come from the models.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from slugify import slugify

from marketplace.catalog.models import (
    Category,
    PackagingType,
    Product,
    ProductImage,
    ProductKind,
    ProductStatus,
    Shop,
    ShopStatus,
    Variant,
)
from marketplace.timeutil import utcnow

SEED = 8_2026
CHUNK = 2000
PRODUCTS_PER_SHOP = (20, 90)


@dataclass(frozen=True)
class Profile:
    """How products of one leaf category are named, priced and packed."""

    nouns: tuple[str, ...]
    price: tuple[int, int]  # rupiah, for the smallest variant
    options: tuple[str, ...]  # variant names; scaled by position when `scaled`
    packaging: tuple[PackagingType, ...]
    weight_g: tuple[int, int]
    scaled: bool = False  # options are sizes: price and weight grow with the position
    qualifiers: tuple[str, ...] = ("Asli", "Khas", "Pilihan", "Premium", "Tradisional", "")


P = PackagingType
TEXTILE_OPTIONS = ("Merah Mengkudu", "Biru Tarum", "Cokelat Tanah", "Hitam", "Kuning Kunyit")
MOTIFS = (
    "Buaya",
    "Kaif",
    "Bunga Sepe",
    "Kuda",
    "Ayam",
    "Tokek",
    "Manusia",
    "Pucuk Rebung",
    "Belah Ketupat",
    "Lipan",
    "Mata Manuk",
    "Burung Kakatua",
)
PROFILES: dict[str, Profile] = {
    "tenun-ikat": Profile(
        (
            "Sarung Tenun Ikat",
            "Selendang Tenun Ikat",
            "Selimut Tenun Ikat",
            "Kain Tenun Ikat Lungsin",
        ),
        (250_000, 3_500_000),
        TEXTILE_OPTIONS,
        (P.BOX, P.CLOTH_BAG),
        (250, 1400),
    ),
    "tenun-buna-sotis": Profile(
        ("Selendang Tenun Buna", "Kain Tenun Sotis", "Sarung Tenun Buna"),
        (300_000, 2_800_000),
        TEXTILE_OPTIONS,
        (P.BOX, P.CLOTH_BAG),
        (250, 1200),
    ),
    "songket": Profile(
        ("Kain Tenun Songket", "Selendang Songket Benang Emas", "Songket Sambas"),
        (450_000, 4_500_000),
        TEXTILE_OPTIONS,
        (P.BOX,),
        (300, 1000),
    ),
    "produk-tenun": Profile(
        ("Tas Tenun", "Dompet Tenun", "Topi Tenun", "Syal Tenun", "Sarung Bantal Tenun"),
        (75_000, 450_000),
        ("Kecil", "Sedang", "Besar"),
        (P.PAPER_WRAP, P.CLOTH_BAG, P.BOX),
        (100, 600),
        scaled=True,
    ),
    "anyaman-rotan": Profile(
        (
            "Keranjang Rotan",
            "Tikar Pandan",
            "Tas Anyaman Purun",
            "Bakul Bambu",
            "Tudung Saji Rotan",
        ),
        (45_000, 600_000),
        ("Kecil", "Sedang", "Besar"),
        (P.BOX, P.PLASTIC_BAG),
        (200, 2500),
        scaled=True,
    ),
    "manik-manik": Profile(
        ("Kalung Manik Dayak", "Gelang Manik", "Tas Manik", "Ikat Kepala Manik"),
        (35_000, 750_000),
        ("Merah", "Kuning", "Biru", "Hitam"),
        (P.BOX, P.PAPER_WRAP),
        (50, 500),
    ),
    "noken": Profile(
        ("Noken Kulit Kayu", "Noken Anggrek", "Noken Benang Wol", "Noken Serat Genemo"),
        (150_000, 1_500_000),
        ("Kecil", "Sedang", "Besar"),
        (P.CLOTH_BAG, P.BOX),
        (150, 900),
        scaled=True,
    ),
    "kopi": Profile(
        ("Kopi Arabika", "Kopi Robusta", "Kopi Liberika", "Kopi Bubuk", "Kopi Sangrai"),
        (35_000, 120_000),
        ("250 g", "500 g", "1 kg"),
        (P.POUCH,),
        (250, 250),
        scaled=True,
    ),
    "madu": Profile(
        ("Madu Hutan", "Madu Kelulut", "Madu Lebah Timor", "Madu Klanceng"),
        (60_000, 180_000),
        ("250 ml", "500 ml", "1 liter"),
        (P.BOTTLE, P.JAR),
        (330, 330),
        scaled=True,
    ),
    "kerupuk-camilan": Profile(
        (
            "Amplang Ikan Tenggiri",
            "Kerupuk Basah",
            "Keripik Pisang",
            "Jagung Titi",
            "Keripik Sukun",
        ),
        (15_000, 45_000),
        ("100 g", "250 g", "500 g"),
        (P.POUCH, P.TIN),
        (100, 100),
        scaled=True,
    ),
    "sambal-bumbu": Profile(
        ("Sambal Lu'at", "Sambal Ikan Roa", "Bumbu Rendang", "Sambal Andaliman", "Sambal Cakalang"),
        (25_000, 65_000),
        ("150 g", "250 g"),
        (P.JAR, P.BOTTLE),
        (150, 150),
        scaled=True,
    ),
    "gula-aren-lontar": Profile(
        ("Gula Aren Cetak", "Gula Semut Aren", "Gula Lempeng Lontar", "Gula Cair Lontar"),
        (20_000, 60_000),
        ("500 g", "1 kg"),
        (P.PAPER_WRAP, P.POUCH, P.JAR),
        (500, 500),
        scaled=True,
    ),
    "kue-manisan": Profile(
        ("Kue Rambut", "Dodol Durian", "Manisan Pala", "Lempok Durian", "Kue Kembang Goyang"),
        (20_000, 60_000),
        ("250 g", "500 g"),
        (P.BOX, P.TIN, P.POUCH),
        (250, 250),
        scaled=True,
    ),
    "teh-herbal": Profile(
        ("Teh Kelor", "Teh Daun Sirsak", "Wedang Jahe Merah", "Teh Serai", "Bubuk Kelor"),
        (25_000, 70_000),
        ("50 g", "100 g", "250 g"),
        (P.POUCH, P.BOX),
        (50, 50),
        scaled=True,
    ),
    "beras-sagu": Profile(
        ("Beras Merah Adan", "Sagu Lempeng", "Beras Hitam", "Tepung Sagu", "Beras Ladang"),
        (25_000, 60_000),
        ("1 kg", "2 kg", "5 kg"),
        (P.SACK, P.PLASTIC_BAG),
        (1000, 1000),
        scaled=True,
    ),
    "rempah-kacang": Profile(
        ("Kemiri Kupas", "Kenari Alor", "Lada Putih Sambas", "Pala Bubuk", "Kacang Mete"),
        (30_000, 120_000),
        ("250 g", "500 g", "1 kg"),
        (P.POUCH, P.JAR),
        (250, 250),
        scaled=True,
    ),
    "buah-segar": Profile(
        ("Jeruk Soe", "Pisang Kepok", "Durian Lai", "Lidah Buaya", "Matoa"),
        (25_000, 150_000),
        ("1 kg", "3 kg", "5 kg"),
        (P.BOX, P.WOVEN_BASKET),
        (1000, 1000),
        scaled=True,
    ),
    "ikan-kering": Profile(
        ("Ikan Asin Teri", "Cumi Kering", "Rumput Laut Kering", "Ikan Sale", "Ebi Kering"),
        (30_000, 150_000),
        ("250 g", "500 g", "1 kg"),
        (P.POUCH, P.BOX),
        (250, 250),
        scaled=True,
    ),
    "garam": Profile(
        ("Garam Krosok", "Garam Halus", "Garam Bambu", "Garam Beryodium"),
        (10_000, 35_000),
        ("500 g", "1 kg", "5 kg"),
        (P.POUCH, P.SACK, P.PLASTIC_BAG),
        (500, 500),
        scaled=True,
    ),
}
FALLBACK = Profile(
    ("Produk UMKM",), (25_000, 250_000), ("Kecil", "Besar"), (P.BOX,), (200, 1000), scaled=True
)
SCALE = (1.0, 1.85, 3.4, 6.0)  # price multiplier by size position (bulk is cheaper per unit)
WEIGHT_SCALE = (1, 2, 4, 10)

SHOP_PREFIXES = (
    "Kelompok Tani",
    "Sanggar Tenun",
    "Koperasi",
    "Rumah Produksi",
    "UMKM",
    "Kelompok Perempuan",
    "Usaha Bersama",
    "Dapur",
)
SHOP_NAMES = (
    "Harapan",
    "Sejahtera",
    "Mama Ana",
    "Fajar",
    "Lestari",
    "Bintang Timur",
    "Ina Lusi",
    "Maju Bersama",
    "Sinar",
    "Tunas",
    "Amanah",
    "Nusa",
    "Batas Negeri",
    "Mandiri",
    "Karya Ibu",
    "Pelangi",
    "Cahaya",
    "Sumber Rejeki",
    "Tapal Batas",
    "Rimba",
)
PEOPLE = (
    "Mama Yosefina",
    "Bapak Markus",
    "Ibu Siti",
    "Mama Agustina",
    "Bapak Yohanes",
    "Ibu Dayang",
    "Mama Ruth",
    "Bapak Ahmad",
    "Ibu Maria",
    "Bapak Lukas",
)


def _round_price(value: float) -> int:
    step = 5_000 if value >= 200_000 else 1_000 if value >= 20_000 else 500
    return max(step, int(round(value / step)) * step)


def _leaf_categories(conn) -> list[tuple[int, str, ProductKind, int]]:
    """(id, slug, default kind, top id) of every category without children."""
    cats = list(conn.execute(sa.select(Category.__table__)))
    parents = {c.parent_id for c in cats if c.parent_id is not None}
    leaves = []
    for c in cats:
        if c.id not in parents:
            leaves.append((c.id, c.slug, ProductKind(c.default_kind), c.parent_id or c.id))
    return leaves


def _demo_photos(conn) -> tuple[dict[int, list[list]], dict[int, list[list]], list[list]]:
    """Photo sets of demo products, by leaf category and by top category."""
    img = ProductImage.__table__
    prod = Product.__table__
    cat = Category.__table__
    rows = conn.execute(
        sa.select(
            img.c.product_id,
            prod.c.category_id,
            cat.c.parent_id,
            img.c.position,
            img.c.alt_text,
            img.c.content_hash,
            img.c.width,
            img.c.height,
            img.c.variant_widths,
            img.c.shows_packaging,
        )
        .join(prod, prod.c.id == img.c.product_id)
        .join(cat, cat.c.id == prod.c.category_id)
        .order_by(img.c.product_id, img.c.position, img.c.id)
    )
    by_product: dict[int, list] = defaultdict(list)
    meta: dict[int, tuple[int, int]] = {}
    for r in rows:
        by_product[r.product_id].append(r)
        meta[r.product_id] = (r.category_id, r.parent_id or r.category_id)
    by_leaf: dict[int, list[list]] = defaultdict(list)
    by_top: dict[int, list[list]] = defaultdict(list)
    for product_id, photos in by_product.items():
        leaf, top = meta[product_id]
        by_leaf[leaf].append(photos)
        by_top[top].append(photos)
    return by_leaf, by_top, list(by_product.values())


def _next_id(conn, table: sa.Table) -> int:
    return (conn.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1


def _insert(conn, table: sa.Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start : start + CHUNK])


def generate(url: str, target_products: int, say=print) -> dict[str, int]:
    """Add shops and products until the database holds `target_products` products."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            return _generate(conn, target_products, say)
    finally:
        engine.dispose()


def _generate(conn, target_products: int, say) -> dict[str, int]:
    rng = random.Random(SEED)
    now = utcnow()
    shops_t, products_t = Shop.__table__, Product.__table__
    variants_t, images_t = Variant.__table__, ProductImage.__table__

    existing = conn.scalar(sa.select(sa.func.count()).select_from(products_t)) or 0
    wanted = max(0, target_products - existing)
    if not wanted:
        return {"shops": 0, "products": 0, "variants": 0, "images": 0, "total_products": existing}
    regions = sorted(
        {
            (r.province, r.regency)
            for r in conn.execute(sa.select(shops_t.c.province, shops_t.c.regency))
        }
    )
    leaves = _leaf_categories(conn)
    if not regions or not leaves:
        raise RuntimeError("demo-data must be loaded before the generated catalogue")
    photos_by_leaf, photos_by_top, all_photos = _demo_photos(conn)
    taken_slugs = {s for (s,) in conn.execute(sa.select(products_t.c.slug))}
    taken_shop_slugs = {s for (s,) in conn.execute(sa.select(shops_t.c.slug))}

    shop_id, product_id = _next_id(conn, shops_t), _next_id(conn, products_t)
    variant_id, image_id = _next_id(conn, variants_t), _next_id(conn, images_t)
    shops, products, variants, images = [], [], [], []
    remaining = wanted
    n_shop = 0
    while remaining > 0:
        n_shop += 1
        province, regency = regions[n_shop % len(regions)]
        name = f"{rng.choice(SHOP_PREFIXES)} {rng.choice(SHOP_NAMES)} {regency}"
        slug = slugify(name, max_length=120)
        if slug in taken_shop_slugs:
            slug = f"{slug}-{n_shop}"
        taken_shop_slugs.add(slug)
        opened = now - timedelta(days=rng.uniform(90, 720))
        shops.append(
            {
                "id": shop_id,
                "owner_id": None,
                "name": name,
                "slug": slug,
                "story": (
                    f"{rng.choice(PEOPLE)} dan tetangganya di {regency}, {province}, menjual hasil "
                    "kerja kelompok langsung kepada pembeli di seluruh Indonesia. Setiap pesanan "
                    "dikemas sendiri dan dikirim dari kota kabupaten terdekat."
                ),
                "province": province,
                "regency": regency,
                "cooperative": f"Koperasi {rng.choice(SHOP_NAMES)} {regency}"
                if rng.random() < 0.4
                else None,
                "whatsapp": f"+62812{rng.randrange(10_000_000, 99_999_999)}",
                "is_verified": rng.random() < 0.75,
                "review_decision": None,
                "review_reason": "",
                "reviewed_at": None,
                "is_pkp": False,
                "bank_name": None,
                "bank_account_holder": None,
                "bank_account_number": None,
                "bank_details_changed_at": None,
                "status": ShopStatus.ACTIVE if rng.random() < 0.98 else ShopStatus.SUSPENDED,
                "is_demo": False,
                "created_at": opened,
                "updated_at": opened,
            }
        )
        # A shop sells mostly within one top category, as real producers do.
        home_top = rng.choice(leaves)[3]
        home_leaves = [leaf for leaf in leaves if leaf[3] == home_top]
        count = min(remaining, rng.randint(*PRODUCTS_PER_SHOP))
        for index in range(count):
            leaf_id, leaf_slug, kind, top_id = (
                rng.choice(home_leaves) if rng.random() < 0.8 else rng.choice(leaves)
            )
            profile = PROFILES.get(leaf_slug, FALLBACK)
            qualifier = rng.choice(profile.qualifiers)
            if kind == ProductKind.TEXTILE:
                title = f"{rng.choice(profile.nouns)} {regency} Motif {rng.choice(MOTIFS)}"
            else:
                title = " ".join(w for w in (rng.choice(profile.nouns), qualifier, regency) if w)
            pslug = slugify(title, max_length=150)
            pslug = pslug if pslug not in taken_slugs else f"{pslug}-{product_id}"
            taken_slugs.add(pslug)
            created = min(now, opened + timedelta(days=rng.uniform(0, (now - opened).days or 1)))
            roll = rng.random()
            status = (
                ProductStatus.ACTIVE
                if roll < 0.94
                else ProductStatus.DRAFT
                if roll < 0.97
                else ProductStatus.ARCHIVED
            )
            published = (
                None
                if status == ProductStatus.DRAFT
                else created + timedelta(hours=rng.uniform(1, 48))
            )
            published = min(published, now) if published else None

            # Variants: 1-3, sizes scaled up from a base price, or colours at one price.
            n_variants = rng.choices((1, 2, 3), weights=(45, 35, 20))[0]
            n_variants = min(n_variants, len(profile.options))
            base = rng.uniform(*profile.price)
            options = (
                list(profile.options[:n_variants])
                if profile.scaled
                else rng.sample(profile.options, n_variants)
            )
            packaging = rng.choice(profile.packaging)
            active_prices, any_stock = [], False
            for position, option in enumerate(options):
                factor = SCALE[position] if profile.scaled else rng.uniform(0.95, 1.1)
                price = _round_price(base * factor)
                stock = 0 if rng.random() < 0.12 else rng.randint(1, 60)
                # Now and then a multi-variant product has a variant switched off: the
                # summary must ignore it.
                is_active = not (position > 0 and rng.random() < 0.05)
                net = profile.weight_g[0] * (WEIGHT_SCALE[position] if profile.scaled else 1)
                if not profile.scaled:
                    net = rng.randint(*profile.weight_g)
                packed = int(net * rng.uniform(1.08, 1.35)) + 40
                side = max(8, int((packed / 1000) ** (1 / 3) * 22))
                variants.append(
                    {
                        "id": variant_id,
                        "product_id": product_id,
                        "sku": f"G{shop_id:05d}-{index + 1:03d}"
                        + (f"-{position + 1}" if n_variants > 1 else ""),
                        "name": option if n_variants > 1 else "",
                        "position": position,
                        "price_idr": price,
                        "stock": stock,
                        "is_active": is_active,
                        "net_weight_g": net,
                        "packed_weight_g": packed,
                        "packed_length_cm": side + rng.randint(0, 10),
                        "packed_width_cm": side,
                        "packed_height_cm": max(3, side // 2),
                        "packaging_type": packaging,
                        "packaging_description": (
                            f"Dikemas dalam {packaging.value.replace('_', ' ')}, "
                            "diberi label nama produk dan berat bersih."
                        ),
                    }
                )
                variant_id += 1
                if is_active:
                    active_prices.append(price)
                    any_stock = any_stock or stock > 0
            products.append(
                {
                    "id": product_id,
                    "shop_id": shop_id,
                    "category_id": leaf_id,
                    "name": title,
                    "slug": pslug,
                    "description": (
                        f"{title} dibuat oleh {name} di {regency}, {province}. "
                        "Dikerjakan dengan tangan dalam jumlah kecil dari bahan setempat; "
                        "setiap pesanan dikemas rapi agar aman sampai di tujuan."
                    ),
                    "materials": "Bahan lokal dari " + regency,
                    "kind": kind,
                    "status": status,
                    "price_from_idr": min(active_prices, default=0),
                    "price_to_idr": max(active_prices, default=0),
                    "in_stock": any_stock,
                    "created_at": created,
                    "updated_at": published or created,
                    "published_at": published,
                    "low_stock_threshold": 3,
                    "blocked_reason": None,
                }
            )
            photo_sets = photos_by_leaf.get(leaf_id) or photos_by_top.get(top_id) or all_photos
            for position, photo in enumerate(rng.choice(photo_sets) if photo_sets else ()):
                images.append(
                    {
                        "id": image_id,
                        "product_id": product_id,
                        "position": position,
                        "alt_text": f"{title}: {photo.alt_text}"[:200],
                        "content_hash": photo.content_hash,
                        "width": photo.width,
                        "height": photo.height,
                        "variant_widths": photo.variant_widths,
                        "shows_packaging": photo.shows_packaging,
                        "created_at": created,
                    }
                )
                image_id += 1
            product_id += 1
        remaining -= count
        shop_id += 1

    say(
        f"  inserting {len(shops)} shops, {len(products)} products, {len(variants)} variants, "
        f"{len(images)} photo rows"
    )
    _insert(conn, shops_t, shops)
    _insert(conn, products_t, products)
    _insert(conn, variants_t, variants)
    _insert(conn, images_t, images)
    if conn.dialect.name == "postgresql":
        # Explicit ids were inserted: move the sequences past them.
        for table in (shops_t, products_t, variants_t, images_t):
            conn.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
    _check_summaries(conn)
    total = conn.scalar(sa.select(sa.func.count()).select_from(products_t))
    return {
        "shops": len(shops),
        "products": len(products),
        "variants": len(variants),
        "images": len(images),
        "total_products": total,
    }


def _check_summaries(conn) -> None:
    """The summary columns must be what refresh_product_summary would write."""
    p, v = Product.__table__, Variant.__table__
    active = sa.and_(v.c.product_id == p.c.id, v.c.is_active.is_(True))
    min_price = sa.func.coalesce(
        sa.select(sa.func.min(v.c.price_idr)).where(active).scalar_subquery(), 0
    )
    max_price = sa.func.coalesce(
        sa.select(sa.func.max(v.c.price_idr)).where(active).scalar_subquery(), 0
    )
    any_stock = sa.exists().where(active, v.c.stock > 0)
    wrong = conn.scalar(
        sa.select(sa.func.count())
        .select_from(p)
        .where(
            sa.or_(
                p.c.price_from_idr != min_price,
                p.c.price_to_idr != max_price,
                p.c.in_stock != any_stock,
            )
        )
    )
    if wrong:
        raise RuntimeError(f"{wrong} products have summary columns out of step with their variants")
