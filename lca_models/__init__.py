"""The LCA engine: Brightway project, reference library, methods, footprint calculation.

Public API; the service imports only what is named here.
"""

from lca_models.bom import BOUNDARY_STAGES, STAGES, Bom, Emission, Line, bom_sha256
from lca_models.codes import qualified_code, split_code
from lca_models.contributions import Contributions, Share
from lca_models.engine import (
    MAX_COMPONENT_DEPTH,
    ComponentFootprint,
    Footprint,
    FootprintEngine,
    LineFootprint,
)
from lca_models.errors import (
    ComponentCycle,
    ComponentTooDeep,
    LcaError,
    LibraryDataError,
    ProjectNotBootstrapped,
    UnitMismatch,
    UnknownActivity,
    UnknownComponent,
    UnknownSubstance,
)
from lca_models.library import Dataset, Library, load_library
from lca_models.library.catalogue import NON_AR6_BASES, read_library
from lca_models.methods import INDICATORS, load_methods
from lca_models.project import ProjectInfo, bootstrap, database_size
from lca_models.reference_path import reference_footprint
from lca_models.score_table import ENGINE_VERSION, build_score_table
from lca_models.substances import EMISSION_SUBSTANCES, POLLUTANT_KEYS, SUBSTANCES
from lca_models.units import UNITS, conversion_factor, normalise_unit

__all__ = [
    "BOUNDARY_STAGES",
    "EMISSION_SUBSTANCES",
    "ENGINE_VERSION",
    "INDICATORS",
    "MAX_COMPONENT_DEPTH",
    "NON_AR6_BASES",
    "POLLUTANT_KEYS",
    "STAGES",
    "SUBSTANCES",
    "UNITS",
    "Bom",
    "ComponentCycle",
    "ComponentFootprint",
    "ComponentTooDeep",
    "Contributions",
    "Dataset",
    "Emission",
    "Footprint",
    "FootprintEngine",
    "LcaError",
    "Library",
    "LibraryDataError",
    "Line",
    "LineFootprint",
    "ProjectInfo",
    "ProjectNotBootstrapped",
    "Share",
    "UnitMismatch",
    "UnknownActivity",
    "UnknownComponent",
    "UnknownSubstance",
    "bom_sha256",
    "bootstrap",
    "build_score_table",
    "conversion_factor",
    "database_size",
    "load_library",
    "load_methods",
    "normalise_unit",
    "qualified_code",
    "read_library",
    "reference_footprint",
    "split_code",
]
