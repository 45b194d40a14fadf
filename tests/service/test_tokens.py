"""API tokens have names, an expiry and a last-used time; `flask tokens list|create|revoke`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.persistence.models import ApiToken
from service.services.accounts import tokens
from tests.service.helpers import assert_error


def _cli(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _email(session, manufacturer) -> str:
    token = session.scalar(select(ApiToken).where(ApiToken.user_id == manufacturer["user_id"]))
    return str(token.user.email)


def test_tokens_are_listed_and_revoked_from_the_cli(app, client, session, manufacturer, headers):
    email = _email(session, manufacturer)
    assert client.get("/api/v1/products", headers=headers).status_code == 200
    listed = _cli(app, "tokens", "list", "--email", email)
    assert listed.exit_code == 0, listed.output
    assert email in listed.output and "active" in listed.output
    assert "last used -" not in listed.output  # the request above recorded its use
    created = _cli(app, "tokens", "create", "--email", email, "--name", "ERP upload")
    assert created.exit_code == 0, created.output
    secret = created.output.strip()
    named = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/products", headers=named).status_code == 200
    found = next(t for t in tokens.list_tokens(session, email) if t["name"] == "ERP upload")
    assert found["expires_at"] - found["created_at"] == timedelta(days=365)
    revoked = _cli(app, "tokens", "revoke", found["id"])
    assert revoked.exit_code == 0, revoked.output
    assert_error(client.get("/api/v1/products", headers=named), 401)
    assert client.get("/api/v1/products", headers=headers).status_code == 200  # others work
    again = _cli(app, "tokens", "revoke", found["id"])
    assert again.exit_code != 0 and "already revoked" in again.output
    assert "ERP upload" in _cli(app, "tokens", "list").output


def test_an_expired_token_is_refused(app, client, session, manufacturer, clock):
    email = _email(session, manufacturer)
    secret = tokens.create_token(session, email, "short", days=1)
    named = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/products", headers=named).status_code == 200
    clock.advance(timedelta(days=2))
    body = assert_error(client.get("/api/v1/products", headers=named), 401)
    assert "expired" in body["message"]
