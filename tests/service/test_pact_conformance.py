"""The PACT v3 conformance test cases (wbcsd/pact-conformance-service, v3 list) over HTTPS.

Each case below names the conformance tool's test-case number; bodies are validated against
the official OpenAPI document. The service runs on a real TLS socket with a self-signed
certificate, and callbacks reach a listener on 127.0.0.1.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.service.label_helpers import cheap_key_sealing
from tests.service.pact_live import LiveHost, live_host
from tests.service.pact_schema import require_schema, validate, validate_error, validate_list

CREATED = "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3"
PUBLISHED = "org.wbcsd.pact.ProductFootprint.PublishedEvent.3"
CLOUDEVENTS = "application/cloudevents+json; charset=UTF-8"


@pytest.fixture()
def host(tmp_path, brightway_dir, scored_project, monkeypatch):
    require_schema()
    cheap_key_sealing(monkeypatch)
    with live_host(tmp_path, brightway_dir) as running:
        yield running


def _token(host: LiveHost, http: requests.Session, secret: str | None = None) -> requests.Response:
    return http.post(
        f"{host.base_url}/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(host.client_id, host.client_secret if secret is None else secret),
        timeout=10,
    )


def _event(kind: str, source: str, data: dict) -> dict:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "time": "2026-12-01T10:30:00Z",
        "type": kind,
        "data": data,
    }


def test_conformance_cases_over_https(host):
    http = requests.Session()
    # REQUESTS_CA_BUNDLE in the environment would override `verify`: trust only our certificate.
    http.trust_env = False
    http.verify = str(host.cert_path)
    # 1, 2: tokens with good and bad credentials.
    good = _token(host, http)
    assert good.status_code == 200 and good.json()["token_type"] == "Bearer"
    assert _token(host, http, "wrong").status_code in (400, 401)
    bearer = {"Authorization": f"Bearer {good.json()['access_token']}"}
    # 18, 19 (optional): the token endpoint named by OpenID discovery.
    discovery = http.get(f"{host.base_url}/.well-known/openid-configuration", timeout=10).json()
    assert discovery["token_endpoint"] == f"{host.base_url}/auth/token"
    # 4: list; 3: get the first.
    listed = http.get(f"{host.base_url}/3/footprints", headers=bearer, timeout=10)
    assert listed.status_code == 200
    validate_list(listed.json())
    footprints = listed.json()["data"]
    assert len(footprints) == 3
    first = footprints[0]
    got = http.get(f"{host.base_url}/3/footprints/{first['id']}", headers=bearer, timeout=10)
    assert got.status_code == 200 and got.json()["data"]["id"] == first["id"]
    validate(got.json()["data"], "ProductFootprint")
    # 5: pagination link on the base URL the client used.
    paged = http.get(f"{host.base_url}/3/footprints?limit=2", headers=bearer, timeout=10)
    link = paged.headers["Link"]
    assert link.startswith(f"<{host.base_url}/3/footprints?") and link.endswith('rel="next"')
    following = http.get(link[1 : link.index(">")], headers=bearer, timeout=10)
    assert following.status_code == 200 and len(following.json()["data"]) == 1
    validate_list(following.json())
    # 6, 7, 16: invalid tokens.
    invalid = {"Authorization": "Bearer invalid-access-token"}
    for response in (
        http.get(f"{host.base_url}/3/footprints", headers=invalid, timeout=10),
        http.get(f"{host.base_url}/3/footprints/{first['id']}", headers=invalid, timeout=10),
        http.post(
            f"{host.base_url}/3/events",
            headers=invalid | {"Content-Type": CLOUDEVENTS},
            json=_event(PUBLISHED, host.listener.url, {"pfIds": [str(uuid.uuid4())]}),
            timeout=10,
        ),
    ):
        assert response.status_code in (400, 401)
        validate_error(response.json(), "BadRequest")
    # 8: unknown id.
    missing = http.get(
        f"{host.base_url}/3/footprints/00000000-0000-0000-0000-000000000000",
        headers=bearer,
        timeout=10,
    )
    assert missing.status_code == 404
    validate_error(missing.json(), "NotFound")
    # 9, 10, 11, 17: plain HTTP on the same port gets no token and no data.
    for method, path in (
        ("POST", "/auth/token"),
        ("GET", "/3/footprints"),
        ("GET", f"/3/footprints/{first['id']}"),
        ("POST", "/3/events"),
    ):
        try:
            plain = requests.request(method, f"{host.plain_url}{path}", headers=bearer, timeout=5)
        except requests.ConnectionError:
            continue
        assert plain.status_code >= 400 and b"access_token" not in plain.content
        assert b'"data"' not in plain.content
    # 12, 13: a request answered by a fulfilled event; 14.A, 14.B: urn:pact:null rejected.
    events = f"{host.base_url}/3/events"
    headers = bearer | {"Content-Type": CLOUDEVENTS}
    wanted = _event(CREATED, host.listener.url, {"productId": [first["productIds"][0]]})
    assert http.post(events, headers=headers, json=wanted, timeout=10).status_code == 200
    refused = _event(CREATED, host.listener.url, {"productId": ["urn:pact:null"]})
    assert http.post(events, headers=headers, json=refused, timeout=10).status_code == 200
    received = {e["body"]["data"]["requestEventId"]: e["body"] for e in host.listener.wait_for(2)}
    validate(received[wanted["id"]], "RequestFulfilledEvent")
    validate(received[refused["id"]], "RequestRejectedEvent")
    # 15: published event accepted; 40: one with non-UUID ids is a bad request.
    published = _event(PUBLISHED, host.listener.url, {"pfIds": [str(uuid.uuid4())]})
    assert http.post(events, headers=headers, json=published, timeout=10).status_code == 200
    malformed = _event(PUBLISHED, host.listener.url, {"pfIds": ["urn:gtin:4712345060507"]})
    assert http.post(events, headers=headers, json=malformed, timeout=10).status_code == 400
    # 20-39: every filter from the first footprint, unencoded as the tool sends them, and bogus.
    pcf = first["pcf"]
    geography = pcf.get("geographyCountry") or pcf.get("geographyCountrySubdivision")
    positive = [
        f"productId={first['productIds'][0]}",
        f"companyId={first['companyIds'][0]}",
        f"geography={geography}",
        f"validOn={first['validityPeriodStart']}",
        "validAfter=2000-01-01T00:00:00.000Z",
        "validBefore=2099-01-01T00:00:00.000Z",
        f"status={first['status']}",
        f"status={first['status']}&productId={first['productIds'][0]}",
        f"companyId={first['companyIds'][0]}&companyId=urn:uuid:other&companyId=urn:uuid:x",
    ]
    for query in positive:
        response = http.get(f"{host.base_url}/3/footprints?{query}", headers=bearer, timeout=10)
        assert response.status_code == 200, query
        validate_list(response.json())
        assert first["id"] in {f["id"] for f in response.json()["data"]}, query
    for query in (
        "productId=urn:bogus:product:nonexistent123",
        "companyId=urn:bogus:company:nonexistent456",
        "geography=XX",
        "classification=urn:bogus:classification:nonexistent789",
        "validOn=1900-01-01T00:00:00Z",
        "validAfter=2099-12-31T23:59:59Z",
        "validBefore=1900-01-01T00:00:00Z",
        "status=BogusStatusa1b2c3d4",
        "companyId=urn:bogus:company:5FIi8zS3&productId=urn:bogus:product:nonexistent123",
        "companyId=urn:bogus:company:a&companyId=urn:bogus:company:b&companyId=urn:bogus:c:c",
    ):
        response = http.get(f"{host.base_url}/3/footprints?{query}", headers=bearer, timeout=10)
        assert response.status_code == 200 and response.json() == {"data": []}, query
