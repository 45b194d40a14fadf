"""Importing unit-process databases (openLCA JSON-LD, EcoSpold 2, EcoSpold 1) with a report."""

from lca_models.imports.importer import (
    IMPORT_STEPS,
    READERS,
    import_database,
    remove_database,
)
from lca_models.imports.report import ImportReport, cutoffs_csv

__all__ = [
    "IMPORT_STEPS",
    "READERS",
    "ImportReport",
    "cutoffs_csv",
    "import_database",
    "remove_database",
]
