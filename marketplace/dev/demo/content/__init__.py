"""The demo store as data: categories, and shops with their products, by region.

Everything here is fictional (people, groups, phone numbers, licence numbers) but set in real
border regencies, with products those regencies are known for (see shared/DOMAIN.md).
"""
from __future__ import annotations

from marketplace.dev.demo.content import east, kalimantan, ntt
from marketplace.dev.demo.specs import CategorySpec, ProductKind, ShopSpec

TEXTILE, CRAFT, FOOD, PRODUCE = (
    ProductKind.TEXTILE, ProductKind.CRAFT, ProductKind.FOOD, ProductKind.PRODUCE
)

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("kain-tenun", "Kain & Tenun", "Textiles & weaving", TEXTILE, (
        CategorySpec("tenun-ikat", "Tenun Ikat", "Ikat weaving", TEXTILE),
        CategorySpec("tenun-buna-sotis", "Tenun Buna & Sotis", "Buna & sotis weaving", TEXTILE),
        CategorySpec("songket", "Songket", "Songket", TEXTILE),
        CategorySpec("produk-tenun", "Produk dari Tenun", "Made from woven cloth", TEXTILE),
    )),
    CategorySpec("kerajinan", "Kerajinan", "Crafts", CRAFT, (
        CategorySpec("anyaman-rotan", "Anyaman & Rotan", "Rattan & basketry", CRAFT),
        CategorySpec("manik-manik", "Manik-manik", "Beadwork", CRAFT),
        CategorySpec("noken", "Noken", "Noken bags", CRAFT),
    )),
    CategorySpec("kopi-madu", "Kopi & Madu", "Coffee & honey", FOOD, (
        CategorySpec("kopi", "Kopi", "Coffee", FOOD),
        CategorySpec("madu", "Madu", "Honey", FOOD),
    )),
    CategorySpec("makanan-olahan", "Makanan Olahan", "Processed food", FOOD, (
        CategorySpec("kerupuk-camilan", "Kerupuk & Camilan", "Crackers & snacks", FOOD),
        CategorySpec("sambal-bumbu", "Sambal & Bumbu", "Sambal & seasonings", FOOD),
        CategorySpec("gula-aren-lontar", "Gula Aren & Lontar", "Palm sugar", FOOD),
        CategorySpec("kue-manisan", "Kue & Manisan", "Cakes & sweets", FOOD),
        CategorySpec("teh-herbal", "Teh & Herbal", "Tea & herbal drinks", FOOD),
    )),
    CategorySpec("hasil-tani-ternak", "Hasil Tani & Ternak", "Farm & livestock", PRODUCE, (
        CategorySpec("beras-sagu", "Beras & Sagu", "Rice & sago", PRODUCE),
        CategorySpec("rempah-kacang", "Rempah & Kacang", "Spices & nuts", PRODUCE),
        CategorySpec("buah-segar", "Buah Segar", "Fresh fruit", PRODUCE),
        CategorySpec("ikan-kering", "Ikan Kering & Hasil Laut", "Dried fish & seafood", PRODUCE),
    )),
    CategorySpec("garam", "Garam", "Salt", FOOD),
)

SHOPS: tuple[ShopSpec, ...] = ntt.SHOPS + kalimantan.SHOPS + east.SHOPS
