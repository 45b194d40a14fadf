"""Importing a unit-process database as a library version, with its stored import report.

The Brightway work (read, link, write, score table) happens before any transaction; the
version row, its report and its grants are then recorded in one commit. If recording fails
the imported database is deleted again, so a failed import leaves nothing registered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from lca_models.imports import ImportReport, cutoffs_csv, import_database, remove_database
from service.domain.roles import OrgKind, Role
from service.errors import Conflict, Forbidden, NotFound, ValidationFailed
from service.persistence.jobs import LibraryGrant, LibraryVersion
from service.persistence.models import Organisation
from service.services.context import Caller, LcaRuntime, utc_now
from service.services.library.versions import get_version, record, record_shipped

IMPORTED = "imported"
VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
# The USLCI release shipped in lca_models/library/uslci (its SOURCE.md and notices beside it).
SHIPPED_USLCI = Path(__file__).resolve().parents[3] / "lca_models/library/uslci"
USLCI_VERSION = "uslci-fy17.q4.02"
USLCI_NOTE = (
    "USLCI FY17.Q4.02 (NREL/DOE, LCA Commons), redistributed with its data-use notice; "
    "changes documented in its import report"
)


def import_library(
    session: Session,
    runtime: LcaRuntime,
    path: Path,
    source_format: str,
    version: str,
    *,
    make_current: bool = False,
    licence_note: str | None = None,
    restricted: bool = False,
    on_step: Callable[[int, str], None] = lambda done, step: None,
) -> tuple[LibraryVersion, ImportReport]:
    """Import the database at path as library version `version`; return it and its report."""
    check_version_name(version)
    if session.get(LibraryVersion, version) is not None:
        raise Conflict(f"library version {version} is already recorded")
    session.commit()  # no transaction stays open across the import
    report = import_database(
        runtime.directory, path, source_format, version, on_step, licence_note or ""
    )
    try:
        # The shipped library stays the default: an import becomes current only if asked.
        record_shipped(session, runtime)
        row = record(
            session,
            version,
            IMPORTED,
            f"{path.name} ({report.source_format}, sha256 {report.source_sha256[:12]})",
            report.processes,
            licence_note,
            make_current,
            restricted=restricted,
            import_report=report.as_dict(),
        )
    except Exception:
        session.rollback()
        remove_database(runtime.directory, version)
        raise
    return row, report


def check_version_name(version: str) -> None:
    """Refuse a version name a BOM line's "VERSION:CODE" could not carry."""
    if not VERSION_NAME.fullmatch(version):
        # ":" separates a version from a code in a BOM line's activity (lca_models.codes).
        raise ValidationFailed(
            f"version {version!r} must be 1-100 letters, digits and . _ + - (no ':')",
            {"/version": ["invalid version name"]},
        )


def import_shipped_uslci(
    session: Session, runtime: LcaRuntime
) -> tuple[LibraryVersion, ImportReport] | None:
    """Import the shipped USLCI as a non-current version unless it is there; None if it was."""
    if session.get(LibraryVersion, USLCI_VERSION) is not None:
        return None
    return import_library(
        session,
        runtime,
        SHIPPED_USLCI / "uslci_olca1_5_0_json_ld.zip",
        "openlca-jsonld",
        USLCI_VERSION,
        licence_note=USLCI_NOTE,
    )


def grant(session: Session, version: str, org_id: str) -> LibraryGrant:
    """Allow an organisation to search and use a restricted library version."""
    row = get_version(session, version)
    if session.get(Organisation, org_id) is None:
        raise NotFound(f"no organisation {org_id}")
    existing = session.get(LibraryGrant, (row.version, org_id))
    if existing is not None:
        return existing
    granted = LibraryGrant(version=row.version, org_id=org_id, granted_at=utc_now())
    session.add(granted)
    session.commit()
    return granted


def _may_read_reports(caller: Caller) -> None:
    admin = caller.role == Role.ADMIN and caller.org_kind == OrgKind.OPERATOR
    if not admin and caller.org_kind != OrgKind.CERTIFICATION_BODY:
        raise Forbidden("only the operator's administrators and certifiers read import reports")


def import_report(session: Session, caller: Caller, version: str) -> dict[str, Any]:
    """Return a version's import report without its cut-off list (admins and certifiers)."""
    _may_read_reports(caller)
    report = get_version(session, version).import_report
    if report is None:
        raise NotFound(f"library version {version} was not imported from a file")
    return {key: value for key, value in report.items() if key != "cutoffs"}


def import_cutoffs_csv(session: Session, caller: Caller, version: str) -> str:
    """Return a version's cut-off inputs as CSV (admins and certifiers)."""
    _may_read_reports(caller)
    report = get_version(session, version).import_report
    if report is None:
        raise NotFound(f"library version {version} was not imported from a file")
    return cutoffs_csv(list(report.get("cutoffs", [])))
