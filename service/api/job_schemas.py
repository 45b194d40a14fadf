"""Schemas of jobs, library versions and bulk-job requests."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from service.api.schema_fields import UtcDateTime


class JobSchema(Schema):
    """A keyed job and its progress."""

    id = fields.String()
    kind = fields.String()
    key = fields.String()
    state = fields.String(metadata={"description": "queued, running, succeeded or failed"})
    done = fields.Integer()
    total = fields.Integer()
    params = fields.Dict()
    result = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = UtcDateTime()
    started_at = UtcDateTime(allow_none=True)
    finished_at = UtcDateTime(allow_none=True)
    summary = fields.Dict(metadata={"description": "re-scoring counts (report only)"})


class RescoreInSchema(Schema):
    """Options of a re-scoring job."""

    chunk = fields.Integer(
        load_default=200,
        validate=validate.Range(min=1, max=10_000),
        metadata={"description": "BOMs per committed step"},
    )


class LibraryVersionSchema(Schema):
    """A background library version."""

    version = fields.String()
    kind = fields.String(metadata={"description": "open (our CSV files) or brightway"})
    source = fields.String()
    datasets = fields.Integer()
    licence_note = fields.String(allow_none=True)
    is_current = fields.Boolean()
    loaded_at = UtcDateTime()


class LibraryVersionListSchema(Schema):
    """Library versions, newest first."""

    items = fields.List(fields.Nested(LibraryVersionSchema))


class BomFileInSchema(Schema):
    """One BOM file of a bulk import, with the header fields of a single import."""

    product_id = fields.String(required=True)
    filename = fields.String(required=True, validate=validate.Length(min=1, max=200))
    content_base64 = fields.String(required=True)
    header = fields.Dict(load_default=dict)


class BomImportJobInSchema(Schema):
    """A bulk BOM import: the caller's key makes a retried request find the same job."""

    key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    files = fields.List(fields.Nested(BomFileInSchema), required=True)


class CertificatesJobInSchema(Schema):
    """Rendering many labels' PDF certificates."""

    key = fields.String(required=True, validate=validate.Length(min=1, max=200))
    labels = fields.List(fields.String(), required=True)
