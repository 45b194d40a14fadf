"""Request schemas of the certification workflow API."""

from __future__ import annotations

from marshmallow import fields, validate

from service.api.schema_fields import Upload
from service.services.footprints.bom_schema import DecimalString, TextSafeSchema, non_negative

_ID = validate.Length(min=1, max=40)
_NOTE = validate.Length(max=4000)


class MeteredEnergySchema(TextSafeSchema):
    """Metered annual site energy and production, for the metered-vs-model flag."""

    annual_site_energy_kwh = DecimalString(required=True, validate=non_negative)
    annual_production_units = DecimalString(required=True, validate=non_negative)


class ApplyInSchema(TextSafeSchema):
    """An application for a label."""

    certification_body = fields.String(required=True, validate=_ID)
    metered_energy = fields.Nested(MeteredEnergySchema)
    submit = fields.Boolean(load_default=True)


class StatusQuerySchema(TextSafeSchema):
    """Filter applications by state."""

    status = fields.String(validate=validate.Length(max=32))


class CommentInSchema(TextSafeSchema):
    """A comment, optionally on one BOM line."""

    line_ref = fields.String(validate=validate.Length(min=1, max=100), allow_none=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class ReviewInSchema(TextSafeSchema):
    """A reviewer's outcome."""

    outcome = fields.String(
        required=True, validate=validate.OneOf(["recommend_approval", "request_changes"])
    )
    note = fields.String(load_default="", validate=_NOTE)


class RevisionInSchema(TextSafeSchema):
    """A revised BOM version answering requested changes."""

    bom_id = fields.String(required=True, validate=_ID)


class DecisionInSchema(TextSafeSchema):
    """A decision maker's decision."""

    decision = fields.String(required=True, validate=validate.OneOf(["approve", "reject"]))
    note = fields.String(load_default="", validate=_NOTE)


class ReasonInSchema(TextSafeSchema):
    """A reason for withdrawing."""

    reason = fields.String(load_default="", validate=_NOTE)


class EvidenceUploadSchema(TextSafeSchema):
    """The evidence file (PDF, PNG, JPEG or CSV, at most 10 MB) and its application, if any."""

    application_id = fields.String(validate=_ID)
    file = Upload(required=True)
