"""The deployer's command line: organisations and users, and the token it prints."""

from __future__ import annotations

import re

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select

from service.persistence.models import Organisation, User


class _Runner:
    """Invokes CLI verbs the way `flask --app service ...` does, inside an app context.

    (FlaskGroup pushes one for every command; the bare test runner does not.) A context per
    call, so that no `g` is shared with the test client's requests.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.runner = app.test_cli_runner()

    def invoke(self, args: list[str]) -> Result:
        with self.app.app_context():
            return self.runner.invoke(args=args)


@pytest.fixture()
def runner(app):
    return _Runner(app)


def _ok(result) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    return str(result.output).strip()


def test_orgs_create_manufacturer_prints_its_id(runner, session):
    org_id = _ok(runner.invoke(args=["orgs", "create", "--kind", "manufacturer", "--name", "Acme"]))
    assert re.fullmatch(r"org_[0-9a-f]{32}", org_id)
    org = session.get(Organisation, org_id)
    assert org is not None
    assert (org.kind, org.name, org.jurisdiction, org.did) == ("manufacturer", "Acme", None, None)


def test_orgs_create_certification_body(runner, session):
    args = [
        "orgs", "create", "--kind", "certification_body", "--name", "GBA Certification Ltd",
        "--jurisdiction", "HK", "--accreditation", "HKAS 123", "--did", "did:web:cb.example.hk",
    ]  # fmt: skip
    org_id = _ok(runner.invoke(args=args))
    org = session.get(Organisation, org_id)
    assert org is not None
    assert (org.kind, org.jurisdiction, org.accreditation, org.did) == (
        "certification_body",
        "HK",
        "HKAS 123",
        "did:web:cb.example.hk",
    )
    # The DID is unique.
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "did:web:cb.example.hk" in again.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "jurisdiction"),
        (["--jurisdiction", "CN-GD", "--did", "did:web:x.test"], "accreditation"),
        (["--jurisdiction", "CN-GD", "--accreditation", "CNAS C1", "--did", "https://x"], "did"),
    ],
)
def test_a_certification_body_needs_its_credentials(runner, extra, message):
    args = ["orgs", "create", "--kind", "certification_body", "--name", "CB", *extra]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


def test_orgs_create_refuses_an_unknown_kind_and_jurisdiction(runner):
    result = runner.invoke(args=["orgs", "create", "--kind", "bank", "--name", "X"])
    assert result.exit_code == 2
    assert "--kind" in result.output
    result = runner.invoke(
        args=[
            "orgs",
            "create",
            "--kind",
            "certification_body",
            "--name",
            "X",
            "--jurisdiction",
            "TW",
        ]
    )
    assert result.exit_code == 2
    assert "--jurisdiction" in result.output


def test_users_create_prints_a_token_that_works(runner, client, session):
    org_id = _ok(runner.invoke(args=["orgs", "create", "--kind", "manufacturer", "--name", "Acme"]))
    token = _ok(
        runner.invoke(
            args=[
                "users",
                "create",
                "--org",
                org_id,
                "--role",
                "manufacturer",
                "--email",
                "A@Acme.test",
            ]
        )
    )
    assert token.startswith("gba_")
    assert "\n" not in token
    user = session.scalar(select(User).where(User.org_id == org_id))
    assert user is not None
    assert (user.role, user.email) == ("manufacturer", "a@acme.test")
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": "CLI-1",
            "names": {"en": "x"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    )
    assert response.status_code == 201, response.get_json()
    assert client.get("/api/v1/products", headers=headers).get_json()["items"][0]["sku"] == "CLI-1"


def test_a_reviewer_token_from_the_cli_is_a_reviewer(runner, client):
    args = [
        "orgs", "create", "--kind", "certification_body", "--name", "CB", "--jurisdiction", "MO",
        "--accreditation", "IPAC 9", "--did", "did:web:cb.example.mo",
    ]  # fmt: skip
    org_id = _ok(runner.invoke(args=args))
    token = _ok(
        runner.invoke(
            args=["users", "create", "--org", org_id, "--role", "reviewer", "--email", "r@cb.mo"]
        )
    )
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/library/substances", headers=headers).status_code == 200
    assert client.get("/api/v1/products", headers=headers).status_code == 403


def test_a_bad_role_fails_with_a_clear_message(runner, session):
    org_id = _ok(runner.invoke(args=["orgs", "create", "--kind", "manufacturer", "--name", "Acme"]))
    # Not a role at all: click refuses it and lists the choices.
    result = runner.invoke(
        args=["users", "create", "--org", org_id, "--role", "emperor", "--email", "e@x.test"]
    )
    assert result.exit_code != 0
    assert "--role" in result.output
    assert "manufacturer" in result.output
    # A role of the wrong kind of organisation: refused by the use case, by name.
    result = runner.invoke(
        args=["users", "create", "--org", org_id, "--role", "reviewer", "--email", "r@x.test"]
    )
    assert result.exit_code != 0
    assert "reviewer" in result.output
    assert "manufacturer" in result.output
    assert "Traceback" not in result.output
    assert session.scalar(select(User).where(User.email == "r@x.test")) is None


def test_users_create_refuses_unknown_org_bad_and_duplicate_email(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--org",
            "org_nope",
            "--role",
            "manufacturer",
            "--email",
            "a@x.test",
        ]
    )
    assert result.exit_code != 0
    assert "org_nope" in result.output
    org_id = _ok(runner.invoke(args=["orgs", "create", "--kind", "manufacturer", "--name", "Acme"]))
    base = ["users", "create", "--org", org_id, "--role", "manufacturer", "--email"]
    result = runner.invoke(args=[*base, "not-an-email"])
    assert result.exit_code != 0
    assert "email" in result.output
    _ok(runner.invoke(args=[*base, "dup@x.test"]))
    result = runner.invoke(args=[*base, "DUP@x.test"])
    assert result.exit_code != 0
    assert "dup@x.test" in result.output
