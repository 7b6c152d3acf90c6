"""Courier chargeable weight (see shared/DOMAIN.md, "Shipping").

Couriers charge the larger of the packed weight and the volumetric weight
(length × width × height in cm / 6000, in kg), with a minimum of 1 kg, rounded up to the
next kg unless the excess over the whole kg is at most 0.3 kg (JNE's rule).
"""
from __future__ import annotations

VOLUMETRIC_DIVISOR = 6000  # cm³ per kg; J&T Cargo and some trucking services use 5000
ROUND_DOWN_TOLERANCE_G = 300


def volumetric_weight_g(length_cm: int, width_cm: int, height_cm: int,
                        divisor: int = VOLUMETRIC_DIVISOR) -> int:
    """Volumetric weight in grams, rounded up to the gram (integers only, no floats)."""
    volume = length_cm * width_cm * height_cm
    return -(-volume * 1000 // divisor)


def chargeable_weight_kg(packed_weight_g: int, length_cm: int | None = None,
                         width_cm: int | None = None, height_cm: int | None = None,
                         divisor: int = VOLUMETRIC_DIVISOR) -> int:
    """Whole kilograms a courier charges for a parcel."""
    weight_g = packed_weight_g
    if length_cm and width_cm and height_cm:
        weight_g = max(weight_g, volumetric_weight_g(length_cm, width_cm, height_cm, divisor))
    whole_kg, excess_g = divmod(weight_g, 1000)
    if excess_g > ROUND_DOWN_TOLERANCE_G:
        whole_kg += 1
    return max(1, whole_kg)
