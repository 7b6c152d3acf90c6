"""The buyer's side: confirm receipt of a parcel, complain about it."""
from __future__ import annotations
