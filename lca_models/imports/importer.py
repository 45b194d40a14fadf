"""Importing a unit-process database into the Brightway project, all or nothing.

Read (the format's reader) -> link (providers, cut-offs, co-products) -> write the
activities and their uncharacterised elementary flows with bw2data -> build the score table
with the engine (which checks the technosphere is square and solvable). Any failure deletes
what was written, so a failed import leaves no database and no table behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from lca_models.errors import ImportFailed, LcaError
from lca_models.imports.archive import opened
from lca_models.imports.ecospold1 import read_ecospold1
from lca_models.imports.ecospold2 import read_ecospold2
from lca_models.imports.inventory import RawInventory
from lca_models.imports.jsonld import read_jsonld
from lca_models.imports.linking import Linked, link
from lca_models.imports.report import ImportReport
from lca_models.methods import load_methods
from lca_models.project import drop_databases, use_directory, vocabulary_keys, write_database
from lca_models.score_table import build_score_table, table_path

IMPORT_STEPS = ("read", "link", "write", "score table")
READERS: dict[str, Callable[[Path, str], RawInventory]] = {
    "openlca-jsonld": read_jsonld,
    "ecospold2": read_ecospold2,
    "ecospold1": read_ecospold1,
}


# Folders of an openLCA export no reader here needs (sources, actors, ... are documentation).
UNREAD_FOLDERS = {
    "openlca-jsonld": frozenset(
        {
            "actors",
            "sources",
            "bin",
            "dq_systems",
            "social_indicators",
            "projects",
            "currencies",
            "product_systems",
            "lcia_methods",
            "lcia_categories",
            "nw_sets",
            "parameters",
        }
    )
}


def _sha256(path: Path) -> str:
    if path.is_dir():
        digest = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(path)).encode("utf-8") + b"\0")
            digest.update(file.read_bytes())
        return digest.hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(directory: Path, database: str, linked: Linked, report: ImportReport) -> None:
    if linked.biosphere:
        write_database(directory, linked.biosphere_name, linked.biosphere, report.source_format)
    write_database(
        directory,
        database,
        linked.activities,
        report.source_format,
        library=database,
        datasets=len(linked.activities),
    )


def import_database(
    directory: Path,
    path: Path,
    source_format: str,
    database: str,
    on_step: Callable[[int, str], None] = lambda done, step: None,
    licence: str = "",
) -> ImportReport:
    """Import the database at path (zip or folder) as Brightway database `database`.

    on_step(done, step) is called as each of IMPORT_STEPS starts (a job records progress);
    licence is stated on every dataset (results show each factor's source and licence).
    """
    reader = READERS.get(source_format)
    if reader is None:
        raise ImportFailed(f"unknown format {source_format!r}; known: {', '.join(READERS)}")
    started = time.perf_counter()
    # bw2io imports bw2data, which must learn the project directory first.
    bd = use_directory(directory)
    name = str(path)
    if not path.exists():
        raise ImportFailed(f"{name}: no such file or folder")
    on_step(0, IMPORT_STEPS[0])
    report = ImportReport(database, "", name, _sha256(path))
    with opened(path, UNREAD_FOLDERS.get(source_format, frozenset())) as folder:
        inventory = reader(folder, name)
    report.source_format = inventory.source_format
    report.seconds["read"] = time.perf_counter() - started
    vocabulary = vocabulary_keys(directory)
    for existing in (database, f"{database} biosphere"):
        if existing in bd.databases:
            raise ImportFailed(f"{name}: the Brightway project already has a database {existing!r}")
    on_step(1, IMPORT_STEPS[1])
    linked = link(inventory, database, vocabulary, report)
    for activity in linked.activities.values():
        activity["source"] = f"{database}: {activity['name']} ({report.source_format})"
        activity["licence"] = licence or f"as stated in the notice of {path.name}"
    if len(linked.activities) != len(inventory.processes):
        raise ImportFailed(f"{name}: two processes share an id")
    step = time.perf_counter()
    try:
        on_step(2, IMPORT_STEPS[2])
        _write(directory, database, linked, report)
        report.seconds["write"] = time.perf_counter() - step
        step = time.perf_counter()
        on_step(3, IMPORT_STEPS[3])
        table = build_score_table(directory, database)
        report.seconds["score table"] = time.perf_counter() - step
    except Exception as error:  # undo, then re-raise (ImportFailed for our own errors)
        drop_databases(directory, [database, linked.biosphere_name])
        shutil.rmtree(table_path(directory, database, load_methods().version), ignore_errors=True)
        if isinstance(error, LcaError):
            raise ImportFailed(f"{name}: {error.message}") from error
        raise
    meta = json.loads((table / "meta.json").read_text(encoding="utf-8"))
    report.technosphere = dict(meta.get("technosphere", {})) | {"solvable": True}
    report.seconds["total"] = time.perf_counter() - started
    return report


def remove_database(directory: Path, database: str) -> None:
    """Delete an imported database, its biosphere flows and its score table (undo)."""
    drop_databases(directory, [database, f"{database} biosphere"])
    shutil.rmtree(table_path(directory, database, load_methods().version), ignore_errors=True)
