"""Response schemas of labels, verification, the trust registry and the transparency log."""

from __future__ import annotations

from marshmallow import Schema, fields

from service.api.schema_fields import UtcDateTime
from service.domain.label_status import LabelStatus

_STATUSES = {"enum": [s.value for s in LabelStatus]}


class IssuerSchema(Schema):
    """The certification body that issued a label."""

    id = fields.String(allow_none=True, metadata={"description": "the body's DID"})
    name = fields.String()
    jurisdiction = fields.String(allow_none=True)
    accreditation = fields.String(allow_none=True)


class EndorsementOutSchema(Schema):
    """Another recognised body's endorsement of a label."""

    endorser = fields.String(metadata={"description": "the endorsing body's DID"})
    recognised_in = fields.String()
    credential = fields.String(metadata={"description": "the endorsement (vc+jwt)"})


class ReceiptSchema(Schema):
    """An RFC 9162 inclusion receipt against a signed checkpoint (hashes in base64)."""

    index = fields.Integer()
    tree_size = fields.Integer()
    leaf_hash = fields.String()
    audit_path = fields.List(fields.String())
    checkpoint = fields.String(metadata={"description": "the C2SP signed checkpoint note"})


class PublicLabelSchema(Schema):
    """What anyone may know of a label."""

    label_id = fields.String()
    status = fields.String(metadata=_STATUSES)
    status_reason = fields.String(allow_none=True)
    credential = fields.String(metadata={"description": "the label credential (vc+jwt)"})
    issuer = fields.Nested(IssuerSchema)
    subject = fields.Dict(metadata={"description": "the credential's credentialSubject"})
    valid_from = fields.String(metadata={"format": "date-time"})
    valid_until = fields.String(metadata={"format": "date-time"})
    credential_status = fields.Raw(metadata={"description": "the credential's credentialStatus"})
    endorsements = fields.List(fields.Nested(EndorsementOutSchema))
    log_receipt = fields.Nested(ReceiptSchema)
    surveillance_note = fields.String(allow_none=True)
    untp_dcc = fields.Dict(
        allow_none=True,
        metadata={
            "description": "the label's UNTP Digital Conformity Credential as an "
            "EnvelopedVerifiableCredential (id: data:application/vc+jwt,<JWT>); null for "
            "labels issued before DCCs"
        },
    )
    untp_dcc_log_receipt = fields.Nested(ReceiptSchema, allow_none=True)


class LabelStatusSchema(Schema):
    """A label's status after a change."""

    label_id = fields.String(attribute="id")
    status = fields.String(metadata=_STATUSES)
    reason = fields.String(attribute="status_reason", allow_none=True)


class BodyLabelSchema(Schema):
    """A label in its issuing body's list."""

    label_id = fields.String()
    status = fields.String(metadata=_STATUSES)
    certified_kg_co2e = fields.String()
    valid_until = UtcDateTime()
    surveillance_note = fields.String(allow_none=True)
    application_id = fields.String()


class BodyLabelListSchema(Schema):
    """The labels of the caller's body, newest first."""

    items = fields.List(fields.Nested(BodyLabelSchema))


class EndorsementMadeSchema(Schema):
    """This body's signed endorsement of another body's label."""

    endorsement = fields.String(metadata={"description": "the endorsement credential (vc+jwt)"})


class EndorsementAcceptedSchema(Schema):
    """Who endorsed the label, and where that body is recognised."""

    endorser = fields.String()
    recognised_in = fields.String()


class VerifiedEndorsementSchema(Schema):
    """An endorsement that verified."""

    endorser = fields.String()
    name = fields.String(allow_none=True)
    recognised_in = fields.String()


class VerificationSchema(Schema):
    """The answer of a verification: each check, the status, and why it failed."""

    verified = fields.Boolean()
    status = fields.String(metadata={"description": "valid, suspended, revoked, expired, ..."})
    checks = fields.Dict(keys=fields.String(), values=fields.Boolean())
    errors = fields.List(fields.String())
    endorsements = fields.List(fields.Nested(VerifiedEndorsementSchema))
    label_id = fields.String(allow_none=True)
    issuer = fields.Raw(metadata={"description": "the credential's issuer (a DID or an object)"})
    credential_type = fields.String(
        allow_none=True,
        metadata={"description": "label (CarbonFootprintLabelCredential) or dcc (UNTP DCC)"},
    )


class HostedBodySchema(Schema):
    """A certification body hosted by this service."""

    id = fields.String()
    did = fields.String(allow_none=True)
    name = fields.String()
    jurisdiction = fields.String(allow_none=True)
    accreditation = fields.String(allow_none=True)
    label_code = fields.String(allow_none=True)
    did_document = fields.String(
        allow_none=True,
        metadata={"format": "uri", "description": "null when the body's DID names another host"},
    )


class HostedBodyListSchema(Schema):
    """The hosted bodies."""

    items = fields.List(fields.Nested(HostedBodySchema))


class LogKeySchema(Schema):
    """The log's origin line and its checkpoints' note verifier key."""

    origin = fields.String()
    verifier_key = fields.String()


class InclusionProofSchema(Schema):
    """An audit path (base64 hashes)."""

    index = fields.Integer()
    tree_size = fields.Integer()
    audit_path = fields.List(fields.String())


class ConsistencyProofSchema(Schema):
    """A consistency proof (base64 hashes)."""

    first = fields.Integer()
    second = fields.Integer()
    proof = fields.List(fields.String())


class LogEntrySchema(Schema):
    """A log entry under an issuer."""

    index = fields.Integer()
    kind = fields.String()
    subject = fields.String()
    issuer = fields.String(allow_none=True)
    created_at = UtcDateTime()
    entry = fields.String()


class LogEntryListSchema(Schema):
    """A page of log entries."""

    items = fields.List(fields.Nested(LogEntrySchema))


def text_response(content_type: str, description: str) -> dict[str, object]:
    """Return the OpenAPI response of a body that is not JSON (a token, a note, a file)."""
    schema = {"type": "string"}
    if not content_type.startswith("text/") and content_type != "application/vc+jwt":
        schema["format"] = "binary"
    return {"description": description, "content": {content_type: {"schema": schema}}}
