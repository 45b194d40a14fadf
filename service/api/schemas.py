"""Request and response schemas of the API (marshmallow; documented in OpenAPI)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

from service.domain.gtin import gtin_problem
from service.services.footprints.bom_schema import DecimalString, TextSafeSchema, non_negative

LANGUAGES = ("zh-Hans", "zh-Hant", "en", "pt")
# API.md: time stamps are UTC ISO 8601 with Z (the stored datetimes are UTC-aware).
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class DeclaredUnitSchema(Schema):
    """The unit a footprint is declared per."""

    amount = DecimalString(required=True)
    unit = fields.String(required=True, validate=validate.Length(min=1, max=16))


class ProductInSchema(TextSafeSchema):
    """A product to register."""

    sku = fields.String(required=True, validate=validate.Length(min=1, max=100))
    gtin = fields.String()
    names = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LANGUAGES)),
        values=fields.String(validate=validate.Length(min=1, max=300)),
        required=True,
    )
    declared_unit = fields.Nested(DeclaredUnitSchema, required=True)
    mass_kg = DecimalString(validate=non_negative)
    pcr = fields.String(validate=validate.Length(max=200))

    @validates("gtin")
    def _gtin(self, value: str, **kwargs: Any) -> None:
        problem = gtin_problem(value)
        if problem:
            raise ValidationError(problem)

    @validates("names")
    def _names(self, value: dict[str, str], **kwargs: Any) -> None:
        if not value:
            raise ValidationError("give the product name in at least one language")


class ProductSchema(Schema):
    """A registered product."""

    id = fields.String()
    sku = fields.String()
    gtin = fields.String(allow_none=True)
    names = fields.Dict(keys=fields.String(), values=fields.String())
    declared_unit = fields.Method("_declared_unit")
    mass_kg = fields.String(allow_none=True)
    pcr = fields.String(allow_none=True)
    created_at = fields.DateTime(format=UTC_FORMAT)

    def _declared_unit(self, product: Any) -> dict[str, str]:
        return {"amount": product.declared_amount, "unit": product.declared_unit}


class ProductListSchema(Schema):
    """A list of products."""

    items = fields.List(fields.Nested(ProductSchema))


class BomVersionSchema(Schema):
    """A stored, immutable BOM version."""

    id = fields.String()
    product_id = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    created_at = fields.DateTime(format=UTC_FORMAT)
    document = fields.Dict()


class BomListSchema(Schema):
    """The versions of a product's BOM."""

    items = fields.List(fields.Nested(BomVersionSchema))


class BomImportFormSchema(Schema):
    """The header fields sent beside a BOM file."""

    system_boundary = fields.String(required=True)
    reference_period_start = fields.String(required=True)
    reference_period_end = fields.String(required=True)
    site_name = fields.String(required=True)
    site_region = fields.String(required=True)


class BomFileSchema(Schema):
    """The BOM file: CSV (UTF-8) or XLSX, one line per row."""

    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ActivityQuerySchema(Schema):
    """Filters for the library search."""

    q = fields.String(validate=validate.Length(max=200))
    region = fields.String(validate=validate.Length(max=16))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))


class ActivitySchema(Schema):
    """A library dataset."""

    code = fields.String()
    name = fields.String()
    unit = fields.String()
    region = fields.String()
    year = fields.Integer(allow_none=True)
    kind = fields.String()
    source = fields.String()
    licence = fields.String()
    grade = fields.String()
    note = fields.String()
    kg_co2e_per_unit = fields.String()


class ActivityListSchema(Schema):
    """Search results and the library version they come from."""

    items = fields.List(fields.Nested(ActivitySchema))
    library = fields.String()
    total = fields.Integer()


class CalculationSchema(Schema):
    """A stored footprint result (see API.md, Calculations)."""

    id = fields.String()
    bom_id = fields.String()
    declared_unit = fields.Dict()
    total_kg_co2e = fields.String()
    parts = fields.Dict(keys=fields.String(), values=fields.String())
    by_stage = fields.Dict(keys=fields.String(), values=fields.String())
    by_line = fields.List(fields.Dict())
    pollutants_kg = fields.Dict(keys=fields.String(), values=fields.String())
    data_quality = fields.Dict(keys=fields.String(), values=fields.String())
    fingerprint = fields.Dict(keys=fields.String(), values=fields.String())
    computed_at = fields.String()


class CalculationListSchema(Schema):
    """A BOM's calculations."""

    items = fields.List(fields.Nested(CalculationSchema))
