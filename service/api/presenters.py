"""Turning workflow objects into JSON bodies (times in UTC with Z)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service.domain.workflow import State, allowed_actions
from service.persistence.certification import Application, AuditEvent, Comment, Evidence, Submission


def utc_text(moment: datetime | None) -> str | None:
    """Return an ISO 8601 UTC time with Z, or None."""
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def application_body(application: Application) -> dict[str, Any]:
    """Return an application's summary."""
    body = application.body
    return {
        "id": application.id,
        "state": application.state,
        "allowed_actions": [a.value for a in allowed_actions(State(application.state))],
        "product": {
            "id": application.product.id,
            "sku": application.product.sku,
            "gtin": application.product.gtin,
            "names": application.product.names,
            "declared_unit": {
                "amount": application.product.declared_amount,
                "unit": application.product.declared_unit,
            },
        },
        "manufacturer": {"id": application.manufacturer.id, "name": application.manufacturer.name},
        "certification_body": {
            "id": body.id,
            "name": body.name,
            "jurisdiction": body.jurisdiction,
            "accreditation": body.accreditation,
            "did": body.did,
        },
        "bom_id": application.bom_id,
        "bom_version": application.bom.version,
        "calculation_id": application.calculation_id,
        "total_kg_co2e": application.calculation.total_kg_co2e,
        "metered_energy": application.metered_energy,
        "reviewer_id": application.reviewer_id,
        "decided_by_id": application.decided_by_id,
        "decision_note": application.decision_note,
        "created_at": utc_text(application.created_at),
        "updated_at": utc_text(application.updated_at),
    }


def comment_body(comment: Comment) -> dict[str, Any]:
    """Return a comment."""
    return {
        "id": comment.id,
        "line_ref": comment.line_ref,
        "text": comment.text,
        "author": {
            "id": comment.author.id,
            "email": comment.author.email,
            "role": comment.author.role,
        },
        "created_at": utc_text(comment.created_at),
    }


def event_body(event: AuditEvent) -> dict[str, Any]:
    """Return an audit event with its chain hashes."""
    return {
        "seq": event.seq,
        "kind": event.kind,
        "actor_id": event.actor_id,
        "payload": event.payload,
        "created_at": event.created_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "previous_hash": event.previous_hash,
        "hash": event.hash,
    }


def submission_body(submission: Submission) -> dict[str, Any]:
    """Return one submitted BOM version."""
    return {
        "number": submission.number,
        "bom_id": submission.bom_id,
        "calculation_id": submission.calculation_id,
        "submitted_at": utc_text(submission.submitted_at),
    }


def evidence_body(evidence: Evidence) -> dict[str, Any]:
    """Return evidence metadata (the content has its own URL)."""
    return {
        "id": evidence.id,
        "filename": evidence.filename,
        "content_type": evidence.content_type,
        "size_bytes": evidence.size_bytes,
        "sha256": evidence.sha256,
        "application_id": evidence.application_id,
        "created_at": utc_text(evidence.created_at),
        "content_url": f"/api/v1/evidence/{evidence.id}/content",
    }


def sheet_body(sheet: dict[str, Any]) -> dict[str, Any]:
    """Return the review sheet: summary, calculation, explained lines, flags, comments, history."""
    return application_body(sheet["application"]) | {
        "calculation": sheet["calculation"],
        "library": sheet["library"],
        "lines": sheet["lines"],
        "flags": sheet["flags"],
        "data_quality_statement": sheet["data_quality_statement"],
        "comments": [comment_body(c) for c in sheet["comments"]],
        "submissions": [submission_body(s) for s in sheet["submissions"]],
        "events": [event_body(e) for e in sheet["events"]],
    }
