"""Rounding a 95% interval for display to the precision the interval supports."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal


def to_text(value: Decimal) -> str:
    """Plain decimal text without trailing zeros ("0.2980" -> "0.298")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: Decimal) -> str:
    """Fixed-point text keeping the quantum's trailing zeros (2.0 stays 2.0 beside 2.4)."""
    return format(value, "f")


def display_quantum(low: Decimal, high: Decimal) -> Decimal:
    """Return the rounding step of an interval: the power of ten nearest a tenth of its width.

    10^round(log10(width / 10)) puts about 3 to 30 steps across the interval, so the shown
    bounds keep the digits the interval resolves and no more: 1.83..2.31 (width 0.48) reads
    1.8..2.4, 0.68..3.6 reads 0.6..3.6 (not 0..4), 1203..1876 reads 1200..1900.
    A degenerate interval (no spread) keeps six significant digits, as the API does.
    """
    width = high - low
    if width <= 0:
        reference = abs(high) or Decimal(1)
        return Decimal(1).scaleb(reference.adjusted() - 5)
    return Decimal(1).scaleb(round(math.log10(float(width / 10))))


def display_interval(low_text: str, high_text: str) -> tuple[str, str]:
    """Return an interval's bounds as display text, rounded outwards to its quantum."""
    low, high = Decimal(low_text), Decimal(high_text)
    if high <= low:
        return to_text(low), to_text(high)
    quantum = display_quantum(low, high)
    # Outwards, so the shown interval still contains the computed one.
    shown_low = low.quantize(quantum, rounding=ROUND_FLOOR)
    shown_high = high.quantize(quantum, rounding=ROUND_CEILING)
    return _text(shown_low), _text(shown_high)


def display_value(value_text: str, low_text: str, high_text: str) -> str:
    """Return a central value rounded to the same quantum as its interval."""
    if Decimal(high_text) <= Decimal(low_text):
        return to_text(Decimal(value_text))
    quantum = display_quantum(Decimal(low_text), Decimal(high_text))
    return _text(Decimal(value_text).quantize(quantum))
