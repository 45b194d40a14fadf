"""The OpenAPI document, Swagger UI served from local assets, and errors outside the API."""

from __future__ import annotations

import json
import re

from tests.service.helpers import assert_error

MAIN_PATHS = [
    "/api/v1/library/activities",
    "/api/v1/library/substances",
    "/api/v1/products",
    "/api/v1/products/{product_id}",
    "/api/v1/products/{product_id}/boms",
    "/api/v1/products/{product_id}/boms/import",
    "/api/v1/boms/{bom_id}",
    "/api/v1/boms/{bom_id}/calculations",
    "/api/v1/calculations/{calculation_id}",
]


def test_openapi_json_names_the_main_paths_and_bearer_auth(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    missing = [path for path in MAIN_PATHS if path not in spec["paths"]]
    assert missing == []
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    bearer = next(name for name, s in schemes.items() if s.get("scheme") == "bearer")
    assert {bearer: []} in spec["security"]
    # Creating a BOM is documented with its 201 and its request body.
    post = spec["paths"]["/api/v1/products/{product_id}/boms"]["post"]
    assert "201" in post["responses"]
    assert "requestBody" in post
    assert "multipart/form-data" in str(
        spec["paths"]["/api/v1/products/{product_id}/boms/import"]["post"]
    )


def test_openapi_json_needs_no_token(client):
    assert client.get("/api/openapi.json").status_code == 200


def test_swagger_ui_loads_its_assets_locally(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "swagger-ui" in html.lower()
    assert "/api/openapi.json" in html
    # Nothing is fetched from a CDN: every script and stylesheet is served by the app.
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources
    for source in sources:
        assert source.startswith("/api/docs/assets/"), source
        asset = client.get(source)
        assert asset.status_code == 200, source
        asset.close()
    bundle = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert len(bundle.get_data()) > 100_000
    bundle.close()


def test_a_missing_asset_is_404(client):
    response = client.get("/api/docs/assets/no-such-file.js")
    assert response.status_code == 404


def test_unknown_url_is_404_in_the_error_shape(client):
    for url in ("/api/v1/nothing-here", "/nope", "/api/v2/products"):
        body = assert_error(client.get(url), 404)
        assert body["code"] == "not_found"


def test_wrong_method_is_405_in_the_error_shape(client, headers):
    body = assert_error(client.delete("/api/v1/products", headers=headers), 405)
    assert body["code"] == "method_not_allowed"
