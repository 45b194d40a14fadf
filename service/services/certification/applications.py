"""The certification workflow's use cases: apply, review, revise, decide, withdraw, comment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import OrgKind, Role
from service.domain.workflow import FINAL, Action, IllegalTransition, State, next_state
from service.errors import (
    ApplicationNotFound,
    ApplicationStillOpen,
    Conflict,
    Forbidden,
    NotCalculated,
    TransitionRefused,
    ValidationFailed,
)
from service.persistence.certification import Application, Submission
from service.persistence.models import Calculation, Organisation, User
from service.services.certification import audit
from service.services.context import Caller, IssuerConfig, utc_now
from service.services.footprints.boms import visible_bom
from service.services.labels.issuance import on_approved

CERTIFIER_ROLES = (Role.REVIEWER, Role.DECISION_MAKER)


def visible_application(session: Session, caller: Caller, application_id: str) -> Application:
    """Return an application the caller may see (its manufacturer or its body), else NotFound."""
    application = session.get(Application, application_id)
    if application is None or caller.org_id not in (
        application.manufacturer_org_id,
        application.body_org_id,
    ):
        raise ApplicationNotFound(f"no application {application_id}")
    return application


def _latest_calculation(session: Session, bom_id: str) -> Calculation:
    calculation = session.scalars(
        select(Calculation)
        .where(Calculation.bom_id == bom_id)
        .order_by(Calculation.computed_at.desc(), Calculation.id)
        .limit(1)
    ).first()
    if calculation is None:
        raise NotCalculated(f"BOM {bom_id} has no calculation yet: calculate it before applying")
    return calculation


def _transition(
    session: Session,
    application: Application,
    caller: Caller,
    action: Action,
    payload: dict[str, Any] | None = None,
) -> None:
    try:
        state = next_state(State(application.state), action)
    except IllegalTransition as error:
        raise TransitionRefused(str(error)) from None
    now = utc_now()
    body = {"from": application.state, "to": state.value} | (payload or {})
    application.state = state.value
    application.updated_at = now
    audit.record(session, application, action.value, caller.user_id, body, now)


def _require_certifier(
    session: Session, caller: Caller, application: Application, role: Role
) -> None:
    if caller.role != role or caller.org_id != application.body_org_id:
        raise Forbidden(f"only a {role.value} of {application.body.name} may do this")
    require_independent(session, caller, application)


def require_independent(session: Session, caller: Caller, application: Application) -> None:
    user = session.get(User, caller.user_id)
    affiliations = set(user.affiliations or []) if user else set()
    if application.manufacturer_org_id in affiliations | {caller.org_id}:
        raise Forbidden("a certifier may not act on an application of their own organisation")


def _metered(data: dict[str, Any] | None) -> dict[str, str] | None:
    if not data:
        return None
    return {key: str(value) for key, value in data.items()}


def apply(
    session: Session,
    caller: Caller,
    bom_id: str,
    body_org_id: str,
    metered_energy: dict[str, Decimal] | None = None,
    submit: bool = True,
) -> Application:
    """Apply to a certification body for a label on a calculated BOM version."""
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only a manufacturer applies for a label")
    bom = visible_bom(session, caller, bom_id)
    body = session.get(Organisation, body_org_id)
    if body is None or body.kind != OrgKind.CERTIFICATION_BODY:
        raise ValidationFailed(
            "unknown certification body", {"/certification_body": ["is not a certification body"]}
        )
    calculation = _latest_calculation(session, bom.id)
    open_states = [s.value for s in State if s not in FINAL]
    duplicate = session.scalar(
        select(Application.id).where(
            Application.product_id == bom.product_id,
            Application.body_org_id == body.id,
            Application.state.in_(open_states),
        )
    )
    if duplicate:
        raise ApplicationStillOpen(
            f"application {duplicate} for this product is still open with this body"
        )
    now = utc_now()
    application = Application(
        id=new_id("application"),
        product_id=bom.product_id,
        manufacturer_org_id=caller.org_id,
        body_org_id=body.id,
        state=State.DRAFT.value,
        bom_id=bom.id,
        calculation_id=calculation.id,
        metered_energy=_metered(metered_energy),
        created_at=now,
        updated_at=now,
    )
    session.add(application)
    session.add(
        Submission(
            id=new_id("submission"),
            application_id=application.id,
            number=1,
            bom_id=bom.id,
            calculation_id=calculation.id,
            submitted_at=now,
        )
    )
    audit.record(
        session,
        application,
        "created",
        caller.user_id,
        {
            "bom_id": bom.id,
            "calculation_id": calculation.id,
            "body": body.id,
            "total_kg_co2e": calculation.total_kg_co2e,
        },
        now,
    )
    if submit:
        _transition(session, application, caller, Action.SUBMIT)
    session.commit()
    return application


def submit(session: Session, caller: Caller, application_id: str) -> Application:
    """Submit a draft application."""
    application = _own(session, caller, application_id)
    _transition(session, application, caller, Action.SUBMIT)
    session.commit()
    return application


def _own(session: Session, caller: Caller, application_id: str) -> Application:
    application = visible_application(session, caller, application_id)
    if caller.role != Role.MANUFACTURER or application.manufacturer_org_id != caller.org_id:
        raise Forbidden("only the applying manufacturer may do this")
    return application


def list_applications(session: Session, caller: Caller, state: str | None) -> list[Application]:
    """Return what the caller may see: its own applications, or those sent to its body."""
    query = select(Application)
    if caller.role == Role.MANUFACTURER:
        query = query.where(Application.manufacturer_org_id == caller.org_id)
    elif caller.role in CERTIFIER_ROLES:
        query = query.where(Application.body_org_id == caller.org_id)
    else:
        raise Forbidden("only manufacturers and certifiers have applications")
    if state:
        if state not in set(State):
            raise ValidationFailed(
                "unknown state", {"/status": [f"must be one of {', '.join(State)}"]}
            )
        query = query.where(Application.state == state)
    return list(session.scalars(query.order_by(Application.updated_at.desc(), Application.id)))


def start_review(session: Session, caller: Caller, application_id: str) -> Application:
    """A reviewer of the body takes a submitted or resubmitted application."""
    application = visible_application(session, caller, application_id)
    _require_certifier(session, caller, application, Role.REVIEWER)
    _transition(session, application, caller, Action.START_REVIEW)
    application.reviewer_id = caller.user_id
    session.commit()
    return application


def review(
    session: Session, caller: Caller, application_id: str, outcome: str, note: str
) -> Application:
    """Record a reviewer's outcome: recommend approval or request changes."""
    application = visible_application(session, caller, application_id)
    _require_certifier(session, caller, application, Role.REVIEWER)
    if application.state in (State.SUBMITTED, State.RESUBMITTED):
        _transition(session, application, caller, Action.START_REVIEW)
        application.reviewer_id = caller.user_id
    elif application.reviewer_id not in (None, caller.user_id):
        raise Conflict("another reviewer holds this application")
    action = Action.RECOMMEND if outcome == "recommend_approval" else Action.REQUEST_CHANGES
    application.reviewer_id = caller.user_id
    _transition(session, application, caller, action, {"note": note})
    session.commit()
    return application


