"""A label's human artefacts: PDF certificate, SVG label artwork and QR code.

The certificate costs about half a second of CPU to render, so it is rendered once per label
status and template version and the bytes are stored (rendered_artefacts, shared by every
host); readers get those bytes, or nothing when their copy (its SHA-256 as a strong ETag) is
current. A status change deletes the label's stored renders (lifecycle.apply_status_change).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import certificates.render
from certificates import InvalidLabelId, decode, parse_label_id
from certificates.render import (
    LabelView,
    label_svg,
    qr_png_file,
    qr_svg_file,
    render_certificate_pdf,
)
from service.errors import NotFound
from service.persistence.labels import Label, RenderedArtefact
from service.services.context import IssuerConfig, utc_now
from service.services.labels.issuance import verification_url
from service.services.labels.lifecycle import find_label

KINDS = {
    "certificate.pdf": "application/pdf",
    "label.svg": "image/svg+xml",
    "qr.svg": "image/svg+xml",
    "qr.png": "image/png",
}
STORED = "certificate.pdf"


@dataclass(frozen=True)
class Artefact:
    """An artefact's SHA-256 and its bytes (None: the reader's copy is current)."""

    sha256: str
    content: bytes | None


@functools.cache
def template_version(template_dir: Path) -> str:
    """Return the SHA-256 of the certificate's templates and of the code rendering them."""
    digest = hashlib.sha256()
    code = Path(certificates.render.__file__).parent
    for folder in (template_dir / "documents", code):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _render(config: IssuerConfig, kind: str, view: LabelView, url: str) -> bytes:
    if kind == "qr.svg":
        return qr_svg_file(url).encode("utf-8")
    if kind == "qr.png":
        return qr_png_file(url)
    if kind == "label.svg":
        return label_svg(view).encode("utf-8")
    return render_certificate_pdf(view, config.template_dir / "documents")


def _label_state(session: Session, label_id: str) -> tuple[str, str]:
    """Return a label's canonical ID and current status from two columns (no ORM object)."""
    try:
        canonical = str(parse_label_id(label_id))
    except InvalidLabelId:
        raise NotFound(f"no label {label_id}") from None
    row = session.execute(
        select(Label.status, Label.valid_until).where(Label.id == canonical)
    ).first()
    if row is None:
        raise NotFound(f"no label {label_id}")
    if row.status in ("revoked", "suspended"):
        return canonical, str(row.status)
    return canonical, "expired" if utc_now() > row.valid_until else "valid"


def artefact(
    session: Session,
    config: IssuerConfig,
    label_id: str,
    kind: str,
    etags: frozenset[str] = frozenset(),
) -> Artefact:
    """Return one artefact of a label in its current status (etags: the reader's copies)."""
    canonical, status = _label_state(session, label_id)
    version = template_version(config.template_dir)
    key = (
        RenderedArtefact.label_id == canonical,
        RenderedArtefact.kind == kind,
        RenderedArtefact.status == status,
        RenderedArtefact.template_version == version,
    )
    if kind == STORED:
        # A reader with a copy asks for the digest only; others get the bytes at once.
        wanted = select(RenderedArtefact.sha256).where(*key) if etags else None
        digest = session.scalar(wanted) if wanted is not None else None
        if digest is not None and digest in etags:
            session.commit()
            return Artefact(digest, None)
        row = session.execute(
            select(RenderedArtefact.sha256, RenderedArtefact.content).where(*key)
        ).first()
        session.commit()
        if row is not None:
            return Artefact(row.sha256, row.content)
    label = find_label(session, canonical)
    url = verification_url(config, label.id)
    view = LabelView.from_credential(decode(label.credential).payload, status, url)
    # End the read transaction: none stays open across a render.
    session.commit()
    content = _render(config, kind, view, url)
    sha256 = hashlib.sha256(content).hexdigest()
    if kind == STORED:
        _store(session, label.id, kind, status, version, sha256, content)
    return Artefact(sha256, None if sha256 in etags else content)


def _store(
    session: Session, label_id: str, kind: str, status: str, version: str, sha256: str, data: bytes
) -> None:
    session.add(
        RenderedArtefact(
            label_id=label_id,
            kind=kind,
            status=status,
            template_version=version,
            sha256=sha256,
            content=data,
            created_at=utc_now(),
        )
    )
    try:
        session.commit()
    except IntegrityError:
        # Another reader rendered and stored it first; theirs is served from now on.
        session.rollback()
