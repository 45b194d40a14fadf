"""The certification workflow over HTTP: applications, review, decisions, comments."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.application_schemas import (
    ApplicationListSchema,
    ApplicationSchema,
    CommentListSchema,
    CommentSchema,
    Decided,
    DecisionSchema,
    EventListSchema,
    ReviewSheetSchema,
)
from service.api.blueprint import Blueprint
from service.api.context import caller, db, issuer, runtime
from service.api.workflow_schemas import (
    ApplyInSchema,
    CommentInSchema,
    DecisionInSchema,
    ReasonInSchema,
    ReviewInSchema,
    RevisionInSchema,
    StatusQuerySchema,
)
from service.services.certification import applications
from service.services.certification import history as application_history
from service.services.certification.review_sheet import review_sheet

APPLY_EXAMPLE = {
    "certification_body": "org_body_id",
    "metered_energy": {"annual_site_energy_kwh": "120000", "annual_production_units": "50000"},
    "submit": True,
}

blp = Blueprint(
    "applications", __name__, url_prefix="/api/v1", description="Certification workflow"
)


@blp.route("/boms/<bom_id>/applications")
class BomApplications(MethodView):
    """Applying for a label."""

    @blp.arguments(ApplyInSchema, example=APPLY_EXAMPLE)
    @blp.response(201, ApplicationSchema)
    def post(self, data: dict[str, Any], bom_id: str) -> Any:
        """Apply to a certification body for a label on this calculated BOM version."""
        application = applications.apply(
            db(),
            caller(),
            bom_id,
            data["certification_body"],
            data.get("metered_energy"),
            data["submit"],
        )
        return application


@blp.route("/applications")
class Applications(MethodView):
    """The applications the caller may see."""

    @blp.arguments(StatusQuerySchema, location="query")
    @blp.response(200, ApplicationListSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """List the caller's applications (manufacturer) or its body's queue (certifiers)."""
        found = applications.list_applications(db(), caller(), query.get("status"))
        return {"items": found}


@blp.route("/applications/<application_id>")
class ApplicationItem(MethodView):
    """One application with its whole calculation explained."""

    @blp.response(200, ReviewSheetSchema)
    def get(self, application_id: str) -> Any:
        """Read the application: lines with datasets, shares, flags, comments, history."""
        return review_sheet(db(), caller(), runtime(), application_id)


@blp.route("/applications/<application_id>/submission")
class Submission(MethodView):
    """Submitting a draft."""

    @blp.response(200, ApplicationSchema)
    def post(self, application_id: str) -> Any:
        """Submit a draft application to the certification body."""
        return applications.submit(db(), caller(), application_id)


@blp.route("/applications/<application_id>/assignment")
class Assignment(MethodView):
    """A reviewer taking an application."""

    @blp.response(200, ApplicationSchema)
    def post(self, application_id: str) -> Any:
        """Start reviewing a submitted or resubmitted application."""
        return applications.start_review(db(), caller(), application_id)


@blp.route("/applications/<application_id>/comments")
class Comments(MethodView):
    """Comments on an application."""

    @blp.arguments(CommentInSchema)
    @blp.response(201, CommentSchema)
    def post(self, data: dict[str, Any], application_id: str) -> Any:
        """Comment, optionally on one BOM line (line_ref)."""
        comment = application_history.add_comment(
            db(), caller(), application_id, data.get("line_ref"), data["text"]
        )
        return comment

    @blp.response(200, CommentListSchema)
    def get(self, application_id: str) -> Any:
        """List the comments, oldest first."""
        found = application_history.application_comments(db(), caller(), application_id)
        return {"items": found}


@blp.route("/applications/<application_id>/review")
class Review(MethodView):
    """A reviewer's outcome."""

    @blp.arguments(ReviewInSchema, example={"outcome": "recommend_approval", "note": "checked"})
    @blp.response(200, ApplicationSchema)
    def post(self, data: dict[str, Any], application_id: str) -> Any:
        """Recommend approval or request changes."""
        application = applications.review(
            db(), caller(), application_id, data["outcome"], data["note"]
        )
        return application


@blp.route("/applications/<application_id>/revisions")
class Revisions(MethodView):
    """Answers to requested changes."""

    @blp.arguments(RevisionInSchema)
    @blp.response(200, ApplicationSchema)
    def post(self, data: dict[str, Any], application_id: str) -> Any:
        """Resubmit with a newer, calculated BOM version of the same product."""
        return applications.revise(db(), caller(), application_id, data["bom_id"])


@blp.route("/applications/<application_id>/decision")
class Decision(MethodView):
    """The certification decision."""

    @blp.arguments(DecisionInSchema, example={"decision": "approve", "note": "all checks passed"})
    @blp.response(200, DecisionSchema)
    def post(self, data: dict[str, Any], application_id: str) -> Any:
        """Approve or reject (a decision maker of the body who is not the reviewer)."""
        return Decided(
            *applications.decide(
                db(), caller(), issuer(), application_id, data["decision"], data["note"]
            )
        )


@blp.route("/applications/<application_id>/withdrawal")
class Withdrawal(MethodView):
    """Withdrawing before a decision."""

    @blp.arguments(ReasonInSchema)
    @blp.response(200, ApplicationSchema)
    def post(self, data: dict[str, Any], application_id: str) -> Any:
        """Withdraw the application (manufacturer)."""
        return applications.withdraw(db(), caller(), application_id, data["reason"])


@blp.route("/applications/<application_id>/events")
class Events(MethodView):
    """The audit trail."""

    @blp.response(200, EventListSchema)
    def get(self, application_id: str) -> Any:
        """List the application's hash-chained audit events."""
        return {"items": application_history.application_events(db(), caller(), application_id)}
