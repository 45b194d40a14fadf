"""Development accounts for `make run`: a manufacturer and a certification body with keys."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.persistence.models import Organisation, User
from service.services.accounts import organisations
from service.services.accounts.auth import hash_password, issue_token
from service.services.context import IssuerConfig, utc_now
from service.services.labels.signing_keys import ensure_key, host_did, operator

MANUFACTURER = "Demo Manufacturer (development)"
BODY = "Demo Certification Body (development)"
ACCOUNTS = (
    ("demo@manufacturer.example", "manufacturer", MANUFACTURER),
    ("reviewer@body.example", "reviewer", BODY),
    ("decider@body.example", "decision_maker", BODY),
)


@dataclass(frozen=True)
class DemoAccount:
    """A development account with a fresh API token and web password."""

    email: str
    role: str
    org_id: str
    token: str
    password: str


def _org(session: Session, config: IssuerConfig, name: str) -> Organisation:
    found = session.scalar(select(Organisation).where(Organisation.name == name))
    if found is not None:
        return found
    if name == MANUFACTURER:
        return organisations.create_organisation(session, "manufacturer", name)
    return organisations.create_organisation(
        session,
        "certification_body",
        name,
        "CN-GD",
        "CNAS (development, not accredited)",
        host_did(config, "bodies", "demo"),
        "DEMO",
    )


def seed(session: Session, config: IssuerConfig) -> list[DemoAccount]:
    """Create the demo organisations, users and keys if missing; give each user new secrets."""
    accounts = []
    for email, role, org_name in ACCOUNTS:
        org = _org(session, config, org_name)
        password = secrets.token_urlsafe(12)
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user, token = organisations.create_user(session, org.id, role, email, password=password)
        else:
            user.password_hash = hash_password(password)
            token = issue_token(session, user)
        accounts.append(DemoAccount(email, role, org.id, token, password))
    now = utc_now()
    # The development signing keys: the demo body's and the operator's (log and trust list).
    ensure_key(session, _org(session, config, BODY), config, now)
    ensure_key(session, operator(session, config, now), config, now)
    session.commit()
    return accounts
