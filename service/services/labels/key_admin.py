"""The deployer's key operations: rotate a body's key, revoke a compromised one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.canonical_json import canonical_json
from service.domain.timestamps import utc_text
from service.errors import Conflict, OrganisationNotFound
from service.persistence.labels import Label, SigningKey, StatusList
from service.persistence.models import Organisation
from service.services.context import IssuerConfig, utc_now
from service.services.labels import transparency
from service.services.labels.lifecycle import apply_status_change
from service.services.labels.signing_keys import create_key, key_by_kid
from service.services.labels.status_lists import sign_list


def _log_key_event(
    session: Session, config: IssuerConfig, kind: str, org: Organisation, key: SigningKey
) -> None:
    now = utc_now()
    entry = {
        "kind": kind,
        "did": org.did,
        "kid": key.kid,
        "thumbprint": key.thumbprint,
        "at": utc_text(now),
    }
    transparency.append(
        session,
        config,
        kind,
        key.kid,
        org.did,
        canonical_json(entry),
        now,
    )


def rotate(session: Session, config: IssuerConfig, org_id: str) -> SigningKey:
    """Give an organisation a new signing key; the old one stays published, signing nothing new."""
    org = session.get(Organisation, org_id)
    if org is None:
        raise OrganisationNotFound(f"no organisation {org_id}")
    key = create_key(session, org, config, utc_now())
    transparency.log_pending_keys(session, config, utc_now())
    session.commit()
    return key


def revoke(session: Session, config: IssuerConfig, kid: str, reason: str) -> list[str]:
    """Withdraw a compromised key and revoke every label it signed; return their IDs."""
    key = key_by_kid(session, kid)
    if key.revoked_at is not None:
        raise Conflict(f"key {kid} is already revoked")
    org = session.get(Organisation, key.org_id)
    assert org is not None  # a foreign key guarantees it
    key.revoked_at = utc_now()
    if key.retired_at is None:
        # The body keeps signing with a fresh key; status lists are re-signed with it.
        create_key(session, org, config, utc_now())
    _log_key_event(session, config, "key_revoked", org, key)
    session.flush()
    revoked = []
    labels = session.scalars(select(Label).where(Label.kid == kid, Label.status != "revoked"))
    for label in list(labels):
        note = f"signing key compromised: {reason}"
        apply_status_change(session, config, label, "revoke", note)
        revoked.append(label.id)
    # Lists the withdrawn key signed would no longer verify: re-sign them all with the new key.
    for status_list in session.scalars(select(StatusList).where(StatusList.org_id == org.id)):
        sign_list(session, status_list, org, config, utc_now())
    session.commit()
    return revoked
