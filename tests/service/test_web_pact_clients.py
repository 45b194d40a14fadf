"""The manufacturer's PACT clients page: list, register (secret shown once), revoke."""

from __future__ import annotations

import re

import pytest

from service.services import pact
from tests.service.web_world import build_world, csrf_of, sign_in_as


@pytest.fixture()
def world(app, session, make_user):
    return build_world(app, session, make_user)


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "PACT clients"), ("zh_Hans", "PACT 客户端"), ("zh_Hant", "PACT 用戶端")],
)
def test_the_page_in_every_language(client, world, lang, title):
    sign_in_as(client, world, "manufacturer")
    page = client.get(f"/pact-clients?lang={lang}")
    assert page.status_code == 200
    assert title in page.text and "/pact" in page.text


def test_register_and_revoke_a_client(client, world, session):
    sign_in_as(client, world, "manufacturer")
    token = csrf_of(client)
    created = client.post("/pact-clients", data={"csrf_token": token, "name": "Buyer Ltd"})
    assert created.status_code == 200
    client_id, secret = re.findall(r"<code>([^<]+)</code>", created.text)[1:3]
    # The secret works at the token endpoint and is never shown again.
    issued = pact.issue_token(session, client_id, secret, "client_credentials")
    listed = client.get("/pact-clients")
    assert "Buyer Ltd" in listed.text and client_id in listed.text and secret not in listed.text
    revoked = client.post(
        f"/pact-clients/{client_id}/revocation", data={"csrf_token": token}, follow_redirects=True
    )
    assert revoked.status_code == 200 and "Revoked" in revoked.text
    with pytest.raises(pact.InvalidToken):
        pact.authenticate(session, f"Bearer {issued.access_token}")


def test_certifiers_and_other_manufacturers_cannot_use_it(client, world, session):
    sign_in_as(client, world, "reviewer")
    assert client.get("/pact-clients").status_code == 403
    sign_in_as(client, world, "other_manufacturer")
    token = csrf_of(client)
    mine, _secret = pact.create_client(session, world.users["manufacturer"]["org_id"], "Buyer")
    refused = client.post(f"/pact-clients/{mine.id}/revocation", data={"csrf_token": token})
    assert refused.status_code == 404
