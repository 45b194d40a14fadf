"""A label's human artefacts: PDF certificate, SVG label artwork and QR code."""

from __future__ import annotations

from sqlalchemy.orm import Session

from certificates import decode
from certificates.render import (
    LabelView,
    label_svg,
    qr_png_file,
    qr_svg_file,
    render_certificate_pdf,
)
from service.services.context import IssuerConfig, utc_now
from service.services.labels.issuance import verification_url
from service.services.labels.lifecycle import find_label, status_of

KINDS = {
    "certificate.pdf": "application/pdf",
    "label.svg": "image/svg+xml",
    "qr.svg": "image/svg+xml",
    "qr.png": "image/png",
}


def artefact(session: Session, config: IssuerConfig, label_id: str, kind: str) -> bytes:
    """Render one artefact of a label in its current status."""
    label = find_label(session, label_id)
    url = verification_url(config, label.id)
    payload = decode(label.credential).payload
    status = status_of(label, utc_now())
    # End the read transaction: none stays open across a render.
    session.commit()
    if kind == "qr.svg":
        return qr_svg_file(url).encode("utf-8")
    if kind == "qr.png":
        return qr_png_file(url)
    view = LabelView.from_credential(payload, status, url)
    if kind == "label.svg":
        return label_svg(view).encode("utf-8")
    return render_certificate_pdf(view, config.template_dir / "documents")
