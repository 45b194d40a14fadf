"""PACT v3 ListFootprints: every filter positive and bogus, OR within, AND across, paging."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from service import create_app
from service.services.pact.footprint_model import footprint_id
from tests.service.label_helpers import cheap_key_sealing
from tests.service.pact_schema import require_schema, validate_error, validate_list
from tests.service.pact_world import GTIN_A, GTIN_B, build_world, token_for

BASE = "https://buyer.example:8443"


@pytest.fixture()
def app(settings, session_factory, scored_project):
    """The app, with jobs run inside the call that starts them."""
    return create_app(replace(settings, jobs_backend="inline"), session_factory)


@pytest.fixture()
def listing(client, make_user, session, monkeypatch):
    """A function: query string -> (status, body, headers), as an authorised buyer."""
    require_schema()
    cheap_key_sealing(monkeypatch)
    world = build_world(client, make_user, session)
    token = token_for(client, world, BASE)

    def get(query: str):
        response = client.get(
            f"/pact/3/footprints{query}",
            headers={"Authorization": f"Bearer {token}"},
            base_url=BASE,
        )
        if response.status_code == 200:
            validate_list(response.json)
        return response

    get.world = world  # type: ignore[attr-defined]
    return get


def _ids(response):
    return {f["id"] for f in response.json["data"]}


def test_every_filter_matches_and_bogus_values_match_nothing(listing):
    world = listing.world
    first_v1, first_v2, second = (
        footprint_id(world.labels[n]) for n in ("first_v1", "first_v2", "second")
    )
    company = f"urn:gba-footprint:organisation:{world.manufacturer['org_id']}"
    everything = _ids(listing(""))
    assert everything == {first_v1, first_v2, second}
    start = listing("").json["data"][0]["validityPeriodStart"]
    positive = {
        f"?productId=urn:gtin:{GTIN_A}": {first_v1, first_v2},
        f"?productId=URN:GTIN:{GTIN_B}": {second},  # case-insensitive
        f"?companyId={company}": everything,
        "?geography=CN-GD": everything,
        "?geography=CN": everything,
        "?status=Active": {first_v2, second},
        "?status=deprecated": {first_v1},
        f"?validOn={start}": everything,
        "?validAfter=2000-01-01T00:00:00Z": everything,
        "?validBefore=2099-01-01T00:00:00Z": everything,
        f"?status=Active&productId=urn:gtin:{GTIN_A}": {first_v2},
        f"?productId=urn:gtin:{GTIN_A}&productId=urn:gtin:{GTIN_B}": everything,
        f"?companyId={company}&companyId=urn:uuid:other&companyId=urn:uuid:another": everything,
        "?classification=": everything,  # an empty value filters nothing
    }
    for query, expected in positive.items():
        response = listing(query)
        assert response.status_code == 200, (query, response.json)
        assert _ids(response) == expected, query
    bogus = (
        "?productId=urn:bogus:product:nonexistent123",
        "?companyId=urn:bogus:company:nonexistent456",
        "?geography=XX",
        "?classification=urn:bogus:classification:nonexistent789",
        "?validOn=1900-01-01T00:00:00Z",
        "?validAfter=2099-12-31T23:59:59Z",
        "?validBefore=1900-01-01T00:00:00Z",
        "?status=BogusStatusValue",
        "?companyId=urn:bogus:company:5FIi8zS3&productId=urn:bogus:product:nonexistent123",
        "?companyId=urn:bogus:company:a&companyId=urn:bogus:company:b&companyId=urn:bogus:c:c",
        f"?productId=urn:gtin:{GTIN_B}&status=Deprecated",
    )
    for query in bogus:
        response = listing(query)
        assert response.status_code == 200, (query, response.json)
        assert response.json == {"data": []}, query


def test_unreadable_values_are_bad_requests(listing):
    for query in (
        "?validOn=yesterday",
        "?limit=-1",
        "?offset=x",
        "?validOn=2025-01-01T00:00:00Z&validOn=2026-01-01T00:00:00Z",
        "?$filter=created ge '2023-01-15T10:15:30Z'",
    ):
        response = listing(query)
        assert response.status_code == 400, query
        validate_error(response.json, "BadRequest")


def test_link_pagination_on_the_base_url_the_client_used(listing):
    everything = _ids(listing(""))
    seen: list[str] = []
    response = listing("?limit=1&status=Active&status=Deprecated")
    pages = 0
    while True:
        pages += 1
        assert len(response.json["data"]) <= 1
        seen.extend(f["id"] for f in response.json["data"])
        link = response.headers.get("Link")
        if link is None:
            break
        target, rel = link.split(";", 1)
        assert rel.strip() == 'rel="next"'
        url = target.strip()[1:-1]
        assert url.startswith(f"{BASE}/pact/3/footprints?"), url
        # The filters travel with the link.
        assert parse_qs(urlsplit(url).query)["status"] == ["Active", "Deprecated"]
        response = listing(url.removeprefix(f"{BASE}/pact/3/footprints"))
    assert pages == 3 and len(seen) == len(set(seen)) and set(seen) == everything
    # The newest footprint comes first.
    assert seen[0] == footprint_id(listing.world.labels["first_v2"])
