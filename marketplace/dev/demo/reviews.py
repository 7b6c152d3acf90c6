"""Demo reviews: what buyers in Indonesia, Malaysia and Timor-Leste write about tenun, honey,
coffee and crafts, in Indonesian and English, with the shops' replies; and units sold.

Demo reviews belong to no parcel (the demo store has no orders): the store shows them like any
other, and the rules of aftersales.reviews are never bypassed for real ones.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from marketplace.catalog.models import Product
from marketplace.catalog.review_models import Review
from marketplace.catalog.reviews import refresh_rating_summary
from marketplace.extensions import db

AUTHORS = ("Maria", "Yohanes", "Siti", "Agustina", "Dewi", "Fransiskus", "Nur", "Rudy", "Ahmad",
           "Lina", "Wong", "Priscila", "Y.T.", "K.A.", "Benediktus", "Rosalina")

# (stars, text): about any product, so that each fits whatever it is given to.
REVIEWS = (
    (5, "Barangnya sampai dengan selamat, dikemas rapi sekali. Sesuai foto, terima kasih!"),
    (5, "Kualitasnya bagus, penjual ramah dan cepat kirim. Pasti beli lagi."),
    (4, "Bagus, hanya pengiriman ke Kupang agak lama. Kemasan aman."),
    (5, "Mantap! Kirim ke Kuching aman, tidak ada yang rusak."),
    (4, "Sesuai deskripsi. Warnanya sedikit lebih gelap dari foto, tapi tetap cantik."),
    (3, "Lumayan. Kemasan bisa lebih tebal, ujung kardusnya penyok sedikit."),
    (5, "Beautiful work, you can tell it was made by hand. Arrived well packed in Singapore."),
    (4, "Good quality and honest labelling. Shipping to Dili took a week."),
    (5, "Exactly as described. The seller answered my questions quickly on WhatsApp."),
    (2, "Produknya oke, tapi paketnya terlambat hampir dua minggu."),
    (5, "Oleh-oleh untuk keluarga di Jakarta, semua suka. Terima kasih mama penenun!"),
    (4, "Nice product, the label lists everything. Would order again."),
)
REPLIES = (
    "Terima kasih banyak, Kak! Semoga suka dan sampai jumpa lagi.",
    "Maaf atas keterlambatannya, Kak. Kami sudah ganti kurir untuk pengiriman berikutnya.",
    "Thank you for your kind words! We are glad it arrived safely.",
)


def add_reviews(products: list[Product], rng: random.Random, now: datetime) -> int:
    """Reviews on most demo products (none on some, as in a real store), newest first on
    the page; returns how many."""
    count = 0
    for product in products:
        product.units_sold = rng.randint(0, 120)
        if rng.random() < 0.2:
            continue
        for n in range(rng.randint(1, 6)):
            stars, text = rng.choice(REVIEWS)
            written = now - timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 23))
            review = Review(product_id=product.id, shop_id=product.shop_id,
                            author_name=rng.choice(AUTHORS), stars=stars, text=text,
                            created_at=written)
            if rng.random() < 0.35:
                review.reply_text = REPLIES[0] if stars >= 4 else REPLIES[1]
                if "Beautiful" in text or "Good" in text:
                    review.reply_text = REPLIES[2]
                review.replied_at = written + timedelta(days=1)
            db.session.add(review)
            count += 1
        product.units_sold = max(product.units_sold, n + 1)
    db.session.flush()
    for product in products:
        refresh_rating_summary(product.id)
    return count
