"""PACT v3 host: tokens, footprints from certified labels, access, errors (test client)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from service import create_app
from service.services.pact.footprint_model import footprint_id
from tests.service.label_helpers import cheap_key_sealing, set_status, verify
from tests.service.pact_schema import require_schema, validate, validate_error, validate_list
from tests.service.pact_world import GTIN_A, build_world, token_for

BASE = "https://buyer.example:8443"


@pytest.fixture()
def app(settings, session_factory, scored_project, clock):
    """The app, with jobs run inside the call that starts them, on the test's clock."""
    return create_app(replace(settings, jobs_backend="inline"), session_factory, clock)


@pytest.fixture()
def world(client, make_user, session, monkeypatch):
    require_schema()
    cheap_key_sealing(monkeypatch)
    return build_world(client, make_user, session)


def _get(client, path, token, **query):
    return client.get(
        f"/pact{path}",
        headers={"Authorization": f"Bearer {token}"},
        query_string=query,
        base_url=BASE,
    )


def test_token_with_good_and_bad_credentials(client, world):
    good = client.post(
        "/pact/auth/token",
        headers=world.basic(),
        data={"grant_type": "client_credentials"},
        base_url=BASE,
    )
    assert good.status_code == 200, good.json
    assert good.json["token_type"] == "Bearer" and good.json["expires_in"] == 3600
    assert good.headers["Cache-Control"] == "no-store"
    # client_secret_post works too (RFC 6749 section 2.3.1).
    posted = client.post(
        "/pact/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": world.client_id,
            "client_secret": world.secret,
        },
        base_url=BASE,
    )
    assert posted.status_code == 200
    bad = client.post(
        "/pact/auth/token",
        headers=world.basic("wrong"),
        data={"grant_type": "client_credentials"},
        base_url=BASE,
    )
    assert bad.status_code == 401 and bad.json["error"] == "invalid_client"
    assert bad.headers["WWW-Authenticate"].startswith("Basic")
    assert "access_token" not in bad.json
    no_grant = client.post("/pact/auth/token", headers=world.basic(), data={}, base_url=BASE)
    assert no_grant.status_code == 400 and no_grant.json["error"] == "invalid_request"
    other = client.post(
        "/pact/auth/token",
        headers=world.basic(),
        data={"grant_type": "password"},
        base_url=BASE,
    )
    assert other.status_code == 400 and other.json["error"] == "unsupported_grant_type"
    as_json = client.post(
        "/pact/auth/token",
        headers=world.basic(),
        json={"grant_type": "client_credentials"},
        base_url=BASE,
    )
    assert as_json.status_code == 400 and as_json.json["error"] == "invalid_request"


def test_discovery_names_the_token_endpoint(client):
    found = client.get("/pact/.well-known/openid-configuration", base_url=BASE)
    assert found.status_code == 200
    assert found.json["token_endpoint"] == f"{BASE}/pact/auth/token"


def test_footprints_are_the_certified_labels(client, world):
    token = token_for(client, world, BASE)
    listed = _get(client, "/3/footprints", token)
    assert listed.status_code == 200
    validate_list(listed.json)
    by_id = {f["id"]: f for f in listed.json["data"]}
    ids = {name: footprint_id(label) for name, label in world.labels.items()}
    assert set(by_id) == set(ids.values())
    old, new, second = by_id[ids["first_v1"]], by_id[ids["first_v2"]], by_id[ids["second"]]
    # A new certified version supersedes the old footprint, which stays readable.
    assert new["precedingPfIds"] == [old["id"]] and new["status"] == "Active"
    assert old["status"] == "Deprecated" and "precedingPfIds" not in old
    assert old["extensions"][0]["data"]["supersededBy"] == new["id"]
    assert second["status"] == "Active"
    assert f"urn:gtin:{GTIN_A}" in new["productIds"]
    assert new["companyIds"] == [f"urn:gba-footprint:organisation:{world.manufacturer['org_id']}"]
    pcf = new["pcf"]
    # 1.5 kWh of CN grid electricity at 0.6205 kg CO2e/kWh (the shipped library, 2023).
    assert Decimal(pcf["pcfExcludingBiogenicUptake"]) == Decimal("0.93075")
    assert (
        pcf["declaredUnitOfMeasurement"] == "piece" and pcf["productMassPerDeclaredUnit"] == "0.42"
    )
    assert pcf["geographyCountrySubdivision"] == "CN-GD"
    assert pcf["ipccCharacterizationFactors"] == ["AR6"]
    assert pcf["crossSectoralStandards"] == ["ISO14067"]
    assert pcf["productOrSectorSpecificRules"][0]["ruleNames"] == ["GB/T 24067-2024"]
    assert pcf["verification"]["providerName"]
    assert second["pcf"]["declaredUnitOfMeasurement"] == "kilogram"
    assert second["pcf"]["productMassPerDeclaredUnit"] == "1"
    # The label's signed credential travels with the numbers and verifies on its own.
    extension = new["extensions"][0]
    assert extension["data"]["labelId"] == world.labels["first_v2"]
    assert extension["data"]["verificationUrl"].endswith(f"/l/{world.labels['first_v2']}")
    assert verify(client, extension["data"]["credential"])["verified"] is True
    schema = client.get("/pact/extensions/gba-label/1.0.0/schema.json", base_url=BASE)
    assert schema.status_code == 200 and "credential" in schema.json["required"]
    got = _get(client, f"/3/footprints/{new['id']}", token)
    assert got.status_code == 200
    validate(got.json["data"], "ProductFootprint")
    assert got.json == {"data": new}
    # Built deterministically: asking again gives the identical footprint.
    assert _get(client, f"/3/footprints/{new['id'].upper()}", token).json == got.json


