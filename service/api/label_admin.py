"""Label status changes and endorsements by certification bodies (bearer token)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import caller, db, issuer
from service.api.label_schemas import CredentialSchema, ReasonSchema, SurveillanceQuerySchema
from service.api.public_schemas import BodyLabelListSchema, EndorsementMadeSchema, LabelStatusSchema
from service.services.labels import endorsements
from service.services.labels import lifecycle as labels

blp = Blueprint("label_admin", __name__, url_prefix="/api/v1", description="Label status")


@blp.route("/labels")
class BodyLabels(MethodView):
    """The labels a body issued."""

    @blp.arguments(SurveillanceQuerySchema, location="query")
    @blp.response(200, BodyLabelListSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """List the caller's body's labels; surveillance=true keeps only flagged ones."""
        return {"items": labels.body_labels(db(), caller(), query["surveillance"])}


@blp.route("/labels/<label_id>/suspension")
class Suspension(MethodView):
    """Suspending a label (reversible)."""

    @blp.arguments(ReasonSchema, example={"reason": "the factory failed its surveillance audit"})
    @blp.response(200, LabelStatusSchema)
    def post(self, data: dict[str, Any], label_id: str) -> Any:
        """Suspend a label of the caller's body."""
        return labels.change_status(db(), caller(), issuer(), label_id, "suspend", data["reason"])

    @blp.arguments(ReasonSchema, example={"reason": "corrective actions verified on site"})
    @blp.response(200, LabelStatusSchema)
    def delete(self, data: dict[str, Any], label_id: str) -> Any:
        """Lift a suspension."""
        return labels.change_status(db(), caller(), issuer(), label_id, "reinstate", data["reason"])


@blp.route("/labels/<label_id>/revocation")
class Revocation(MethodView):
    """Revoking a label (final)."""

    @blp.arguments(ReasonSchema, example={"reason": "the factory failed its surveillance audit"})
    @blp.response(200, LabelStatusSchema)
    def post(self, data: dict[str, Any], label_id: str) -> Any:
        """Revoke a label of the caller's body."""
        return labels.change_status(db(), caller(), issuer(), label_id, "revoke", data["reason"])


@blp.route("/endorsements")
class Endorsements(MethodView):
    """This body endorsing another recognised body's label."""

    @blp.arguments(CredentialSchema)
    @blp.response(201, EndorsementMadeSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Verify a label credential and sign this body's endorsement of it."""
        return {"endorsement": endorsements.endorse(db(), caller(), issuer(), data["credential"])}
