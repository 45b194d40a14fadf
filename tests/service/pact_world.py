"""A manufacturer with certified labels and a buyer's PACT client, for the PACT tests."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from service.services import pact
from tests.service.helpers import create_product
from tests.service.label_helpers import certifiers, issue_for

# Valid GTIN-14s (GS1 mod-10 check digit), free of `#&+%` as the conformance tool needs.
GTIN_A = "06901234567892"
GTIN_B = "06901234567908"


@dataclass
class PactWorld:
    """Who and what the PACT tests use."""

    manufacturer: dict[str, Any]
    body: dict[str, Any]
    client_id: str
    secret: str
    products: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def basic(self, secret: str | None = None) -> dict[str, str]:
        """HTTP Basic client authentication for the token endpoint."""
        pair = f"{self.client_id}:{self.secret if secret is None else secret}"
        return {"Authorization": f"Basic {base64.b64encode(pair.encode()).decode()}"}


def build_world(
    client: FlaskClient, make_user: Callable[..., dict[str, Any]], session: Session
) -> PactWorld:
    """Two products with certified labels (the first certified twice) and a buyer's client."""
    manufacturer = make_user()
    headers = manufacturer["headers"]
    body = certifiers(make_user)
    first = create_product(client, headers, gtin=GTIN_A, mass_kg="0.42")
    second = create_product(client, headers, declared=("1", "kg"), gtin=GTIN_B)
    labels = {
        "first_v1": issue_for(client, headers, first, body, amount="2"),
        "second": issue_for(client, headers, second, body, amount="3"),
        "first_v2": issue_for(client, headers, first, body, amount="1.5"),
    }
    created, secret = pact.create_client(session, manufacturer["org_id"], "Buyer Ltd")
    return PactWorld(
        manufacturer, body, created.id, secret, {"first": first, "second": second}, labels
    )


def token_for(client: FlaskClient, world: PactWorld, base_url: str = "https://gba.test") -> str:
    """Obtain an access token with the world's client credentials."""
    response = client.post(
        "/pact/auth/token",
        headers=world.basic(),
        data={"grant_type": "client_credentials"},
        base_url=base_url,
    )
    assert response.status_code == 200, response.get_json()
    token: str = response.get_json()["access_token"]
    return token
