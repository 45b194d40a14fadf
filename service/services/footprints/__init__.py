"""Footprints: products, immutable BOM versions (schema, validation, file import) and calculations.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `bom_import`: Turning the rows of a CSV or XLSX file into BOM lines (one line per row).
- `bom_schema`: The shape of a BOM document (marshmallow) and JSON-pointer error paths.
- `bom_validation`: Checks of a BOM's content against the library and the manufacturer's other BOMs.
- `boms`: BOM versions: creating immutable versions, reading them, importing them from files.
- `calculations`: Calculating a BOM's footprint with the engine, storing and reading results.
- `line_notes`: What a result says about its factors: warnings per line and the air pollutants
  covered.
- `contributions`: Upstream contributions of one line of a stored calculation (processes and
  elementary flows).
- `products`: Products of a manufacturer: creation and visibility.
- `results`: Presenting an engine Footprint as the API's calculation result (decimal strings).
"""

__all__ = [
    "bom_import",
    "bom_schema",
    "bom_validation",
    "boms",
    "calculations",
    "contributions",
    "line_notes",
    "products",
    "results",
]
