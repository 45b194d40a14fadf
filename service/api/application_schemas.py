"""Response schemas of the certification workflow: applications, review sheets, evidence.

The schemas dump the use cases' objects directly (an Application, a Comment, ...), so the
documented shape and the sent shape are one thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, post_dump, pre_dump

from service.api.schema_fields import UtcDateTime
from service.domain.workflow import State, allowed_actions


class DeclaredUnitOutSchema(Schema):
    """The unit a footprint is declared per."""

    amount = fields.String()
    unit = fields.String()


class ProductSummarySchema(Schema):
    """The product an application is for."""

    id = fields.String()
    sku = fields.String()
    gtin = fields.String(allow_none=True)
    names = fields.Dict(keys=fields.String(), values=fields.String())
    declared_unit = fields.Method("_declared_unit")

    def _declared_unit(self, product: Any) -> dict[str, str]:
        return {"amount": product.declared_amount, "unit": product.declared_unit}


class OrganisationRefSchema(Schema):
    """An organisation by id and name."""

    id = fields.String()
    name = fields.String()


class BodyRefSchema(Schema):
    """The certification body applied to."""

    id = fields.String()
    name = fields.String()
    jurisdiction = fields.String(allow_none=True)
    accreditation = fields.String(allow_none=True)
    did = fields.String(allow_none=True)


class ApplicationSchema(Schema):
    """An application's summary with the actions its state allows."""

    id = fields.String()
    state = fields.String(metadata={"enum": [s.value for s in State]})
    allowed_actions = fields.Method(
        "_allowed", metadata={"type": "array", "items": {"type": "string"}}
    )
    product = fields.Nested(ProductSummarySchema)
    manufacturer = fields.Nested(OrganisationRefSchema)
    certification_body = fields.Nested(BodyRefSchema, attribute="body")
    bom_id = fields.String()
    bom_version = fields.Integer(attribute="bom.version")
    calculation_id = fields.String()
    total_kg_co2e = fields.String(attribute="calculation.total_kg_co2e")
    metered_energy = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True)
    reviewer_id = fields.String(allow_none=True)
    decided_by_id = fields.String(allow_none=True)
    decision_note = fields.String(allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime(allow_none=True)

    def _allowed(self, application: Any) -> list[str]:
        return [action.value for action in allowed_actions(State(application.state))]


class ApplicationListSchema(Schema):
    """Applications the caller may see."""

    items = fields.List(fields.Nested(ApplicationSchema))


@dataclass(frozen=True)
class Decided:
    """A decided application and the label an approval issued (flask-smorest reads a returned
    tuple as body and status, so the pair travels as one object)."""

    application: Any
    label_id: str | None


class DecisionSchema(ApplicationSchema):
    """The decided application; an approval names the label it issued."""

    label_id = fields.String(metadata={"description": "present when the label was issued"})

    @pre_dump
    def _application(self, decided: Decided, **kwargs: Any) -> Any:
        return decided.application

    @post_dump(pass_original=True)
    def _label(self, data: dict[str, Any], decided: Decided, **kwargs: Any) -> dict[str, Any]:
        if decided.label_id is not None:
            data["label_id"] = decided.label_id
        return data


class AuthorSchema(Schema):
    """The author of a comment."""

    id = fields.String()
    email = fields.String()
    role = fields.String()


class CommentSchema(Schema):
    """A comment, optionally on one BOM line."""

    id = fields.String()
    line_ref = fields.String(allow_none=True)
    text = fields.String()
    author = fields.Nested(AuthorSchema)
    created_at = UtcDateTime()


class CommentListSchema(Schema):
    """Comments, oldest first."""

    items = fields.List(fields.Nested(CommentSchema))


class EventSchema(Schema):
    """An audit event with its chain hashes."""

    seq = fields.Integer()
    kind = fields.String()
    actor_id = fields.String(allow_none=True)
    payload = fields.Dict()
    # Microseconds: the hash chain covers the exact time (service.domain.audit).
    created_at = UtcDateTime(microseconds=True)
    previous_hash = fields.String()
    hash = fields.String()


class EventListSchema(Schema):
    """Hash-chained audit events, in order."""

    items = fields.List(fields.Nested(EventSchema))


class SubmissionSchema(Schema):
    """One submitted BOM version."""

    number = fields.Integer()
    bom_id = fields.String()
    calculation_id = fields.String()
    submitted_at = UtcDateTime()


class FlagSchema(Schema):
    """A reviewer's flag on the footprint or on one line."""

    code = fields.String()
    message = fields.String()
    line_ref = fields.String(allow_none=True)
    details = fields.Dict()


class ReviewSheetSchema(ApplicationSchema):
    """The application with its calculation explained line by line, flags and history."""

    calculation = fields.Dict(
        attribute="sheet_calculation",
        metadata={"description": "the stored calculation result and its id"},
    )
    library = fields.String()
    lines = fields.List(fields.Dict(), metadata={"description": "result lines with their inputs"})
    flags = fields.List(fields.Nested(FlagSchema))
    comments = fields.List(fields.Nested(CommentSchema))
    submissions = fields.List(fields.Nested(SubmissionSchema))
    events = fields.List(fields.Nested(EventSchema))

    @pre_dump
    def _flatten(self, sheet: dict[str, Any], **kwargs: Any) -> _Sheet:
        return _Sheet(sheet)


class _Sheet:
    """A review sheet read as one object: the application's attributes and the sheet's parts."""

    PARTS = frozenset({"library", "lines", "flags", "comments", "submissions", "events"})

    def __init__(self, sheet: dict[str, Any]) -> None:
        self._sheet = sheet

    def __getattr__(self, name: str) -> Any:
        if name == "sheet_calculation":
            return self._sheet["calculation"]
        if name in self.PARTS:
            return self._sheet[name]
        return getattr(self._sheet["application"], name)


class EvidenceSchema(Schema):
    """Evidence metadata; the content has its own URL."""

    id = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    sha256 = fields.String()
    application_id = fields.String(allow_none=True)
    created_at = UtcDateTime()
    content_url = fields.Method("_content_url")

    def _content_url(self, evidence: Any) -> str:
        return f"/api/v1/evidence/{evidence.id}/content"
