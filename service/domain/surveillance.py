"""The surveillance rule: when a certified footprint has moved too far, the body looks again.

EPD International forces an update when a result worsens by more than 10% (General Programme
Instructions 4.0, section 8.4; DOMAIN.md, step 8); the same 10% flags a re-scored label.
"""

from __future__ import annotations

from decimal import Decimal

SURVEILLANCE_LIMIT = Decimal("0.10")


def worse_beyond_limit(certified_kg_co2e: Decimal, new_kg_co2e: Decimal) -> bool:
    """Whether a new result is more than the limit worse than the certified one."""
    return certified_kg_co2e > 0 and new_kg_co2e > certified_kg_co2e * (1 + SURVEILLANCE_LIMIT)


def moved_beyond_limit(relative_change: Decimal) -> bool:
    """Whether a relative change (new / certified - 1) is beyond the limit either way."""
    return abs(relative_change) > SURVEILLANCE_LIMIT
