"""What a listing may hold, the same whether a seller types it in the form
(sellers/listing_forms.py) or uploads it in a CSV file (sellers/csv_io.py)."""
from __future__ import annotations

MIN_PRICE_IDR, MAX_PRICE_IDR = 1_000, 1_000_000_000
MAX_STOCK = 1_000_000
MAX_GRAMS = 1_000_000  # a weight, packed or not
MAX_CM = 1000  # a packed side
NAME_LENGTH = (3, 160)
MAX_SKU = 64
MAX_OPTION_NAME = 80
MAX_PACKAGING_DESCRIPTION = 1000
