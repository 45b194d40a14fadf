"""Creating organisations and users (the deployer's command-line verbs)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import JURISDICTIONS, OrgKind, Role, role_fits
from service.errors import Conflict, NotFound, OrganisationNotFound, ValidationFailed
from service.persistence.models import Organisation, User
from service.services.accounts.auth import hash_password, issue_token
from service.services.context import utc_now


def create_organisation(
    session: Session,
    kind: str,
    name: str,
    jurisdiction: str | None = None,
    accreditation: str | None = None,
    did: str | None = None,
    label_code: str | None = None,
    label_validity_days: int | None = None,
) -> Organisation:
    """Register an organisation; a certification body needs jurisdiction, accreditation, DID."""
    errors: dict[str, list[str]] = {}
    if kind not in set(OrgKind):
        errors["/kind"] = [f"must be one of {', '.join(OrgKind)}"]
    if not name.strip():
        errors["/name"] = ["must not be empty"]
    if kind == OrgKind.CERTIFICATION_BODY:
        if jurisdiction not in JURISDICTIONS:
            errors["/jurisdiction"] = [f"must be one of {', '.join(JURISDICTIONS)}"]
        if not accreditation:
            errors["/accreditation"] = ["a certification body names its accreditation"]
        if not did or not did.startswith("did:web:"):
            errors["/did"] = ["a certification body needs a did:web identifier"]
        if label_validity_days is not None and not 1 <= label_validity_days <= 3660:
            errors["/label_validity_days"] = ["must be 1 to 3660 days"]
        if label_code is not None and not re.fullmatch(r"[A-Z0-9]{1,6}", label_code):
            errors["/label_code"] = ["must be 1 to 6 upper-case letters or digits"]
    if errors:
        raise ValidationFailed("the organisation is invalid", errors)
    if label_code and session.scalar(
        select(Organisation).where(Organisation.label_code == label_code)
    ):
        raise Conflict(f"label code {label_code} is taken", {"/label_code": ["already used"]})
    if did and session.scalar(select(Organisation).where(Organisation.did == did)):
        raise Conflict(f"an organisation with DID {did} exists", {"/did": ["already registered"]})
    org = Organisation(
        id=new_id("organisation"),
        kind=kind,
        name=name.strip(),
        jurisdiction=jurisdiction,
        accreditation=accreditation,
        did=did,
        label_code=label_code if kind == OrgKind.CERTIFICATION_BODY else None,
        label_validity_days=label_validity_days if kind == OrgKind.CERTIFICATION_BODY else None,
        created_at=utc_now(),
    )
    session.add(org)
    session.commit()
    return org


def create_user(
    session: Session,
    org_id: str,
    role: str,
    email: str,
    affiliations: list[str] | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """Register a user of an organisation and return it with its first API token.

    affiliations names other organisations the person works for or has an interest in;
    a certifier may not review or decide their applications.
    """
    org = session.get(Organisation, org_id)
    if org is None:
        raise OrganisationNotFound(f"no organisation {org_id}")
    if role not in set(Role) or not role_fits(OrgKind(org.kind), Role(role)):
        raise ValidationFailed(
            f"role {role!r} does not fit a {org.kind}", {"/role": ["does not fit the organisation"]}
        )
    email = email.strip().lower()
    if "@" not in email:
        raise ValidationFailed("the email is invalid", {"/email": ["must be an email address"]})
    if session.scalar(select(User).where(User.email == email)):
        raise Conflict(f"a user with email {email} exists", {"/email": ["already registered"]})
    for other in affiliations or []:
        if session.get(Organisation, other) is None:
            raise ValidationFailed(
                "unknown affiliation", {"/affiliations": [f"no organisation {other}"]}
            )
    user = User(
        id=new_id("user"),
        org_id=org.id,
        role=role,
        email=email,
        affiliations=list(affiliations or []),
        password_hash=None if password is None else hash_password(password),
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    return user, issue_token(session, user)


def set_password(session: Session, email: str, password: str) -> User:
    """Set the web sign-in password of a user."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"no user {email}")
    user.password_hash = hash_password(password)
    session.commit()
    return user
