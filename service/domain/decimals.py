"""Decimal strings at the edge: parsing input amounts and presenting results."""

from __future__ import annotations

import math
import re
from decimal import Context, Decimal, InvalidOperation

# Significant digits kept in a presented result: Brightway stores factors as float32
# (about 7 significant digits), so more would present rounding noise as data.
SIGNIFICANT_DIGITS = 6
# Bounds on input amounts: a finite Decimal such as "1e400" or "1e-999999999" would overflow
# the engine's floats or expand into a huge string when presented without exponent.
MAX_MAGNITUDE = Decimal("1e15")
MAX_DECIMAL_PLACES = 20
_WIDE = Context(prec=MAX_DECIMAL_PLACES + 20)
# What a decimal string may look like: ASCII digits only. Decimal() itself also takes other
# scripts' digits (Arabic-Indic U+0661, fullwidth U+FF11) and underscores ("1_000"), which
# no reader expects to be numbers.
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def parse_decimal(value: object) -> Decimal:
    """Turn a JSON string or number into a finite Decimal, or raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be a decimal number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        value = repr(value)
    text = str(value).strip(" ")
    if text.lstrip("+-").lower() in ("nan", "snan", "inf", "infinity"):
        raise ValueError("must be a finite number")
    if not _DECIMAL_TEXT.fullmatch(text):
        raise ValueError("must be a decimal number")  # ASCII digits, e.g. 12.5 or 1.2e3
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("must be a decimal number") from None
    if not number.is_finite():
        raise ValueError("must be a finite number")
    if number.is_zero():
        return Decimal(0)  # "0e999999999" would otherwise print a billion zeros
    if number.copy_abs() >= MAX_MAGNITUDE:  # copy_abs, unlike abs(), never overflows
        raise ValueError("must be less than 10^15 in magnitude")
    places = Decimal(1).scaleb(-MAX_DECIMAL_PLACES)
    if number.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        rounded = number.quantize(places, context=_WIDE)
        if rounded != number:
            raise ValueError(f"must have at most {MAX_DECIMAL_PLACES} decimal places")
        number = rounded
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
