"""Label IDs: GBA-<jurisdiction><issuer>-<year>-<serial>-<check>, e.g. GBA-GDSZ-2026-000042-C.

The check character is ISO/IEC 7064 MOD 37,36 (the hybrid system over 0-9A-Z), computed over
the ID's letters and digits without dashes; it catches every single-character error and
every transposition of adjacent characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from certificates.errors import InvalidLabelId

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M = 36  # ISO/IEC 7064 MOD 37,36: modulus M = 36, M + 1 = 37
JURISDICTION_CODES = {"CN-GD": "GD", "HK": "HK", "MO": "MO"}
_PATTERN = re.compile(r"^GBA-(GD|HK|MO)([A-Z0-9]{1,6})-(\d{4})-(\d{6,})-([0-9A-Z])$")


def check_character(text: str) -> str:
    """Return the ISO/IEC 7064 MOD 37,36 check character of an alphanumeric string."""
    product = _M
    for char in text:
        value = ALPHABET.index(char)
        total = (product + value) % _M or _M
        product = (total * 2) % (_M + 1)
    return ALPHABET[(_M + 1 - product) % _M]


@dataclass(frozen=True)
class LabelId:
    """The parts of a label ID."""

    jurisdiction: str  # GD, HK or MO
    issuer_code: str
    year: int
    serial: int

    def __str__(self) -> str:
        body = f"GBA-{self.jurisdiction}{self.issuer_code}-{self.year:04d}-{self.serial:06d}"
        return f"{body}-{check_character(body.replace('-', ''))}"


def parse_label_id(text: str) -> LabelId:
    """Parse a label ID in any letter case, checking its check character."""
    normalised = text.strip().upper()
    match = _PATTERN.match(normalised)
    if match is None:
        raise InvalidLabelId(f"{text!r} is not a GBA label ID")
    jurisdiction, issuer, year, serial, check = match.groups()
    label = LabelId(jurisdiction, issuer, int(year), int(serial))
    if str(label)[-1] != check:
        raise InvalidLabelId(f"{text!r} has a wrong check character")
    return label
