"""50 buyers race for the last 10 units: exactly 10 are sold, on SQLite and PostgreSQL."""
import threading

import sqlalchemy as sa

from marketplace.catalog.models import Variant
from marketplace.extensions import db
from marketplace.orders import cart, checkout
from marketplace.orders.addresses import validate_address
from marketplace.orders.models import Order, OrderLine, PaymentMethod
from tests.factories import make_product, make_shop
from tests.orders.helpers import KUPANG


class DictCart:
    def __init__(self, variant_id: int, price: int) -> None:
        self.data = {variant_id: (1, price)}

    def items(self):
        return dict(self.data)

    def put(self, variant_id, quantity, price):
        self.data[variant_id] = (quantity, price)

    def remove(self, variant_id):
        self.data.pop(variant_id, None)

    def clear(self):
        self.data.clear()


def test_fifty_buyers_for_the_last_ten(app):
    shop = make_shop(regency="Kupang")
    variant = make_product(shop, prices=(200_000,), stocks=[10]).variants[0]
    variant_id, shop_id = variant.id, shop.id  # plain values: threads share no ORM objects
    address, _ = validate_address(KUPANG)
    barrier = threading.Barrier(50)
    results: list[str] = []
    lock = threading.Lock()

    def buyer(n: int) -> None:
        with app.app_context():
            try:
                view = cart.view_cart(DictCart(variant_id, 200_000))
                db.session.rollback()  # give the connection back while waiting for the others
                barrier.wait(timeout=60)
                checkout.place_order(cart=view, address=address, services={shop_id: "OKE"},
                                     email=f"b{n}@contoh.id", user_id=None,
                                     payment_method=PaymentMethod.BANK_TRANSFER)
                outcome = "sold"
            except checkout.ShortOfStock:
                outcome = "short"
            except Exception as error:  # anything else is a bug: report it, don't hang
                outcome = f"error: {error!r}"
            finally:
                db.session.remove()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 50
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("sold") == 10 and results.count("short") == 40
    db.session.expire_all()
    assert db.session.get(Variant, variant_id).stock == 0
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 10
    assert db.session.scalar(sa.select(sa.func.sum(OrderLine.quantity))) == 10
