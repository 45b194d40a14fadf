"""PACT v3 ListFootprints filters: parsing the query and matching a footprint (pure rules).

Technical Specifications v3, Action ListFootprints: values of one filter combine with OR,
different filters with AND, identifiers match case-insensitively, and a filter that matches
nothing gives an empty list, never an error. Only a value that cannot be read at all (a date
that is not a date, a negative limit) is a bad request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Parameters the host does not know are ignored (the spec lets hosts add `x-...` ones),
# except the v2 OData `$filter`, which v3 removed: answering it as if absent would mislead.
REMOVED_PARAMETERS = ("$filter",)
_LISTS = {
    "productId": "product_ids",
    "companyId": "company_ids",
    "geography": "geographies",
    "classification": "classifications",
    "status": "statuses",
}
_MOMENTS = ("validOn", "validAfter", "validBefore")


class QueryError(ValueError):
    """A query parameter that cannot be read; names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class FootprintQuery:
    """What a data recipient asked for: empty sets mean "any"."""

    product_ids: frozenset[str] = field(default_factory=frozenset)
    company_ids: frozenset[str] = field(default_factory=frozenset)
    geographies: frozenset[str] = field(default_factory=frozenset)
    classifications: frozenset[str] = field(default_factory=frozenset)
    statuses: frozenset[str] = field(default_factory=frozenset)
    valid_on: datetime | None = None
    valid_after: datetime | None = None
    valid_before: datetime | None = None


def parse_moment(parameter: str, text: str) -> datetime:
    """Read an RFC 3339 date-time (UTC if it names no offset), or raise QueryError."""
    cleaned = text.strip()
    # An unencoded "+01:00" in a query string arrives as " 01:00".
    if len(cleaned) > 6 and cleaned[-6] == " " and cleaned[-3] == ":":
        cleaned = f"{cleaned[:-6]}+{cleaned[-5:]}"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise QueryError(parameter, "must be an RFC 3339 date-time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_query(args: Mapping[str, Sequence[str]]) -> FootprintQuery:
    """Build the query from repeated query parameters (empty values are ignored)."""
    for name in REMOVED_PARAMETERS:
        if name in args:
            raise QueryError(name, "is not part of PACT v3; use the v3 filter parameters")
    values: dict[str, Any] = {}
    for parameter, attribute in _LISTS.items():
        given = {v.strip().lower() for v in args.get(parameter, ()) if v.strip()}
        values[attribute] = frozenset(given)
    for parameter in _MOMENTS:
        given_moments = [v for v in args.get(parameter, ()) if v.strip()]
        if len(given_moments) > 1:
            raise QueryError(parameter, "may be given once")
        if given_moments:
            attribute = {"validOn": "valid_on", "validAfter": "valid_after"}.get(
                parameter, "valid_before"
            )
            values[attribute] = parse_moment(parameter, given_moments[0])
    return FootprintQuery(**values)


def parse_page(args: Mapping[str, Sequence[str]]) -> tuple[int, int]:
    """Return (offset, limit) from the query; the limit is capped, never exceeded."""
    numbers = {}
    for name, default in (("offset", 0), ("limit", DEFAULT_LIMIT)):
        given = [v for v in args.get(name, ()) if v.strip()]
        text = given[0].strip() if given else str(default)
        if not text.isdigit() or len(text) > 9:
            raise QueryError(name, "must be a whole number >= 0")
        numbers[name] = int(text)
    limit = numbers["limit"] or DEFAULT_LIMIT
    return numbers["offset"], min(limit, MAX_LIMIT)


def _lower(values: Sequence[str] | None) -> set[str]:
    return {value.lower() for value in values or ()}


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def matches(footprint: Mapping[str, Any], query: FootprintQuery) -> bool:
    """Say whether a ProductFootprint (as JSON) matches every filter of the query."""
    pcf = footprint["pcf"]
    checks = (
        (query.product_ids, _lower(footprint.get("productIds"))),
        (query.company_ids, _lower(footprint.get("companyIds"))),
        (query.classifications, _lower(footprint.get("productClassifications"))),
        (query.statuses, _lower([footprint["status"]])),
        (query.geographies, _lower(_geographies(pcf))),
    )
    if any(wanted and not (wanted & present) for wanted, present in checks):
        return False
    start = _moment(footprint.get("validityPeriodStart"))
    end = _moment(footprint.get("validityPeriodEnd"))
    if query.valid_on and not (start and end and start <= query.valid_on <= end):
        return False
    if query.valid_after and not (start and start > query.valid_after):
        return False
    return not (query.valid_before and not (end and end < query.valid_before))


def _geographies(pcf: Mapping[str, Any]) -> list[str]:
    """Every geography a footprint names: region, country, subdivision (and its country)."""
    names = [
        pcf.get("geographyRegionOrSubregion"),
        pcf.get("geographyCountry"),
        pcf.get("geographyCountrySubdivision"),
    ]
    subdivision = pcf.get("geographyCountrySubdivision")
    if subdivision:
        names.append(subdivision.split("-")[0])
    return [name for name in names if name]
