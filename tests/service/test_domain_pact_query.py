"""The PACT v3 filter rules on hand-made footprints (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.domain.pact_query import QueryError, matches, parse_moment, parse_page, parse_query

FOOTPRINT = {
    "status": "Active",
    "productIds": ["urn:gtin:06901234567892"],
    "companyIds": ["urn:x:company:1"],
    "productClassifications": ["urn:pact:class:a"],
    "validityPeriodStart": "2026-01-01T00:00:00Z",
    "validityPeriodEnd": "2028-01-01T00:00:00Z",
    "pcf": {"geographyCountrySubdivision": "CN-GD"},
}


def _match(**args: list[str]) -> bool:
    return matches(FOOTPRINT, parse_query(args))


def test_or_within_and_across_filters():
    assert _match(productId=["urn:bogus", "URN:GTIN:06901234567892"])
    assert not _match(productId=["urn:gtin:06901234567892"], companyId=["urn:bogus"])
    assert _match(geography=["cn"], status=["active", "Deprecated"])
    assert _match(classification=["urn:pact:class:a"])
    assert not _match(status=["Deprecated"])
    assert _match(productId=[""])  # empty values filter nothing


def test_validity_bounds_are_strict_where_the_spec_says_so():
    assert _match(validOn=["2026-01-01T00:00:00Z"]) and _match(validOn=["2028-01-01T00:00:00Z"])
    assert not _match(validOn=["2028-01-01T00:00:01Z"])
    assert not _match(validAfter=["2026-01-01T00:00:00Z"])
    assert _match(validAfter=["2025-12-31T23:59:59Z"])
    assert not _match(validBefore=["2028-01-01T00:00:00Z"])
    assert _match(validBefore=["2028-01-01T00:00:01+00:00"])


def test_moments_and_pages():
    # An unencoded "+" arrives as a space.
    assert parse_moment("validOn", "2026-01-01T08:00:00 08:00") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_moment("validOn", "2026-01-01T00:00") == datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(QueryError):
        parse_moment("validOn", "1e9")
    assert parse_page({}) == (0, 50)
    assert parse_page({"limit": ["100000"], "offset": ["3"]}) == (3, 500)
    with pytest.raises(QueryError):
        parse_page({"limit": ["9" * 30]})
