"""Odd input is a clear 4xx naming what is wrong, never a 500 (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from service.web.errors import safe_target
from tests.service.helpers import activity_line, assert_error, bom_doc, create_product
from tests.service.workflow_helpers import PNG, application_in, make_people, upload


@pytest.fixture()
def people(session, make_user, manufacturer):
    return make_people(session, make_user, manufacturer)


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("/api/v1/products/prd_%00x", "/path"),
        ("/api/v1/labels/GBA%00", "/path"),
        ("/api/v1/library/activities?q=a%00b", "/query/q"),
        ("/api/v1/log/entries?issuer=did%00x", "/query/issuer"),
        ("/api/v1/products?x%00=1", "/query"),
    ],
)
def test_nul_bytes_in_path_or_query_are_4xx(client, headers, path, pointer):
    assert_error(client.get(path, headers=headers), 400, pointer)


def test_nul_bytes_in_a_page_path_are_a_4xx_page(client):
    response = client.get("/l/GBA%00x", headers={"Accept": "text/html"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "start=9223372036854775807",
        "start=99999999999999999999999999",
        "limit=9223372036854775807",
    ],
)
def test_integers_beyond_the_columns_range_are_422(client, query):
    response = client.get(f"/api/v1/log/entries?issuer=did:web:x&{query}")
    assert_error(response, 422, f"/query/{query.split('=')[0]}")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/log/proof/inclusion?index=2147483648&tree_size=1",
        "/api/v1/log/proof/consistency?first=1&second=99999999999",
    ],
)
def test_proof_sizes_beyond_the_columns_range_are_422(client, path):
    assert_error(client.get(path), 422)


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_json_nested_deeply_is_400_on_the_anonymous_verifier(client, levels):
    body = '{"credential": ' + _deep(levels) + "}"
    response = client.post("/api/v1/verifications", data=body, content_type="application/json")
    assert_error(response, 400, "/")


def test_json_nested_deeply_is_400_for_a_signed_in_manufacturer(client, headers):
    body = '{"sku": "a", "names": {"en": ' + '{"x": ' * 1_000 + "1" + "}" * 1_000 + "}}"
    response = client.post(
        "/api/v1/products", headers=headers, data=body, content_type="application/json"
    )
    assert_error(response, 400, "/")


def test_json_of_ordinary_depth_still_works(client, headers):
    product = create_product(client, headers)
    bom = client.post(f"/api/v1/products/{product}/boms", headers=headers, json=bom_doc())
    assert bom.status_code == 201, bom.json


@pytest.mark.parametrize("target", ["/%0D%0Ax", "/%0Ax", "/x%0D", "/%09x", "/x%00"])
def test_control_characters_in_a_redirect_target_never_reach_a_header(client, target):
    response = client.get(f"/language/en?next={target}")
    assert response.status_code in (302, 303, 400)
    location = response.headers.get("Location", "")
    assert "\r" not in location and "\n" not in location


@pytest.mark.parametrize("target", ["/\r\nx", "/\nSet-Cookie:a=b", "/x\x00", "/\tx", "/x\x7f"])
def test_a_redirect_target_with_control_characters_is_not_safe(target):
    assert safe_target(target) is None
    assert safe_target("/products?page=2") == "/products?page=2"


def test_evidence_for_a_final_application_is_409_like_comments(client, people):
    application = application_in(client, people, "approved")
    response = upload(client, people["owner"]["headers"], PNG, "meter.png", application["id"])
    body = assert_error(response, 409)
    assert "approved" in body["message"]


@pytest.mark.parametrize(
    "amount", ["\uff11\uff12", "\u0663", "1_000", "1_0.5", "\u00b2", "1e1_0", "\uff11e3"]
)
def test_decimal_strings_take_only_ascii_digits(client, headers, amount):
    product = create_product(client, headers)
    response = client.post(
        f"/api/v1/products/{product}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    )
    assert_error(response, 422, "/lines/0/amount")


@pytest.mark.parametrize("amount", ["12", "0.5", "-0", "1e3", "1E-3", ".5", "5.", " 2 "])
def test_ordinary_decimal_strings_are_still_accepted(client, headers, amount):
    product = create_product(client, headers)
    response = client.post(
        f"/api/v1/products/{product}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    )
    assert response.status_code == 201, response.json


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", "AB\u202eCD"),
        ("sku", "AB\u2066CD"),
        ("sku", "A\x07B"),
        ("sku", "A\nB"),
        ("sku", "A\u200fB"),
        ("names/en", "Power\u202ebank"),
        ("names/zh-Hans", "移动\x1b电源"),
    ],
)
def test_bidirectional_and_control_characters_in_names_and_skus_are_422(
    client, headers, field, value
):
    body = {
        "sku": "P-9",
        "names": {"en": "Power bank"},
        "declared_unit": {"amount": "1", "unit": "piece"},
    }
    if field == "sku":
        body["sku"] = value
    else:
        body["names"][field.split("/")[1]] = value
    response = client.post("/api/v1/products", headers=headers, json=body)
    assert_error(response, 422, f"/{field}")


def test_names_in_any_script_are_still_accepted(client, headers):
    product = create_product(client, headers, names={"en": "Power bank", "zh-Hant": "流動電源 • ①"})
    assert client.get(f"/api/v1/products/{product}", headers=headers).status_code == 200
