"""Properties of weights, money and the state machines, over many generated cases."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace import money
from marketplace.catalog.packaging import chargeable_weight_kg, volumetric_weight_g
from marketplace.orders.models import OrderStatus, ShipmentStatus
from marketplace.orders.states import ORDER_TRANSITIONS, SHIPMENT_TRANSITIONS

grams = st.integers(min_value=1, max_value=200_000)
cm = st.integers(min_value=1, max_value=300)


@given(grams, cm, cm, cm)
def test_chargeable_weight_is_whole_kg_at_least_1_and_never_below_either_weight(g, l, w, h):
    kg = chargeable_weight_kg(g, l, w, h)
    assert isinstance(kg, int) and kg >= 1
    heavier = max(g, volumetric_weight_g(l, w, h))
    # rounded down at most 300 g, never more; rounded up less than a kg
    assert kg * 1000 >= heavier - 300
    assert kg * 1000 < heavier + 1000 or kg == 1


@given(grams, grams)
def test_more_weight_never_costs_less(a, b):
    low, high = sorted((a, b))
    assert chargeable_weight_kg(low) <= chargeable_weight_kg(high)


@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_stripe_amounts_round_trip(idr):
    assert money.from_stripe_amount(money.to_stripe_amount(idr)) == idr


@given(st.integers(min_value=0, max_value=10**14))
def test_formatted_rupiah_parse_back(idr):
    assert money.parse_idr(money.format_idr(idr, "id").replace("\xa0", "")) == idr


def _reachable(transitions, start):
    seen, todo = {start}, [start]
    while todo:
        for nxt in transitions[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_every_status_is_reachable_and_final_states_stay_final():
    assert _reachable(ORDER_TRANSITIONS, OrderStatus.AWAITING_PAYMENT) == set(OrderStatus)
    assert _reachable(SHIPMENT_TRANSITIONS, ShipmentStatus.AWAITING_PAYMENT) == set(ShipmentStatus)
    for final in (OrderStatus.EXPIRED, OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        assert ORDER_TRANSITIONS[final] == set()
    assert ShipmentStatus.AWAITING_PAYMENT not in set().union(*SHIPMENT_TRANSITIONS.values())