def test_a_revoked_label_is_deprecated_with_its_reason(client, world):
    token = token_for(client, world, BASE)
    label = world.labels["second"]
    revoked = set_status(client, label, "revoke", world.body["decider"]["headers"], "false data")
    assert revoked.status_code == 200, revoked.json
    got = _get(client, f"/3/footprints/{footprint_id(label)}", token)
    validate(got.json["data"], "ProductFootprint")
    assert got.json["data"]["status"] == "Deprecated"
    data = got.json["data"]["extensions"][0]["data"]
    assert data["labelStatus"] == "revoked" and data["statusReason"] == "false data"


def test_a_client_sees_only_its_manufacturers_footprints(client, world, make_user, session):
    from service.services import pact

    other = make_user()
    created, secret = pact.create_client(session, other["org_id"], "Someone else")
    world_other = replace(world, client_id=created.id, secret=secret)
    token = token_for(client, world_other, BASE)
    assert _get(client, "/3/footprints", token).json == {"data": []}
    hidden = _get(client, f"/3/footprints/{footprint_id(world.labels['second'])}", token)
    assert hidden.status_code == 404
    validate_error(hidden.json, "NotFound")


def test_bad_missing_expired_and_revoked_tokens(client, world, clock):
    for headers in ({"Authorization": "Bearer invalid-access-token"}, {}):
        for path in ("/pact/3/footprints", f"/pact/3/footprints/{footprint_id('x')}"):
            refused = client.get(path, headers=headers, base_url=BASE)
            assert refused.status_code == 401, refused.json
            validate_error(refused.json, "BadRequest")
            assert "data" not in refused.json
    token = token_for(client, world, BASE)
    clock.advance(timedelta(hours=1, seconds=1))
    expired = _get(client, "/3/footprints", token)
    assert expired.status_code == 401
    validate_error(expired.json, "TokenExpired")
    clock.advance(-timedelta(hours=1, seconds=1))
    assert _get(client, "/3/footprints", token).status_code == 200


def test_unknown_footprint_is_not_found(client, world):
    token = token_for(client, world, BASE)
    for pf_id in ("00000000-0000-0000-0000-000000000000", "non-existent-id"):
        missing = _get(client, f"/3/footprints/{pf_id}", token)
        assert missing.status_code == 404
        validate_error(missing.json, "NotFound")


def test_plain_http_returns_no_data_in_production(settings, session_factory, world):
    production = create_app(replace(settings, environment="production"), session_factory)
    client = production.test_client()
    plain = client.post(
        "/pact/auth/token",
        headers=world.basic(),
        data={"grant_type": "client_credentials"},
        base_url="http://gba.test",
    )
    assert plain.status_code == 403 and "access_token" not in plain.json
    validate_error(plain.json, "AccessDenied")
    token = token_for(client, world, "https://gba.test")
    listed = client.get(
        "/pact/3/footprints",
        headers={"Authorization": f"Bearer {token}"},
        base_url="http://gba.test",
    )
    assert listed.status_code == 403 and "data" not in listed.json


def test_unknown_pact_paths_answer_in_pacts_shape(client, world):
    token = token_for(client, world, BASE)
    for path in ("/pact/2/footprints", "/pact/3/nothing"):
        missing = client.get(path, headers={"Authorization": f"Bearer {token}"}, base_url=BASE)
        assert missing.status_code == 404
        validate_error(missing.json, "NotFound")
