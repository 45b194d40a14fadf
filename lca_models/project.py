"""The Brightway project: the only module that touches Brightway's global state.

bw2data reads BRIGHTWAY2_DIR once, when it is first imported, and silently falls back to a
per-user folder otherwise; `use_directory` sets it before that import and checks it took.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lca_models.errors import ProjectNotBootstrapped
from lca_models.library import Library, load_library
from lca_models.library.uncertainty import brightway_fields, spread
from lca_models.methods import INDICATORS, MethodSet, load_methods
from lca_models.substances import AGGREGATED_FLOWS_DB, BIOSPHERE, SUBSTANCES

PROJECT_NAME = "gba-footprint"
_lock = threading.RLock()


@dataclass(frozen=True)
class ProjectInfo:
    """What a bootstrap left in place: directory, library and method versions."""

    directory: Path
    library_version: str
    method_version: str
    datasets: int


def use_directory(directory: Path) -> Any:
    """Point Brightway at directory and return the bw2data module, checking it took."""
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    with _lock:
        if "bw2data" not in sys.modules:
            os.environ["BRIGHTWAY2_DIR"] = str(directory)
        import bw2data

        actual = Path(bw2data.projects._base_data_dir).resolve()
        if actual != directory:
            raise ProjectNotBootstrapped(
                f"bw2data was imported with data directory {actual}, not {directory}; "
                "call use_directory before anything imports bw2data"
            )
        if bw2data.projects.current != PROJECT_NAME:
            bw2data.projects.set_current(PROJECT_NAME)
        return bw2data


def _flow_keys(bd: Any) -> dict[str, tuple[str, str]]:
    """Return the (database, code) key of every vocabulary substance's flow."""
    wanted = {(s.flow_name, s.categories): name for name, s in SUBSTANCES.items()}
    keys = {}
    for flow in bd.Database(BIOSPHERE):
        name = wanted.get((flow["name"], tuple(flow["categories"])))
        if name is not None:
            keys[name] = (BIOSPHERE, flow["code"])
    for name, s in SUBSTANCES.items():
        if s.database == AGGREGATED_FLOWS_DB:
            keys[name] = (AGGREGATED_FLOWS_DB, s.flow_name)
    missing = set(SUBSTANCES) - set(keys)
    if missing:
        raise ProjectNotBootstrapped(f"biosphere3 lacks flows for {sorted(missing)}")
    return keys


# Metadata key a method gets once all its characterisation factors are written.
WRITTEN = "gba_written_cfs"


def _aggregated_flows() -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (AGGREGATED_FLOWS_DB, s.flow_name): {
            "name": s.flow_name,
            "categories": s.categories,
            "unit": "kilogram",
            "type": "emission",
        }
        for s in SUBSTANCES.values()
        if s.database == AGGREGATED_FLOWS_DB
    }


def _ensure_biosphere(bd: Any) -> None:
    # A database a killed bootstrap left half-written is registered but incomplete: each is
    # checked, not only named, and written again (Database.write replaces its contents).
    if BIOSPHERE in bd.databases and not _biosphere_complete(bd):
        del bd.databases[BIOSPHERE]
    if BIOSPHERE not in bd.databases:
        # bw2setup() is broken in bw2io 0.9 (brightway2-io issue #277); this is its replacement.
        import bw2io

        bw2io.create_default_biosphere3()
    data = _aggregated_flows()
    if AGGREGATED_FLOWS_DB not in bd.databases or len(bd.Database(AGGREGATED_FLOWS_DB)) != len(
        data
    ):
        bd.Database(AGGREGATED_FLOWS_DB).write(data)


def _biosphere_complete(bd: Any) -> bool:
    """Whether biosphere3 has every flow the substances need (a killed import lacks some)."""
    try:
        _flow_keys(bd)
    except (ProjectNotBootstrapped, StopIteration, KeyError):
        return False
    return True


def _air_flows_by_name(bd: Any) -> dict[str, list[tuple[str, str]]]:
    by_name: dict[str, list[tuple[str, str]]] = {}
    for flow in bd.Database(BIOSPHERE):
        by_name.setdefault(flow["name"], []).append((BIOSPHERE, flow["code"]))
    return by_name


