"""Background library versions: loading, registering, choosing the current one, recomputing.

A version is built once into the Brightway project and into an immutable score table (one
solve, written under the project directory); every web and job worker only memory-maps that
table. Old versions stay in the project, so any stored calculation can be recomputed on the
version it names. Brightway work happens before any transaction is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lca_models import (
    LcaError,
    ProjectNotBootstrapped,
    bootstrap,
    build_score_table,
    database_size,
    read_library,
)
from service.domain.roles import OrgKind, Role
from service.errors import (
    Conflict,
    DependencyUnavailable,
    Forbidden,
    LibraryVersionNotFound,
    NotFound,
    ValidationFailed,
)
from service.persistence.jobs import LibraryVersion
from service.persistence.models import Calculation
from service.services.context import Caller, LcaRuntime, utc_now
from service.services.footprints.boms import visible_bom
from service.services.footprints.calculations import gather_boms, get_calculation
from service.services.footprints.results import present
from service.services.footprints.uncertainty_results import add_uncertainty
from service.services.library.current import mark_restricted

OPEN, BRIGHTWAY = "open", "brightway"
SHIPPED_SOURCE = "shipped open reference library (lca_models/library/data)"


def require_operator(caller: Caller) -> None:
    """Refuse anyone but the operator's administrators."""
    if caller.role != Role.ADMIN or caller.org_kind != OrgKind.OPERATOR:
        raise Forbidden("only the operator's administrators may do this")


def record(
    session: Session,
    version: str,
    kind: str,
    source: str,
    datasets: int,
    licence_note: str | None,
    make_current: bool,
    *,
    restricted: bool = False,
    import_report: dict[str, Any] | None = None,
) -> LibraryVersion:
    """Record a library version built into the project (idempotent) and commit."""
    row = session.get(LibraryVersion, version)
    if row is None:
        row = LibraryVersion(
            version=version,
            kind=kind,
            source=source,
            datasets=datasets,
            licence_note=licence_note,
            is_current=False,
            loaded_at=utc_now(),
            restricted=restricted,
            import_report=import_report,
        )
        session.add(row)
    elif licence_note is not None:
        row.licence_note = licence_note
    session.flush()
    no_current = session.scalar(select(LibraryVersion.version).where(LibraryVersion.is_current))
    if make_current or no_current is None:
        _make_current(session, row)
    session.commit()
    return row


def _make_current(session: Session, row: LibraryVersion) -> None:
    session.execute(
        update(LibraryVersion)
        .where(LibraryVersion.version != row.version)
        .values(is_current=False)
        # "fetch" also updates rows already loaded in this session: with expire_on_commit off
        # a stale is_current=True would make setting it again below a no-op.
        .execution_options(synchronize_session="fetch")
    )
    row.is_current = True


def load_open(
    session: Session, runtime: LcaRuntime, data_dir: Path, release: str, make_current: bool
) -> LibraryVersion:
    """Load datasets.csv + exchanges.csv from data_dir as a new version named by release."""
    try:
        library = read_library(data_dir, release)
    except FileNotFoundError as error:
        raise ValidationFailed(f"missing library file: {error.filename}") from None
    except (LcaError, ValueError, KeyError) as error:
        raise ValidationFailed(f"the library files are invalid: {error}") from None
    info = bootstrap(runtime.directory, library)
    build_score_table(runtime.directory, info.library_version)
    runtime.uncertainty.sampled(info.library_version)  # the Monte Carlo background, once
    licences = sorted({d.licence for d in library.datasets})
    return record(
        session,
        info.library_version,
        OPEN,
        f"{data_dir.resolve()} (release {release})",
        info.datasets,
        "; ".join(licences),
        make_current,
    )


def register_brightway(
    session: Session,
    runtime: LcaRuntime,
    database: str,
    licence_note: str | None,
    make_current: bool,
) -> LibraryVersion:
    """Register a database the deployer imported with bw2io (e.g. ecoinvent) as a version."""
    try:
        datasets = database_size(runtime.directory, database)
    except ProjectNotBootstrapped as error:
        raise NotFound(str(error)) from None
    if datasets == 0:
        raise ValidationFailed(f"the Brightway database {database!r} is empty")
    build_score_table(runtime.directory, database)
    runtime.uncertainty.sampled(database)  # the Monte Carlo background, once
    return record(
        session,
        database,
        BRIGHTWAY,
        f"Brightway database {database}",
        datasets,
        licence_note,
        make_current,
    )


