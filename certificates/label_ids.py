"""Label IDs: GBA-<jurisdiction><issuer>-<year>-<serial>-<check>, e.g. GBA-GDSZ-2026-000042-C.

The check character is ISO/IEC 7064 MOD 37,36 (the hybrid system over 0-9A-Z), computed over
the ID's letters and digits without dashes; it catches every single-character error and
every transposition of adjacent characters.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
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


@dataclass(frozen=True)
class TypedLabelId:
    """What a person typed, read as a label ID: the readings that pass, or why none does."""

    # Every reading whose check character matches, the likeliest first. Without separators an
    # issuer code ending in digits can run into the year (GBA-HKS1-2027-... vs GBA-HKS-1202-...)
    # and the check character, computed without dashes, cannot tell them apart.
    candidates: tuple[str, ...]
    problem: str | None  # "malformed" or "check_character" when there is no candidate
    normalised: str  # the typed letters and digits, upper case, without separators

    @property
    def label_id(self) -> str | None:
        """The likeliest reading, if any."""
        return self.candidates[0] if self.candidates else None


# Characters people put between the parts: any dash (Unicode Pd), space (Z*) and a few marks.
_MARKS = frozenset("_./\u00b7\u2022")


def _is_separator(char: str) -> bool:
    return char in _MARKS or unicodedata.category(char) in ("Pd", "Zs", "Zl", "Zp", "Cc")


def read_typed(text: str) -> TypedLabelId:
    """Read a label ID as a person types it: any case, spaces, dashes or full-width characters.

    Full-width forms (U+FF27 for G, U+FF0D, U+FF10) fold to ASCII by NFKC; separators are
    dropped and the parts are found again. When no reading has a matching check character,
    the problem says whether the text had the shape of an ID (then the check character is
    wrong) or not.
    """
    folded = unicodedata.normalize("NFKC", text[:200]).upper()
    compact = "".join(char for char in folded if not _is_separator(char))
    dashed = "-".join(
        part for part in "".join("-" if _is_separator(c) else c for c in folded).split("-") if part
    )
    with contextlib.suppress(InvalidLabelId):  # dashes where an ID has them settle the parts
        return TypedLabelId((str(parse_label_id(dashed)),), None, compact)
    readings: list[str] = []
    shaped = False
    # Otherwise every split the pattern allows; six-digit serials (as issued) first.
    splits = []
    for issuer_length in range(1, 7):
        pattern = rf"^GBA(GD|HK|MO)([A-Z0-9]{{{issuer_length}}})(\d{{4}})(\d{{6,12}})([0-9A-Z])$"
        match = re.match(pattern, compact)
        if match is not None:
            splits.append(match.groups())
    splits.sort(key=lambda groups: len(groups[3]))
    for jurisdiction, issuer, year, serial, check in splits:
        shaped = True
        label = LabelId(jurisdiction, issuer, int(year), int(serial))
        issued = str(label)[-1] == check and f"{int(serial):06d}" == serial
        if issued:
            readings.append(str(label))
    if readings:
        return TypedLabelId(tuple(readings), None, compact)
    return TypedLabelId((), "check_character" if shaped else "malformed", compact)