def _ensure_methods(bd: Any, methods: MethodSet, keys: dict[str, tuple[str, str]]) -> None:
    by_name = _air_flows_by_name(bd)
    for indicator in INDICATORS:
        name = methods.method_name(indicator)
        cfs: list[tuple[tuple[str, str], float]] = []
        for substance, factor in methods.factors[indicator].items():
            s = SUBSTANCES[substance]
            if s.role in ("greenhouse_gas", "pollutant"):
                # Imported databases use air sub-compartments; characterise them all alike.
                for key in by_name[s.flow_name]:
                    if bd.get_node(database=key[0], code=key[1])["categories"][0] == "air":
                        cfs.append((key, factor))
            else:
                cfs.append((keys[substance], factor))
        # Recorded once the write has finished (Method.write sets num_cfs before it writes).
        if name in bd.methods and bd.methods[name].get(WRITTEN) == len(cfs):
            continue
        method = bd.Method(name)
        method.register(unit="kg CO2e" if indicator.startswith(("gwp", "biogenic")) else "kg")
        method.write(cfs)
        bd.methods[name][WRITTEN] = len(cfs)
        bd.methods.flush()


def _library_data(library: Library, keys: dict[str, tuple[str, str]]) -> dict[Any, Any]:
    data: dict[Any, Any] = {}
    by_code = library.by_code()
    for d in library.datasets:
        key = (library.version, d.code)
        data[key] = {
            "name": d.name,
            "unit": d.unit,
            "location": d.geography,
            "reference product": d.name,
            "type": "process",
            "year": d.year,
            "kind": d.kind,
            "source": d.source,
            "licence": d.licence,
            "grade": d.grade,
            "comment": d.note,
            "name_zh_hans": d.name_zh_hans,
            "name_zh_hant": d.name_zh_hant,
            "category": d.category,
            "gwp_basis": d.gwp_basis,
            "superseded_by": d.superseded_by,
            "pollutants": list(d.pollutants) if d.pollutants is not None else None,
            "exchanges": [{"input": key, "amount": 1.0, "type": "production"}],
        }
    for ex in library.exchanges:
        exchanges = data[(library.version, ex.code)]["exchanges"]
        if ex.input_code is not None:
            exchanges.append(
                {
                    "input": (library.version, ex.input_code),
                    "amount": ex.amount,
                    "type": "technosphere",
                }
            )
        else:
            gsd = spread(by_code[ex.code], ex).gsd
            exchanges.append(
                {"input": keys[ex.flow], "amount": ex.amount, "type": "biosphere"}
                | brightway_fields(ex.amount, gsd)
            )
    return data


def bootstrap(directory: Path, library: Library | None = None) -> ProjectInfo:
    """Build the project idempotently: biosphere, methods and a library version."""
    library = library or load_library()
    methods = load_methods()
    with _lock:
        bd = use_directory(directory)
        _ensure_biosphere(bd)
        keys = _flow_keys(bd)
        _ensure_methods(bd, methods, keys)
        # "datasets" is recorded after the write: without it, the write did not finish.
        recorded = bd.databases.get(library.version, {}).get("datasets")
        if recorded != len(library.datasets):
            db = bd.Database(library.version)
            db.write(_library_data(library, keys))
            db.metadata.update({"library": library.version, "datasets": len(library.datasets)})
            bd.databases.flush()
    return ProjectInfo(directory, library.version, methods.version, len(library.datasets))


def database_size(directory: Path, name: str) -> int:
    """Return how many activities a Brightway database of the project has (0 if it has none)."""
    with _lock:
        bd = use_directory(directory)
        if name not in bd.databases:
            raise ProjectNotBootstrapped(f"the Brightway project has no database {name!r}")
        return len(bd.Database(name))


def vocabulary_keys(directory: Path) -> dict[str, tuple[str, str]]:
    """Ensure biosphere and methods exist; return each vocabulary substance's flow key."""
    methods = load_methods()
    with _lock:
        bd = use_directory(directory)
        _ensure_biosphere(bd)
        keys = _flow_keys(bd)
        _ensure_methods(bd, methods, keys)
        return keys


def drop_databases(directory: Path, names: list[str]) -> None:
    """Delete Brightway databases of the project if they exist (undoing a failed import)."""
    with _lock:
        bd = use_directory(directory)
        for name in names:
            if name in bd.databases:
                del bd.databases[name]


def write_database(
    directory: Path, name: str, data: dict[Any, Any], source_format: str, **metadata: Any
) -> None:
    """Write a Brightway database of the project (an imported library or its flows)."""
    with _lock:
        bd = use_directory(directory)
        db = bd.Database(name)
        db.register(format=source_format)
        # No bw2data full-text index (the service searches its score tables) and no typo
        # check of field names (the importer wrote them): a third of USLCI's write time.
        db.write(data, searchable=False, check_typos=False)
        db.metadata.update(metadata)
        bd.databases.flush()
