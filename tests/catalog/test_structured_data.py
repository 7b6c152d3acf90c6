"""The Product JSON-LD with a rating and reviews given to it (the reviews' part supplies them:
Product.review_count, rating_average and its Review rows), read back with extruct."""
from __future__ import annotations

from datetime import date, datetime

import extruct
from flask import render_template_string

from marketplace.catalog.structured_data import RatingFigures, ReviewFigures, product_jsonld
from tests.factories import make_product

BASE = "https://sentra.example"
PAGE = '<html><head><script type="application/ld+json">{{ data|tojson }}</script></head></html>'


def parsed(data: dict) -> dict:
    [item] = extruct.extract(render_template_string(PAGE, data=data), syntaxes=["json-ld"])["json-ld"]
    return item


def test_a_rated_product_carries_its_aggregate_rating_and_a_few_reviews(app, db):
    app.config["PUBLIC_BASE_URL"] = BASE
    product = make_product(name="Madu Hutan Kapuas Hulu", prices=(85_000,))
    reviews = [ReviewFigures(author=f"Pembeli {n}", rating=5 - n % 2, body=f"Madunya asli {n}.",
                             published=datetime(2026, 11, n + 1, 9, 30)) for n in range(8)]
    with app.test_request_context():
        item = parsed(product_jsonld(product, rating=RatingFigures(average=4.6666, count=12),
                                     reviews=reviews))
    assert item["@type"] == "Product" and item["offers"]["price"] == 85000
    assert item["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.7,
                                       "reviewCount": 12, "bestRating": 5, "worstRating": 1}
    assert len(item["review"]) == 3  # a few, not all
    first = item["review"][0]
    assert first["author"] == {"@type": "Person", "name": "Pembeli 0"}
    assert first["reviewRating"]["ratingValue"] == 5 and first["datePublished"] == "2026-11-01"
    assert first["reviewBody"] == "Madunya asli 0."


def test_no_rating_is_claimed_without_reviews(app, db):
    product = make_product()
    with app.test_request_context():
        item = parsed(product_jsonld(product, rating=RatingFigures(average=0.0, count=0),
                                     reviews=[ReviewFigures("A", 5, "x", date(2026, 1, 1))]))
        plain = parsed(product_jsonld(product))
    assert "aggregateRating" not in item and "review" not in item
    assert "aggregateRating" not in plain and plain["offers"]["priceCurrency"] == "IDR"
