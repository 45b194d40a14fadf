"""Bitstring status lists of each body: index allocation, bit changes and re-signing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from certificates import (
    LIST_SIZE,
    Bitstring,
    random_free_index,
    sign_credential,
    status_list_credential,
)
from service.domain.ids import new_id
from service.domain.timestamps import utc_text
from service.errors import StatusListNotFound
from service.persistence.labels import Label, StatusList
from service.persistence.models import Organisation
from service.services.context import IssuerConfig, utc_now
from service.services.labels.signing_keys import ensure_key, signer_for

# Short validity so verifiers re-fetch soon after a change (LABELS.md, "Status").
LIST_VALIDITY = timedelta(hours=24)


def list_url(config: IssuerConfig, list_id: str) -> str:
    """Return where a status list credential is published."""
    return f"{config.service_url}/api/v1/status-lists/{list_id}"


def _iso(moment: datetime) -> str:
    return utc_text(moment)


def sign_list(
    session: Session,
    status_list: StatusList,
    org: Organisation,
    config: IssuerConfig,
    now: datetime,
) -> None:
    """Re-sign a status list with its body's current key, valid for a short while."""
    bitstring = Bitstring(size=status_list.size, bits=bytearray(status_list.bits))
    payload = status_list_credential(
        {"id": org.did or "", "name": org.name},
        list_url(config, status_list.id),
        status_list.purpose,
        bitstring,
        _iso(now),
        _iso(now + LIST_VALIDITY),
    )
    key = ensure_key(session, org, config, now)
    status_list.credential = sign_credential(payload, signer_for(key, config))
    status_list.valid_until = now + LIST_VALIDITY
    status_list.updated_at = now


def _open_list(
    session: Session, org: Organisation, purpose: str, config: IssuerConfig, now: datetime
) -> StatusList:
    found = session.scalars(
        select(StatusList)
        .where(
            StatusList.org_id == org.id,
            StatusList.purpose == purpose,
            StatusList.used < StatusList.size,
        )
        .order_by(StatusList.updated_at)
        .limit(1)
    ).first()
    return found if found is not None else new_list(session, org, purpose, now)


def new_list(session: Session, org: Organisation, purpose: str, now: datetime) -> StatusList:
    """Create an empty, not yet signed status list of org for purpose."""
    created = StatusList(
        id=new_id("status_list"),
        org_id=org.id,
        purpose=purpose,
        size=LIST_SIZE,
        used=0,
        bits=bytes(LIST_SIZE // 8),
        credential="",
        valid_until=now,
        updated_at=now,
    )
    session.add(created)
    session.flush()
    return created


def allocate(
    session: Session, org: Organisation, purpose: str, config: IssuerConfig, now: datetime
) -> tuple[StatusList, int]:
    """Reserve a random free index in one of the body's lists for purpose."""
    status_list = _open_list(session, org, purpose, config, now)
    column = Label.revocation_index if purpose == "revocation" else Label.suspension_index
    list_column = Label.revocation_list_id if purpose == "revocation" else Label.suspension_list_id
    used = set(session.scalars(select(column).where(list_column == status_list.id)))
    index = random_free_index(used, status_list.size)
    status_list.used += 1
    if not status_list.credential:
        sign_list(session, status_list, org, config, now)
    return status_list, index


def set_bit(
    session: Session, list_id: str, index: int, value: bool, config: IssuerConfig, now: datetime
) -> None:
    """Set one status bit and re-sign the list (the caller commits)."""
    status_list = session.get(StatusList, list_id)
    if status_list is None:
        raise StatusListNotFound(f"no status list {list_id}")
    bitstring = Bitstring(size=status_list.size, bits=bytearray(status_list.bits))
    bitstring.set(index, value)
    status_list.bits = bytes(bitstring.bits)
    org = session.get(Organisation, status_list.org_id)
    assert org is not None  # a foreign key guarantees it
    sign_list(session, status_list, org, config, now)


def published_list(session: Session, list_id: str, config: IssuerConfig) -> str:
    """Return a status list credential, re-signed first if its short validity has passed."""
    now = utc_now().replace(microsecond=0)
    status_list = session.get(StatusList, list_id)
    if status_list is None:
        raise StatusListNotFound(f"no status list {list_id}")
    if status_list.valid_until <= now:
        org = session.get(Organisation, status_list.org_id)
        assert org is not None  # a foreign key guarantees it
        sign_list(session, status_list, org, config, now)
        session.commit()
    return status_list.credential