def _release(version: str) -> str:
    """Return a version's release name (before the content hash)."""
    return version.split("+", 1)[0]


def record_shipped(session: Session, runtime: LcaRuntime) -> LibraryVersion:
    """Record the shipped open library (built by `lca bootstrap`).

    It becomes current when none is, or when it is first recorded while the current one is an
    older shipped release (a corrected library replaces the one it corrects). A version the
    operator chose (loaded, registered, or picked with `use` after this one was recorded)
    stays current.
    """
    library = runtime.library
    current = session.scalars(select(LibraryVersion).where(LibraryVersion.is_current)).first()
    newer = (
        session.get(LibraryVersion, library.version) is None
        and current is not None
        and current.source == SHIPPED_SOURCE
        and _release(current.version) < _release(library.version)
    )
    return record(
        session,
        library.version,
        OPEN,
        SHIPPED_SOURCE,
        len(library.datasets),
        "; ".join(sorted({d.licence for d in library.datasets})),
        make_current=newer,
    )


def list_versions(session: Session) -> list[LibraryVersion]:
    """Return every recorded version, newest first."""
    query = select(LibraryVersion).order_by(LibraryVersion.loaded_at.desc(), LibraryVersion.version)
    return list(session.scalars(query))


def get_version(session: Session, version: str) -> LibraryVersion:
    """Return a recorded version, or raise NotFound."""
    row = session.get(LibraryVersion, version)
    if row is None:
        known = ", ".join(other.version for other in list_versions(session)) or "none yet"
        raise LibraryVersionNotFound(
            f"no library version {version}; the versions are named with the hash of their "
            f"data after a '+' ({known})"
        )
    return row


def use_version(session: Session, version: str) -> LibraryVersion:
    """Make a recorded version the one new calculations use."""
    row = get_version(session, version)
    _make_current(session, row)
    session.commit()
    return row


def recompute(
    session: Session, caller: Caller, runtime: LcaRuntime, calculation_id: str
) -> dict[str, Any]:
    """Recompute a stored calculation on its own library version; tell whether it is identical."""
    calculation: Calculation = get_calculation(session, caller, calculation_id)
    boms = gather_boms(calculation.bom, lambda bom_id: visible_bom(session, caller, bom_id))
    if calculation.bom.sha256 != calculation.bom_sha256:
        raise Conflict("the BOM changed since this calculation")  # BOM versions are immutable
    version, document = calculation.library_version, calculation.bom.document
    stored = calculation.result
    # A mixed BOM recomputes on exactly the versions it used.
    others = frozenset(entry["version"] for entry in stored.get("libraries", []))
    session.commit()
    try:
        footprint = runtime.engine.footprint(
            boms[calculation.bom_id], version, boms.__getitem__, other_versions=others
        )
    except ProjectNotBootstrapped as error:
        raise DependencyUnavailable(str(error)) from None
    result = present(footprint, document, runtime)
    mark_restricted(session, result, [v for v, _ in footprint.libraries])
    if "uncertainty" in stored:  # results stored before intervals were added have none
        bom_id, sha256 = calculation.bom_id, calculation.bom_sha256
        add_uncertainty(result, runtime, boms, bom_id, sha256, footprint, document)
    return {
        "calculation_id": calculation_id,
        "library_version": version,
        "matrices_sha256": footprint.matrices_sha256,
        "stored_total_kg_co2e": stored["total_kg_co2e"],
        "total_kg_co2e": result["total_kg_co2e"],
        # A result stored before a release added keys (e.g. pollutant_coverage in 2026.12)
        # is identical when every key it stored recomputes to the same value.
        "identical": all(result.get(key) == value for key, value in stored.items())
        and footprint.matrices_sha256 == calculation.matrices_sha256,
    }
