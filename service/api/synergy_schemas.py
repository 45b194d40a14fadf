"""Schemas of synergy assessments (pollution and carbon compared between two calculations)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


def _decimal(nullable: bool = False) -> fields.String:
    """A decimal string; nullable where the value is undefined (e.g. a zero baseline)."""
    return fields.String(allow_none=nullable, metadata={"description": "decimal string"})


_CLASSIFICATIONS = ("synergy", "carbon_only", "pollution_only", "trade_off", "neither")


class SynergyInSchema(Schema):
    """The two calculations to compare: the baseline and the alternative."""

    baseline = fields.String(required=True, validate=validate.Length(min=1, max=40))
    alternative = fields.String(required=True, validate=validate.Length(min=1, max=40))


class DriverSchema(Schema):
    """A line behind a change: its values on both sides and its share of the change."""

    ref = fields.String()
    baseline_kg = _decimal(nullable=True)
    alternative_kg = _decimal(nullable=True)
    reduction_kg = _decimal()
    share_of_change = _decimal(nullable=True)


class Co2eChangeSchema(Schema):
    """kg CO2e on both sides and the reduction (baseline - alternative) / baseline."""

    baseline_kg = _decimal()
    alternative_kg = _decimal()
    reduction = _decimal(nullable=True)
    drivers = fields.List(fields.Nested(DriverSchema))


class CoverageSchema(Schema):
    """Share of each side's kg CO2e from datasets that report the pollutant (null: unknown)."""

    baseline = _decimal(nullable=True)
    alternative = _decimal(nullable=True)


class PollutantChangeSchema(Co2eChangeSchema):
    """A pollutant's change, its elasticity to CO2e and how the two moved together."""

    elasticity = _decimal(nullable=True)
    classification = fields.String(allow_none=True, validate=validate.OneOf(_CLASSIFICATIONS))
    coverage = fields.Nested(CoverageSchema)


class PollutantChangesSchema(Schema):
    """The four air pollutants."""

    nox = fields.Nested(PollutantChangeSchema)
    so2 = fields.Nested(PollutantChangeSchema)
    pm25 = fields.Nested(PollutantChangeSchema)
    nmvoc = fields.Nested(PollutantChangeSchema)


class ApeSchema(Schema):
    """Air pollutant equivalents (Environmental Protection Tax Law weights) on both sides."""

    baseline = _decimal()
    alternative = _decimal()
    reduction = _decimal(nullable=True)
    synergy_coefficient = _decimal(nullable=True)
    kg_per_equivalent = fields.Dict(keys=fields.String(), values=fields.String())
    excluded = fields.Dict(keys=fields.String(), values=fields.String())
    source = fields.String()


class SynergySchema(Schema):
    """A stored synergy assessment."""

    id = fields.String()
    product_id = fields.String()
    baseline = fields.String()
    alternative = fields.String()
    co2e = fields.Nested(Co2eChangeSchema)
    pollutants = fields.Nested(PollutantChangesSchema)
    air_pollutant_equivalent = fields.Nested(ApeSchema)
    warnings = fields.List(fields.String())
    created_at = fields.String(metadata={"format": "date-time"})


class SynergyListSchema(Schema):
    """Synergy assessments, newest first."""

    items = fields.List(fields.Nested(SynergySchema))


class SynergyQuerySchema(Schema):
    """Filters of a body's list of assessments."""

    classification = fields.String(validate=validate.OneOf(_CLASSIFICATIONS))
    offset = fields.Integer(validate=validate.Range(min=0, max=1_000_000), load_default=0)
