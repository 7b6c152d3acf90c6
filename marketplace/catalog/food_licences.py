"""Food licence numbers as the label writes them (see shared/DOMAIN.md, "Packaging and labels")."""
from __future__ import annotations

import re

from marketplace.catalog.models import LicenceKind


class InvalidLicence(ValueError):
    pass


_PIRT = re.compile(r"(?:P-?IRT\s*(?:NO\.?)?\s*)?(\d{13})-?(\d{2})", re.IGNORECASE)
_BPOM_MD = re.compile(r"(?:BPOM\s*(?:RI)?\s*)?MD\s*(\d{12})", re.IGNORECASE)


def normalise_licence(kind: LicenceKind, raw: str) -> str:
    """P-IRT: 15 digits written `1234567890123-45`; BPOM MD: `MD 123456789012`."""
    value = (raw or "").strip()
    if kind == LicenceKind.NONE:
        return ""
    if kind == LicenceKind.PIRT:
        match = _PIRT.fullmatch(value.replace(" ", "") if value else "")
        if not match:
            raise InvalidLicence(raw)
        return f"{match.group(1)}-{match.group(2)}"
    match = _BPOM_MD.fullmatch(value)
    if not match:
        raise InvalidLicence(raw)
    return f"MD {match.group(1)}"
