"""Public, token-free endpoints: labels, verification, status lists, trust list, the log."""

from __future__ import annotations

import base64
from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from service.api.blueprint import Blueprint
from service.api.context import db, issuer, state
from service.api.label_schemas import (
    ConsistencyQuerySchema,
    CredentialSchema,
    EndorsementSchema,
    EntriesQuerySchema,
    InclusionQuerySchema,
)
from service.api.public_schemas import (
    ConsistencyProofSchema,
    EndorsementAcceptedSchema,
    HostedBodyListSchema,
    InclusionProofSchema,
    LogEntryListSchema,
    LogKeySchema,
    PublicLabelSchema,
    VerificationSchema,
    text_response,
)
from service.services.labels import artefacts as label_artefacts
from service.services.labels import dcc as untp_dcc
from service.services.labels import (
    endorsements,
    identity_anchor,
    public_verification,
    transparency,
    trust,
)
from service.services.labels import lifecycle as labels
from service.services.labels import registry as public_registry
from service.services.labels import status_lists as lists

blp = Blueprint("public", __name__, url_prefix="/api/v1", description="Public verification")
JWT_TYPE = "application/vc+jwt"
# Anyone may call these: no bearer token (the document's default security is overridden).
PUBLIC: dict[str, list[dict[str, list[str]]]] = {"security": []}


def _b64(items: list[bytes]) -> list[str]:
    return [base64.b64encode(item).decode("ascii") for item in items]


@blp.route("/labels/<label_id>")
class LabelItem(MethodView):
    """A label, for anyone."""

    @blp.doc(**PUBLIC)
    @blp.response(200, PublicLabelSchema)
    def get(self, label_id: str) -> Any:
        """Return the label's credential, status, subject, endorsements and log receipt."""
        return labels.public_label(db(), label_id)


@blp.route("/labels/<label_id>/<any('certificate.pdf', 'label.svg', 'qr.svg', 'qr.png'):kind>")
class LabelArtefact(MethodView):
    """A label's PDF certificate, SVG label artwork or QR code."""

    @blp.doc(
        **PUBLIC,
        responses={
            "200": {
                "description": "The PDF certificate, the SVG label or the SVG QR code",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in sorted(set(label_artefacts.KINDS.values()))
                },
            }
        },
    )
    def get(self, label_id: str, kind: str) -> Response:
        """Render the artefact in the label's current status."""
        content = label_artefacts.artefact(db(), issuer(), label_id, kind)
        disposition = "attachment" if kind.endswith(".pdf") else "inline"
        return Response(
            content,
            mimetype=label_artefacts.KINDS[kind],
            headers={"Content-Disposition": f'{disposition}; filename="{label_id}-{kind}"'},
        )


@blp.route("/labels/<label_id>/credential")
class LabelCredential(MethodView):
    """A label's own credential, exactly as signed."""

    def get(self, label_id: str) -> Response:
        """Return the label credential (vc+jwt); its SHA-256 is the one its DCC states."""
        token = labels.find_label(db(), label_id).credential
        return Response(token, mimetype=JWT_TYPE)


@blp.route("/labels/<label_id>/dcc")
class LabelDcc(MethodView):
    """A label's UNTP Digital Conformity Credential."""

    def get(self, label_id: str) -> Response:
        """Return the label's UNTP 0.6.1 Digital Conformity Credential (vc+jwt)."""
        label = labels.find_label(db(), label_id)
        return Response(untp_dcc.find_dcc(db(), label.id).credential, mimetype=JWT_TYPE)


@blp.route("/labels/<label_id>/endorsements")
class LabelEndorsements(MethodView):
    """Endorsements of a label by other recognised bodies."""

    @blp.doc(**PUBLIC)
    @blp.arguments(EndorsementSchema)
    @blp.response(201, EndorsementAcceptedSchema)
    def post(self, data: dict[str, Any], label_id: str) -> Any:
        """Submit another body's endorsement; it is kept only if it verifies."""
        return endorsements.accept(db(), issuer(), label_id, data["endorsement"])


