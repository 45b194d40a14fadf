"""Decimal strings at the edge: parsing input amounts and presenting results."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

# Significant digits kept in a presented result: Brightway stores factors as float32
# (about 7 significant digits), so more would present rounding noise as data.
SIGNIFICANT_DIGITS = 6


def parse_decimal(value: object) -> Decimal:
    """Turn a JSON string or number into a finite Decimal, or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be a decimal number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        value = repr(value)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("must be a decimal number") from None
    if not number.is_finite():
        raise ValueError("must be a finite number")
    return number


def quantum_for(reference: float) -> Decimal:
    """Return the decimal step that keeps SIGNIFICANT_DIGITS digits of reference."""
    if reference == 0 or not math.isfinite(reference):
        return Decimal(1).scaleb(-SIGNIFICANT_DIGITS)
    exponent = math.floor(math.log10(abs(reference))) - SIGNIFICANT_DIGITS + 1
    return Decimal(1).scaleb(exponent)


def quantise(value: float, quantum: Decimal) -> Decimal:
    """Round a float to a multiple of quantum (half-even)."""
    return Decimal(repr(float(value))).quantize(quantum)


def to_text(value: Decimal) -> str:
    """Format a Decimal without exponent and without trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text
