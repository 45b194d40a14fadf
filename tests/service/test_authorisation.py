"""Who may call what: 401 without a valid token, 404 (never 403) across manufacturers, 403 by
role."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from service.persistence.models import ApiToken
from service.services.context import utc_now
from tests.service.helpers import (
    assert_error,
    bom_doc,
    calculate,
    create_bom,
    create_product,
    strings_in,
)

PRODUCT = {
    "sku": "X-1",
    "names": {"en": "Thing"},
    "declared_unit": {"amount": "1", "unit": "piece"},
}


IMPORT_FORM = {
    "system_boundary": "cradle-to-gate",
    "reference_period_start": "2025-01-01",
    "reference_period_end": "2026-01-01",
    "site_name": "Plant",
    "site_region": "CN-GD",
}


def _upload() -> dict[str, Any]:
    # A fresh stream per request: the test client consumes what it sends.
    csv = b"ref,stage,activity,amount,unit\np,production,electricity-cn-footprint-2023,2,kWh\n"
    return {
        "data": IMPORT_FORM | {"file": (io.BytesIO(csv), "bom.csv")},
        "content_type": "multipart/form-data",
    }


def _endpoints(
    product_id: str, bom_id: str, calculation_id: str
) -> list[tuple[str, str, Callable[[], dict[str, Any]]]]:
    """Every manufacturer endpoint as (method, url, a maker of request keyword arguments)."""
    return [
        ("get", "/api/v1/products", dict),
        ("post", "/api/v1/products", lambda: {"json": PRODUCT}),
        ("get", f"/api/v1/products/{product_id}", dict),
        ("get", f"/api/v1/products/{product_id}/boms", dict),
        ("post", f"/api/v1/products/{product_id}/boms", lambda: {"json": bom_doc()}),
        ("post", f"/api/v1/products/{product_id}/boms/import", _upload),
        ("get", f"/api/v1/boms/{bom_id}", dict),
        ("post", f"/api/v1/boms/{bom_id}/calculations", dict),
        ("get", f"/api/v1/boms/{bom_id}/calculations", dict),
        ("get", f"/api/v1/calculations/{calculation_id}", dict),
    ]


@pytest.fixture()
def owned(client, headers):
    """A product, a BOM and a calculation of the `manufacturer` fixture's organisation."""
    product_id = create_product(client, headers)
    bom = create_bom(client, headers, product_id, bom_doc())
    calculation = calculate(client, headers, bom["id"])
    return {"product": product_id, "bom": bom, "calculation": calculation}


def _call(
    client: FlaskClient,
    method: str,
    url: str,
    headers: dict[str, str],
    make_kwargs: Callable[[], dict[str, Any]],
) -> TestResponse:
    response: TestResponse = getattr(client, method)(url, headers=headers, **make_kwargs())
    return response


# --- 401 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer gba_not-a-real-token",
        "Basic dXNlcjpwYXNz",
        "Token gba_x",
    ],
)
def test_no_or_bad_token_is_401_with_www_authenticate(client, owned, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    for method, url, kwargs in [
        *_endpoints(owned["product"], owned["bom"]["id"], owned["calculation"]["id"]),
        ("get", "/api/v1/library/activities", dict),
        ("get", "/api/v1/library/substances", dict),
    ]:
        response = _call(client, method, url, headers, kwargs)
        body = assert_error(response, 401)
        assert body["code"] == "unauthenticated", (method, url)
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), (method, url)


def test_the_scheme_is_case_insensitive(client, headers):
    token = headers["Authorization"].split(" ", 1)[1]
    response = client.get("/api/v1/products", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_a_revoked_token_is_401(client, session, manufacturer):
    token = manufacturer["headers"]["Authorization"].split(" ", 1)[1]
    assert client.get("/api/v1/products", headers=manufacturer["headers"]).status_code == 200
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_sha256 == hashlib.sha256(token.encode()).hexdigest())
        .values(revoked_at=utc_now())
    )
    session.commit()
    response = client.get("/api/v1/products", headers=manufacturer["headers"])
    assert_error(response, 401)
    assert "WWW-Authenticate" in response.headers


