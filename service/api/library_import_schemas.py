"""Schemas of a library version's import report (what an import read, linked and cut off)."""

from __future__ import annotations

from marshmallow import Schema, fields


class ImportReportSchema(Schema):
    """The stored import report without its cut-off list (that is the CSV)."""

    database = fields.String()
    source_format = fields.String(metadata={"description": "openlca-jsonld, ecospold2, ecospold1"})
    source = fields.String()
    source_sha256 = fields.String()
    processes = fields.Integer()
    products = fields.Integer()
    exchanges = fields.Integer()
    technosphere_links = fields.Integer()
    silently_linked = fields.Integer(
        metadata={"description": "inputs linked to anything but their own flow's producer"}
    )
    biosphere_exchanges = fields.Integer()
    elementary_flows = fields.Integer()
    elementary_flows_characterised = fields.Integer()
    cutoffs_count = fields.Integer()
    coproducts = fields.List(fields.Dict(), metadata={"description": "how each was handled"})
    producers_chosen = fields.List(fields.Dict())
    unit_conversions = fields.List(fields.Dict())
    normalisations = fields.Dict(keys=fields.String(), values=fields.Integer())
    technosphere = fields.Dict()
    seconds = fields.Dict(keys=fields.String(), values=fields.Float())
