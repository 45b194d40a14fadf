"""Request and response schemas of the API (marshmallow; documented in OpenAPI)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, missing, validate, validates

from service.api.schema_fields import Upload, UtcDateTime
from service.domain.gtin import gtin_problem
from service.domain.text import display_text_problem
from service.services.footprints.bom_schema import (
    DecimalString,
    TextSafeSchema,
    display_text,
    non_negative,
)

LANGUAGES = ("zh-Hans", "zh-Hant", "en", "pt")


class DeclaredUnitSchema(Schema):
    """The unit a footprint is declared per."""

    amount = DecimalString(required=True)
    unit = fields.String(required=True, validate=validate.Length(min=1, max=16))


class DeclaredUnitOutSchema(Schema):
    """The unit a footprint is declared per, as sent."""

    amount = fields.String()
    unit = fields.String()


class ProductInSchema(TextSafeSchema):
    """A product to register."""

    sku = fields.String(required=True, validate=[validate.Length(min=1, max=100), display_text])
    gtin = fields.String()
    names = fields.Dict(
        keys=fields.String(validate=validate.OneOf(LANGUAGES)),
        values=fields.String(validate=validate.Length(min=1, max=300)),
        required=True,
    )
    declared_unit = fields.Nested(DeclaredUnitSchema, required=True)
    mass_kg = DecimalString(validate=non_negative)
    pcr = fields.String(validate=[validate.Length(max=200), display_text])

    @validates("gtin")
    def _gtin(self, value: str, **kwargs: Any) -> None:
        problem = gtin_problem(value)
        if problem:
            raise ValidationError(problem)

    @validates("names")
    def _names(self, value: dict[str, str], **kwargs: Any) -> None:
        if not value:
            raise ValidationError("give the product name in at least one language")
        problems = {lang: [p] for lang, name in value.items() if (p := display_text_problem(name))}
        if problems:
            raise ValidationError(problems)


class ProductSchema(Schema):
    """A registered product."""

    id = fields.String()
    sku = fields.String()
    gtin = fields.String(allow_none=True)
    names = fields.Dict(keys=fields.String(), values=fields.String())
    declared_unit = fields.Method("_declared_unit")
    mass_kg = fields.String(allow_none=True)
    pcr = fields.String(allow_none=True)
    created_at = UtcDateTime()

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
    created_at = UtcDateTime()
    document = fields.Dict()


class BomListSchema(Schema):
    """The versions of a product's BOM."""

    items = fields.List(fields.Nested(BomVersionSchema))


class BomImportSchema(Schema):
    """A BOM file (CSV in UTF-8 or XLSX, one line per row) and the header fields beside it."""

    system_boundary = fields.String(required=True, metadata={"example": "cradle-to-gate"})
    reference_period_start = fields.String(required=True, metadata={"example": "2025-01-01"})
    reference_period_end = fields.String(required=True, metadata={"example": "2025-12-31"})
    site_name = fields.String(required=True, metadata={"example": "Dongguan plant"})
    site_region = fields.String(required=True, metadata={"example": "CN-GD"})
    file = Upload(required=True)


class ActivityQuerySchema(Schema):
    """Filters for the library search."""

    q = fields.String(validate=validate.Length(max=200))
    region = fields.String(validate=validate.Length(max=16))
    category = fields.String(validate=validate.Length(max=32))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))
    library = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A library version (default: the current one), or `all`"},
    )


class ContributionQuerySchema(Schema):
    """Which line of a calculation to analyse."""

    line = fields.String(required=True, validate=validate.Length(min=1, max=100))


class ContributionShareSchema(Schema):
    """One upstream process or elementary flow behind a line."""

    name = fields.String()
    detail = fields.String(allow_none=True)
    amount = fields.String(metadata={"description": "decimal string, in unit"})
    unit = fields.String(allow_none=True)
    kg_co2e = fields.String()
    share = fields.String(metadata={"description": "fraction of the line's kg CO2e"})


class ContributionsSchema(Schema):
    """A line's top upstream processes and elementary flows (Brightway contribution analysis)."""

    calculation_id = fields.String()
    line = fields.String()
    activity = fields.String()
    library = fields.String()
    amount = fields.String()
    unit = fields.String()
    kg_co2e = fields.String()
    processes = fields.List(fields.Nested(ContributionShareSchema))
    elementary_flows = fields.List(fields.Nested(ContributionShareSchema))
    other_processes_kg_co2e = fields.String()
    other_flows_kg_co2e = fields.String()


