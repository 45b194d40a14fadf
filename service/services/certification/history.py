"""Comments and the audit trail of an application: what was said and what happened."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import Role
from service.domain.workflow import FINAL, State
from service.errors import ApplicationClosed, Forbidden, ValidationFailed
from service.persistence.certification import AuditEvent, Comment
from service.services.certification import audit
from service.services.certification.applications import (
    CERTIFIER_ROLES,
    require_independent,
    visible_application,
)
from service.services.context import Caller, utc_now


def add_comment(
    session: Session, caller: Caller, application_id: str, line_ref: str | None, text: str
) -> Comment:
    """Comment on an application, optionally on one line of the BOM under review."""
    application = visible_application(session, caller, application_id)
    if caller.org_id == application.body_org_id:
        if caller.role not in CERTIFIER_ROLES:
            raise Forbidden("only certifiers comment for the body")
        require_independent(session, caller, application)
    elif caller.role != Role.MANUFACTURER:
        raise Forbidden("only the manufacturer or the body may comment")
    if State(application.state) in FINAL:
        raise ApplicationClosed(f"the application is {application.state}; comments are closed")
    refs = {line["ref"] for line in application.bom.document["lines"]}
    if line_ref is not None and line_ref not in refs:
        raise ValidationFailed("unknown line", {"/line_ref": [f"no line {line_ref!r} in the BOM"]})
    if not text.strip():
        raise ValidationFailed("empty comment", {"/text": ["must not be empty"]})
    now = utc_now()
    comment = Comment(
        id=new_id("comment"),
        application_id=application.id,
        author_id=caller.user_id,
        line_ref=line_ref,
        text=text.strip(),
        created_at=now,
    )
    session.add(comment)
    audit.record(
        session,
        application,
        "comment",
        caller.user_id,
        {"comment_id": comment.id, "line_ref": line_ref, "text": comment.text},
        now,
    )
    session.commit()
    return comment


def comments_of(session: Session, application_id: str) -> list[Comment]:
    """Return an application's comments, oldest first."""
    query = (
        select(Comment)
        .where(Comment.application_id == application_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return list(session.scalars(query))


def application_comments(session: Session, caller: Caller, application_id: str) -> list[Comment]:
    """Return the comments of an application the caller may see."""
    visible_application(session, caller, application_id)
    return comments_of(session, application_id)


def application_events(session: Session, caller: Caller, application_id: str) -> list[AuditEvent]:
    """Return the audit events of an application the caller may see."""
    visible_application(session, caller, application_id)
    return audit.events_of(session, application_id)
