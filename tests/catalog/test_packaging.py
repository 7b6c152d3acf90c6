import pytest

from marketplace.catalog.packaging import chargeable_weight_kg, volumetric_weight_g


@pytest.mark.parametrize("grams,expected", [
    (100, 1), (1000, 1), (1300, 1), (1301, 2), (1310, 2), (2000, 2), (2300, 2), (2350, 3),
])
def test_courier_rounding(grams, expected):
    assert chargeable_weight_kg(grams) == expected


def test_volumetric_weight_wins_for_a_light_bulky_parcel():
    # A folded sarong in a 40 x 30 x 20 cm box: 24,000 cm³ / 6000 = 4 kg, though it weighs 900 g.
    assert volumetric_weight_g(40, 30, 20) == 4000
    assert chargeable_weight_kg(900, 40, 30, 20) == 4
    assert chargeable_weight_kg(900, 40, 30, 20, divisor=5000) == 5


def test_actual_weight_wins_for_a_dense_parcel():
    assert chargeable_weight_kg(2600, 10, 10, 10) == 3
