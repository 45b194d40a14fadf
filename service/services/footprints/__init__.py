"""Footprints: products, immutable BOM versions (schema, validation, file import) and calculations.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `bom_editor`: The BOM editor's use cases: what the form starts from, its choices, and storing what
  it sends.
- `bom_import`: Turning the rows of a CSV or XLSX file into BOM lines (one line per row).
- `bom_schema`: The shape of a BOM document (marshmallow) and JSON-pointer error paths.
- `bom_validation`: Checks of a BOM's content against the library and the manufacturer's other BOMs.
- `boms`: BOM versions: creating immutable versions, reading them, importing them from files.
- `calculations`: Calculating a BOM's footprint with the engine, storing and reading results.
- `contributions`: Upstream contributions of one line of a stored calculation (processes and
  elementary flows).
- `data_quality`: PACT v3 data-quality ratings of a result: technological, geographical, temporal.
- `line_notes`: What a result says about its factors: warnings per line and the air pollutants
  covered.
- `products`: Products of a manufacturer: creation and visibility.
- `results`: Presenting an engine Footprint as the API's calculation result (decimal strings).
- `supplier_uses`: Which BOM lines rely on suppliers' footprints, what the engine reads for them,
  and the.
- `synergy`: Synergy assessments: two calculations compared for CO2e and air pollutants, stored and
  listed.
- `uncertainty_results`: Presenting a Monte Carlo footprint as the result's `uncertainty` section
  (decimal strings).
"""

__all__ = [
    "bom_editor",
    "bom_import",
    "bom_schema",
    "bom_validation",
    "boms",
    "calculations",
    "contributions",
    "data_quality",
    "line_notes",
    "products",
    "results",
    "supplier_uses",
    "synergy",
    "uncertainty_results",
]