@blp.route("/verifications")
class Verifications(MethodView):
    """Verifying any label credential."""

    # One schema instance, not one per request: this is the busiest public endpoint.
    @blp.doc(**PUBLIC)
    @blp.arguments(CredentialSchema(), example={"credential": "eyJhbGciOiJFUzI1NiIs..."})
    @blp.response(200, VerificationSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Check signature, trusted issuer and key, validity, status bits and log inclusion."""
        answers = state().answers
        answer = public_verification.verify_submitted(db(), issuer(), data["credential"], answers)
        # The busiest endpoint: its answer is already plain JSON types, so it is sent as is
        # (a VerificationSchema dump costs about 3x the JSON encoding); the contract tests
        # check the sent body against VerificationSchema.
        return jsonify(answer)


@blp.route("/status-lists/<list_id>")
class StatusListItem(MethodView):
    """A signed Bitstring Status List."""

    @blp.doc(**PUBLIC, responses={"200": text_response(JWT_TYPE, "The status list credential")})
    def get(self, list_id: str) -> Response:
        """Return the status list credential (vc+jwt)."""
        token = lists.published_list(db(), list_id, issuer())
        return Response(token, mimetype=JWT_TYPE, headers={"Cache-Control": "max-age=300"})


@blp.route("/trust-list")
class TrustList(MethodView):
    """The signed list of recognised GBA certification bodies."""

    @blp.doc(**PUBLIC, responses={"200": text_response(JWT_TYPE, "The trust list credential")})
    def get(self) -> Response:
        """Return the trust list credential (vc+jwt), signed by this service's operator."""
        return Response(trust.signed_trust_list(db(), issuer()), mimetype=JWT_TYPE)


@blp.route("/bodies")
class Bodies(MethodView):
    """The certification bodies this service hosts."""

    @blp.doc(**PUBLIC)
    @blp.response(200, HostedBodyListSchema)
    def get(self) -> Any:
        """List hosted bodies with their DIDs and DID document URLs."""
        return {"items": public_registry.hosted_bodies(db(), issuer())}


@blp.route("/bodies/<org_id>/identity-anchor")
class BodyIdentityAnchor(MethodView):
    """A body's accreditation as a UNTP Digital Identity Anchor."""

    def get(self, org_id: str) -> Response:
        """Return the accreditor's DIA of the body (vc+jwt), or the operator's statement."""
        token = identity_anchor.published_anchor(db(), issuer(), org_id)
        return Response(token, mimetype=JWT_TYPE)


@blp.route("/log/checkpoint")
class LogCheckpoint(MethodView):
    """The newest signed tree head."""

    @blp.doc(
        **PUBLIC,
        responses={"200": text_response("text/plain", "The C2SP signed checkpoint note")},
    )
    def get(self) -> Response:
        """Return the C2SP signed checkpoint note."""
        note = transparency.latest_checkpoint(db()).signed_note
        return Response(note, mimetype="text/plain; charset=utf-8")


@blp.route("/log/key")
class LogKey(MethodView):
    """The log's origin and note verifier key."""

    @blp.doc(**PUBLIC)
    @blp.response(200, LogKeySchema)
    def get(self) -> Any:
        """Return the origin line and the verifier key string of the checkpoints' signer."""
        return public_registry.log_key(db(), issuer())


@blp.route("/log/proof/inclusion")
class InclusionProof(MethodView):
    """RFC 9162 inclusion proofs."""

    @blp.doc(**PUBLIC)
    @blp.arguments(InclusionQuerySchema, location="query")
    @blp.response(200, InclusionProofSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Return the audit path of an entry in a tree size."""
        path = transparency.inclusion_proof(db(), query["index"], query["tree_size"])
        return {"index": query["index"], "tree_size": query["tree_size"], "audit_path": _b64(path)}


@blp.route("/log/proof/consistency")
class ConsistencyProof(MethodView):
    """RFC 9162 consistency proofs."""

    @blp.doc(**PUBLIC)
    @blp.arguments(ConsistencyQuerySchema, location="query")
    @blp.response(200, ConsistencyProofSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """Return the proof that the first tree is a prefix of the second."""
        proof = transparency.consistency_proof(db(), query["first"], query["second"])
        return {"first": query["first"], "second": query["second"], "proof": _b64(proof)}


@blp.route("/log/entries")
class LogEntries(MethodView):
    """Entries under an issuer, for monitors."""

    @blp.doc(**PUBLIC)
    @blp.arguments(EntriesQuerySchema, location="query")
    @blp.response(200, LogEntryListSchema)
    def get(self, query: dict[str, Any]) -> Any:
        """List log entries under an issuer's DID."""
        return {"items": public_registry.log_entries(db(), query)}
