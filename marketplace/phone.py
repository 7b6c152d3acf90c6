"""Indonesian mobile numbers (WhatsApp), as people write them, to E.164."""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-().]")
# Indonesian mobile numbers: 08xx, 9–12 digits after the leading 0 (e.g. 0812-3456-7890).
_MOBILE = re.compile(r"8\d{8,11}")


class InvalidPhone(ValueError):
    pass


def normalise_indonesian_mobile(raw: str) -> str:
    """'0812-3456-7890', '+62 812 3456 7890', '62812...' -> '+6281234567890'."""
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+62"):
        national = value[3:]
    elif value.startswith("62"):
        national = value[2:]
    elif value.startswith("0"):
        national = value[1:]
    else:
        raise InvalidPhone(raw)
    if not national.isascii() or not _MOBILE.fullmatch(national):
        raise InvalidPhone(raw)
    return "+62" + national