def test_a_token_differing_in_one_character_is_401(client, headers):
    token = headers["Authorization"]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert_error(client.get("/api/v1/products", headers={"Authorization": tampered}), 401)


# --- 404 across manufacturers ------------------------------------------------------------------


def test_another_manufacturer_sees_nothing_and_gets_404(client, make_user, owned):
    other = make_user()["headers"]
    ids = (owned["product"], owned["bom"]["id"], owned["calculation"]["id"])
    for method, url, kwargs in _endpoints(*ids):
        if url == "/api/v1/products":
            continue
        response = _call(client, method, url, other, kwargs)
        body = assert_error(response, 404)
        assert body["code"] == "not_found", (method, url)
        # The answer does not hint that the thing exists.
        assert "permission" not in body["message"].lower()
    listing = client.get("/api/v1/products", headers=other).get_json()
    assert listing == {"items": []}


def test_404_for_foreign_and_unknown_ids_look_alike(client, make_user, owned):
    other = make_user()["headers"]
    foreign = client.get(f"/api/v1/products/{owned['product']}", headers=other).get_json()
    unknown = client.get("/api/v1/products/prd_doesnotexist", headers=other).get_json()
    assert foreign["code"] == unknown["code"] == "not_found"
    assert foreign["message"].replace(owned["product"], "ID") == unknown["message"].replace(
        "prd_doesnotexist", "ID"
    )


def test_nothing_was_created_for_the_intruder(client, make_user, owned, headers):
    other = make_user()["headers"]
    client.post(f"/api/v1/products/{owned['product']}/boms", headers=other, json=bom_doc())
    client.post(f"/api/v1/boms/{owned['bom']['id']}/calculations", headers=other)
    boms = client.get(f"/api/v1/products/{owned['product']}/boms", headers=headers).get_json()
    assert [b["version"] for b in boms["items"]] == [1]
    calcs = client.get(f"/api/v1/boms/{owned['bom']['id']}/calculations", headers=headers)
    assert [c["id"] for c in calcs.get_json()["items"]] == [owned["calculation"]["id"]]


def test_two_users_of_one_manufacturer_share_its_products(client, session, manufacturer, owned):
    from service.services.accounts import organisations

    _user, token = organisations.create_user(
        session, manufacturer["org_id"], "manufacturer", "colleague@x.test"
    )
    response = client.get(
        f"/api/v1/products/{owned['product']}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    assert response.get_json()["id"] == owned["product"]


# --- 403 by role ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "decision_maker"])
def test_certification_body_roles_get_403_on_manufacturer_endpoints(client, make_user, owned, role):
    body_user = make_user(kind="certification_body", role=role)["headers"]
    ids = (owned["product"], owned["bom"]["id"], owned["calculation"]["id"])
    for method, url, kwargs in _endpoints(*ids):
        response = _call(client, method, url, body_user, kwargs)
        body = assert_error(response, 403)
        assert body["code"] == "forbidden", (method, url)
    # They may read the reference library.
    assert client.get("/api/v1/library/substances", headers=body_user).status_code == 200


# --- tokens are stored hashed --------------------------------------------------------------


def test_tokens_are_stored_only_as_sha256(client, session, manufacturer):
    secret = manufacturer["headers"]["Authorization"].split(" ", 1)[1]
    assert len(secret) > 32
    rows = session.execute(select(ApiToken.__table__)).mappings().all()
    assert rows
    for row in rows:
        for value in row.values():
            assert secret not in str(value)
            assert secret.removeprefix("gba_") not in str(value)
    digests = [row["token_sha256"] for row in rows]
    assert hashlib.sha256(secret.encode("utf-8")).hexdigest() in digests
    # Nor does any API answer carry it.
    listing = client.get("/api/v1/products", headers=manufacturer["headers"]).get_json()
    assert all(secret not in s for s in strings_in(listing))