class ActivitySchema(Schema):
    """A library dataset."""

    code = fields.String(metadata={"description": "What a BOM line names in `activity`"})
    library = fields.String(metadata={"description": "The library version it belongs to"})
    name = fields.String()
    names = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "en, zh-Hans, zh-Hant"},
    )
    category = fields.String()
    gwp_basis = fields.String()
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


class LineResultSchema(Schema):
    """One BOM line's share of the footprint."""

    ref = fields.String()
    stage = fields.String()
    kg_co2e = fields.String()
    share = fields.String(metadata={"description": "fraction of the total, 4 decimals"})
    data = fields.String(metadata={"description": "primary or secondary"})
    pollutants_kg = fields.Dict(keys=fields.String(), values=fields.String())
    activity = fields.String()
    component = fields.Dict(metadata={"description": "the sub-assembly: bom_id or label_id"})
    substances = fields.List(fields.String())
    supplier = fields.Dict(metadata={"description": "a supplier line: label_id or pact_id"})
    unit_conversion = fields.Dict(
        metadata={"description": "how the line's amount became its dataset's unit: to_unit, factor"}
    )


class CalculationSchema(Schema):
    """A stored footprint result (see API.md, Calculations).

    Dumps a stored calculation: its result is kept in its storage form and this schema
    makes the API body from it and from the fingerprint columns.
    """

    id = fields.String()
    bom_id = fields.String()
    declared_unit = fields.Nested(DeclaredUnitOutSchema, attribute="result.declared_unit")
    total_kg_co2e = fields.String(attribute="result.total_kg_co2e")
    parts = fields.Dict(keys=fields.String(), values=fields.String(), attribute="result.parts")
    by_stage = fields.Dict(
        keys=fields.String(), values=fields.String(), attribute="result.by_stage"
    )
    by_line = fields.List(fields.Nested(LineResultSchema), attribute="result.by_line")
    pollutants_kg = fields.Dict(
        keys=fields.String(), values=fields.String(), attribute="result.pollutants_kg"
    )
    pollutant_coverage = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        attribute="result.pollutant_coverage",
        metadata={
            "description": "per pollutant, the share 0..1 of kg CO2e from lines reporting it; "
            "absent on results calculated before coverage was recorded"
        },
    )
    warnings = fields.List(
        fields.Dict(keys=fields.String(), values=fields.String()),
        attribute="result.warnings",
        metadata={"description": "per line: CO2-only factors and CO2e totals not on AR6"},
    )
    data_quality = fields.Dict(
        keys=fields.String(), values=fields.String(), attribute="result.data_quality"
    )
    uncertainty = fields.Method(
        "_uncertainty",
        metadata={
            "type": "object",
            "description": "the Monte Carlo 95% interval (README, Uncertainty and data quality): "
            "draws (an integer, as API.md shows), seed (a decimal string: it is a 63-bit "
            "integer, beyond what a JSON number holds exactly), percentiles as decimal strings; "
            "absent on results calculated before intervals were recorded",
        },
    )
    suppliers = fields.Dict(
        attribute="result.suppliers",
        metadata={
            "description": "only when the BOM has supplier lines: their share and each line's "
            "verification state"
        },
    )
    fingerprint = fields.Method("_fingerprint")
    computed_at = UtcDateTime()

    def _uncertainty(self, calculation: Any) -> Any:
        stored = calculation.result.get("uncertainty")
        if stored is None:
            return missing
        return stored | {"draws": int(stored["draws"])}

    def _fingerprint(self, calculation: Any) -> dict[str, Any]:
        return {
            "bom_sha256": calculation.bom_sha256,
            "library": calculation.library_version,
            "method": calculation.method_version,
            "engine": calculation.engine_version,
            "matrices_sha256": calculation.matrices_sha256,
            # Every library version the lines used (several when a BOM mixes them).
            "libraries": calculation.result.get("libraries")
            or [
                {
                    "version": calculation.library_version,
                    "matrices_sha256": calculation.matrices_sha256,
                }
            ],
        }


class SubstanceSchema(Schema):
    """A substance emission lines may name."""

    substance = fields.String()
    gwp100 = fields.String(metadata={"description": "kg CO2e per kg (IPCC AR6)"})
    kind = fields.String()


class SubstanceListSchema(Schema):
    """The emission vocabulary and the method version its factors come from."""

    items = fields.List(fields.Nested(SubstanceSchema))
    method = fields.String()


class CalculationListSchema(Schema):
    """A BOM's calculations."""

    items = fields.List(fields.Nested(CalculationSchema))
