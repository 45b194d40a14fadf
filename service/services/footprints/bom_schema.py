"""The shape of a BOM document (marshmallow) and JSON-pointer error paths."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from lca_models import BOUNDARY_STAGES, EMISSION_SUBSTANCES, STAGES
from service.domain.decimals import parse_decimal, to_text

MAX_LINES = 5000
DATA_KINDS = ("primary", "secondary")


class DecimalString(fields.Field[Decimal]):
    """A decimal given as a JSON string or number, presented as a string."""

    default_error_messages = {"invalid": "must be a decimal number"}  # noqa: RUF012

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def _serialize(self, value: Decimal | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else to_text(value)


def non_negative(value: Decimal) -> None:
    if value < 0:
        raise ValidationError("must be >= 0")


def _positive(value: Decimal) -> None:
    if value <= 0:
        raise ValidationError("must be > 0")


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an unpaired surrogate, e.g. from a "\ud800" JSON escape
        return False
    return True


def _text_problems(value: Any) -> Any:
    """Return nested error messages for strings no database stores (NUL, lone surrogates)."""
    if isinstance(value, str):
        return None if _storable(value) else ["must not contain NUL or unpaired surrogates"]
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    found = {}
    for key, item in items:
        problem = _text_problems(key) or _text_problems(item)
        if problem:
            found[key] = problem
    return found or None


class TextSafeSchema(Schema):
    """A schema refusing, with 422 and pointers, text PostgreSQL or UTF-8 cannot hold."""

    @pre_load
    def _safe_text(self, data: Any, **kwargs: Any) -> Any:
        problems = _text_problems(data) if isinstance(data, dict) else None
        if problems:
            raise ValidationError(problems)
        return data


class EmissionSchema(Schema):
    """A direct emission of a named substance."""

    substance = fields.String(required=True, validate=validate.OneOf(EMISSION_SUBSTANCES))
    amount = DecimalString(required=True, validate=non_negative)
    unit = fields.String(required=True, validate=validate.Length(min=1, max=16))


class ComponentSchema(Schema):
    """A sub-assembly: another BOM of the same manufacturer, or a certified label."""

    bom_id = fields.String(validate=validate.Length(min=1, max=40))
    label_id = fields.String(validate=validate.Length(min=1, max=40))

    @validates_schema
    def _exactly_one(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("bom_id" in data) == ("label_id" in data):
            raise ValidationError("give exactly one of bom_id or label_id", "bom_id")


class LineSchema(Schema):
    """One BOM line: exactly one of activity, emissions or component."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=100))
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    activity = fields.String(validate=validate.Length(min=1, max=200))
    emissions = fields.List(fields.Nested(EmissionSchema), validate=validate.Length(min=1, max=100))
    component = fields.Nested(ComponentSchema)
    amount = DecimalString(validate=non_negative)
    unit = fields.String(validate=validate.Length(min=1, max=16))
    data = fields.String(load_default="secondary", validate=validate.OneOf(DATA_KINDS))
    evidence = fields.List(fields.String(validate=validate.Length(min=1, max=40)))
    note = fields.String(validate=validate.Length(max=2000))

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **kwargs: Any) -> None:
        kinds = [k for k in ("activity", "emissions", "component") if k in data]
        if len(kinds) != 1:
            raise ValidationError(
                "a line has exactly one of activity, emissions or component", "activity"
            )
        if kinds[0] == "emissions":
            for key in ("amount", "unit"):
                if key in data:
                    raise ValidationError("emission lines give amounts per substance", key)
        else:
            for key in ("amount", "unit"):
                if key not in data:
                    raise ValidationError("Missing data for required field.", key)


class PeriodSchema(Schema):
    """The data reference period: start inclusive, end exclusive."""

    start = fields.Date(required=True)
    end = fields.Date(required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["start"] >= data["end"]:
            raise ValidationError("must be after start", "end")


class SiteSchema(Schema):
    """Where the product is made."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    region = fields.String(required=True, validate=validate.Length(min=2, max=16))


class BomSchema(TextSafeSchema):
    """A bill of materials for one declared unit of a product."""

    system_boundary = fields.String(required=True, validate=validate.OneOf(BOUNDARY_STAGES))
    reference_period = fields.Nested(PeriodSchema, required=True)
    site = fields.Nested(SiteSchema, required=True)
    lines = fields.List(
        fields.Nested(LineSchema), required=True, validate=validate.Length(min=1, max=MAX_LINES)
    )


def pointer_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow's nested error messages into JSON pointer -> messages."""
    if isinstance(messages, list):
        return {prefix or "/": [str(m) for m in messages]}
    if isinstance(messages, str):
        return {prefix or "/": [messages]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        token = str(key).replace("~", "~0").replace("/", "~1")
        # marshmallow files schema-level errors under "_schema"; they belong to the object.
        path = prefix if key == "_schema" else f"{prefix}/{token}"
        for pointer, texts in pointer_errors(value, path).items():
            flat.setdefault(pointer, []).extend(texts)
    return flat
