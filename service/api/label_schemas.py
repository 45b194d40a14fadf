"""Request schemas of the label and verification API."""

from __future__ import annotations

from marshmallow import fields, validate

from service.services.footprints.bom_schema import TextSafeSchema

_TOKEN = validate.Length(min=1, max=200_000)


class ReasonSchema(TextSafeSchema):
    """Why a label's status changes."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class CredentialSchema(TextSafeSchema):
    """A credential to verify or endorse, as a compact JWS (vc+jwt)."""

    credential = fields.String(required=True, validate=_TOKEN)


class EndorsementSchema(TextSafeSchema):
    """Another body's endorsement credential (vc+jwt) of this label."""

    endorsement = fields.String(required=True, validate=_TOKEN)


class InclusionQuerySchema(TextSafeSchema):
    """Which entry, in which tree size."""

    index = fields.Integer(required=True, validate=validate.Range(min=0))
    tree_size = fields.Integer(required=True, validate=validate.Range(min=1))


class ConsistencyQuerySchema(TextSafeSchema):
    """Two tree sizes, first <= second."""

    first = fields.Integer(required=True, validate=validate.Range(min=1))
    second = fields.Integer(required=True, validate=validate.Range(min=1))


class EntriesQuerySchema(TextSafeSchema):
    """A monitor's page of entries under one issuer."""

    issuer = fields.String(required=True, validate=validate.Length(min=1, max=300))
    start = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class SurveillanceQuerySchema(TextSafeSchema):
    """Only labels under surveillance?"""

    surveillance = fields.Boolean(load_default=False)