def revise(session: Session, caller: Caller, application_id: str, bom_id: str) -> Application:
    """Answer requested changes with a newer, calculated BOM version of the same product."""
    application = _own(session, caller, application_id)
    bom = visible_bom(session, caller, bom_id)
    if bom.product_id != application.product_id:
        raise ValidationFailed("wrong product", {"/bom_id": ["must be a BOM of the same product"]})
    if bom.version <= application.bom.version:
        raise ValidationFailed(
            "not a revision", {"/bom_id": ["must be newer than the version under review"]}
        )
    calculation = _latest_calculation(session, bom.id)
    _transition(
        session,
        application,
        caller,
        Action.RESUBMIT,
        {
            "bom_id": bom.id,
            "calculation_id": calculation.id,
            "total_kg_co2e": calculation.total_kg_co2e,
        },
    )
    number = session.scalar(
        select(func.max(Submission.number)).where(Submission.application_id == application.id)
    )
    session.add(
        Submission(
            id=new_id("submission"),
            application_id=application.id,
            number=(number or 0) + 1,
            bom_id=bom.id,
            calculation_id=calculation.id,
            submitted_at=utc_now(),
        )
    )
    # Through the relationships, so that the answer does not show the old version's figures.
    application.bom = bom
    application.calculation = calculation
    session.commit()
    return application


def decide(
    session: Session,
    caller: Caller,
    issuer: IssuerConfig,
    application_id: str,
    decision: str,
    note: str,
) -> tuple[Application, str | None]:
    """A decision maker other than the reviewer approves or rejects; approval issues the label."""
    application = visible_application(session, caller, application_id)
    _require_certifier(session, caller, application, Role.DECISION_MAKER)
    if caller.user_id == application.reviewer_id:
        raise Forbidden("the decision maker must not be the reviewer of this application")
    if decision == "reject" and not note.strip():
        raise ValidationFailed("a rejection needs a reason", {"/note": ["give the reason"]})
    action = Action.APPROVE if decision == "approve" else Action.REJECT
    _transition(session, application, caller, action, {"note": note})
    application.decided_by_id = caller.user_id
    application.decision_note = note
    label_id = None
    if action == Action.APPROVE:
        label_id = on_approved(session, application, caller, issuer)
    session.commit()
    return application, label_id


def withdraw(session: Session, caller: Caller, application_id: str, reason: str) -> Application:
    """The manufacturer withdraws an application before a decision."""
    application = _own(session, caller, application_id)
    _transition(session, application, caller, Action.WITHDRAW, {"reason": reason})
    session.commit()
    return application
