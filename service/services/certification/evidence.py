"""Evidence uploads: size-limited, content-type checked by their bytes, kept with SHA-256."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.domain.ids import new_id
from service.domain.roles import Role
from service.errors import (
    ApplicationNotFound,
    EvidenceNotFound,
    Forbidden,
    ValidationFailed,
)
from service.persistence.certification import Application, Evidence, Submission
from service.persistence.models import BomVersion
from service.services.certification import audit
from service.services.context import Caller, utc_now

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Leading bytes of each accepted binary type (ISO 32000 for PDF, the PNG and JPEG specs).
_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
_EXTENSIONS = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".csv": "text/csv",
}


def sniff(content: bytes) -> str | None:
    """Return the content type the bytes really are, among those accepted, or None."""
    for content_type, signatures in _SIGNATURES.items():
        if content.startswith(signatures):
            return content_type
    if b"\x00" in content:
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    first = text.splitlines()[0] if text.strip() else ""
    return "text/csv" if "," in first or ";" in first else None


def upload(
    session: Session,
    caller: Caller,
    filename: str,
    content: bytes,
    application_id: str | None = None,
) -> Evidence:
    """Store an evidence file of the caller's organisation."""
    if caller.role != Role.MANUFACTURER:
        raise Forbidden("only a manufacturer uploads evidence")
    application = None
    if application_id is not None:
        application = session.get(Application, application_id)
        if application is None or application.manufacturer_org_id != caller.org_id:
            raise ApplicationNotFound(f"no application {application_id}")
    if not content:
        raise ValidationFailed("the file is empty", {"/file": ["is empty"]})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise ValidationFailed("the file is too large", {"/file": ["must be at most 10 MB"]})
    actual = sniff(content)
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    expected = _EXTENSIONS.get(extension)
    if actual is None or expected is None or actual != expected:
        raise ValidationFailed(
            "unsupported or mislabelled file",
            {
                "/file": [
                    f"must be a PDF, PNG, JPEG or CSV whose name matches its content ({filename})"
                ]
            },
        )
    evidence = Evidence(
        id=new_id("evidence"),
        org_id=caller.org_id,
        application_id=application_id,
        filename=filename[-255:],
        content_type=actual,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=caller.user_id,
        created_at=utc_now(),
    )
    session.add(evidence)
    if application is not None:
        audit.record(
            session,
            application,
            "evidence",
            caller.user_id,
            {
                "evidence_id": evidence.id,
                "filename": evidence.filename,
                "sha256": evidence.sha256,
                "size_bytes": evidence.size_bytes,
            },
            evidence.created_at,
        )
    session.commit()
    return evidence


def visible_evidence(session: Session, caller: Caller, evidence_id: str) -> Evidence:
    """Return evidence the caller may see: its own organisation's, or sent to its body."""
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise EvidenceNotFound(f"no evidence {evidence_id}")
    if evidence.org_id == caller.org_id:
        return evidence
    if evidence.application_id is not None:
        application = session.get(Application, evidence.application_id)
        if application is not None and application.body_org_id == caller.org_id:
            return evidence
    if _cited_in_submission_to(session, evidence, caller.org_id):
        return evidence
    raise EvidenceNotFound(f"no evidence {evidence_id}")


def _cited_in_submission_to(session: Session, evidence: Evidence, body_org_id: str) -> bool:
    """Tell whether a line of a BOM version submitted to the body cites the evidence."""
    submitted = session.scalars(
        select(BomVersion)
        .join(Submission, Submission.bom_id == BomVersion.id)
        .join(Application, Application.id == Submission.application_id)
        .where(
            Application.body_org_id == body_org_id,
            Application.manufacturer_org_id == evidence.org_id,
        )
    )
    return any(
        evidence.id in line.get("evidence", [])
        for bom in submitted
        for line in bom.document["lines"]
    )


def known_evidence_ids(session: Session, org_id: str, ids: list[str]) -> set[str]:
    """Return which of ids are evidence of the organisation."""
    if not ids:
        return set()
    query = select(Evidence.id).where(Evidence.org_id == org_id, Evidence.id.in_(ids))
    return set(session.scalars(query))
