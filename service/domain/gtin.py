"""GTIN validation (GS1 General Specifications, section 7.9: mod-10 check digit)."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_problem(gtin: str) -> str | None:
    """Return why a GTIN is invalid, or None when it is valid."""
    if not gtin.isdigit() or len(gtin) not in GTIN_LENGTHS:
        return "must be 8, 12, 13 or 14 digits"
    digits = [int(c) for c in gtin]
    body, check = digits[:-1], digits[-1]
    # Weights 3 and 1 alternate from the rightmost digit of the body.
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    if (10 - total % 10) % 10 != check:
        return "has a wrong check digit"
    return None
