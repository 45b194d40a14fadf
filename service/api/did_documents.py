"""DID documents at the URLs the service's did:web identifiers resolve to, and the context."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from certificates import label_context
from service.api.context import db, issuer
from service.services.labels import registry as public_registry

blp = Blueprint("did_documents", __name__)


@blp.get("/.well-known/did.json")
def operator_did() -> Response:
    """Return the operator's DID document (a bare-host did:web)."""
    return jsonify(public_registry.did_document_at(db(), issuer(), "/.well-known/did.json"))


@blp.get("/<path:path>/did.json")
def body_did(path: str) -> Response:
    """Return a hosted body's DID document (a path did:web)."""
    return jsonify(public_registry.did_document_at(db(), issuer(), f"/{path}/did.json"))


@blp.get("/contexts/label/v1")
def context() -> Response:
    """Return the label JSON-LD context (pinned by verifiers; its SHA-256 is published)."""
    response = jsonify(label_context())
    response.mimetype = "application/ld+json"
    return response
