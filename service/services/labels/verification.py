"""Verifying any label credential from any recognised issuer, from published material only."""

from __future__ import annotations

import ipaddress
import urllib.request
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from certificates import (
    IDENTITY_ANCHOR_SERVICE,
    CertificateError,
    KeyUnavailable,
    MalformedCredential,
    Report,
    TrustedIssuer,
    decode,
    did_document,
    did_web_url,
    is_dcc,
    label_id_of,
    verification_url_of,
    verify_label,
)
from certificates.log import InclusionReceipt, LogError, NoteVerifier
from service.domain.roles import OrgKind
from service.errors import DependencyUnavailable, NotFound, ValidationFailed
from service.persistence.labels import Endorsement, Label
from service.persistence.models import Organisation
from service.persistence.untp import LabelDcc
from service.services.context import IssuerConfig, utc_now
from service.services.labels import verification_cache as cache
from service.services.labels.dcc import identity_anchor_url
from service.services.labels.signing_keys import published_keys
from service.services.labels.status_lists import published_list
from service.services.labels.trust import FETCH_TIMEOUT_S, fetch_json, trusted_issuers


def local_did_document(
    session: Session, did: str, config: IssuerConfig | None = None
) -> dict[str, Any]:
    """Return the DID document of a body or operator this service hosts.

    With config, a certification body's document links to its accreditation's identity anchor.
    """
    org = session.scalar(select(Organisation).where(Organisation.did == did))
    if org is None:
        raise NotFound(f"no DID {did} here")
    keys = [(k.kid.split("#", 1)[1], k.public_jwk) for k in published_keys(session, org.id)]
    services = None
    if config is not None and org.kind == OrgKind.CERTIFICATION_BODY.value:
        services = [
            {
                "id": f"{did}#identity-anchor",
                "type": IDENTITY_ANCHOR_SERVICE,
                "serviceEndpoint": identity_anchor_url(config, org.id),
            }
        ]
    return did_document(did, keys, services)


def _loopback(url: str) -> bool:
    host = url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class ServiceResolver:
    """Published material: this service's own from the database, others' over HTTP(S)."""

    def __init__(self, session: Session, config: IssuerConfig, epoch: int | None = None) -> None:
        self.session = session
        self.config = config
        # The change epoch (persistence.change_feed) when known: what the caches are keyed by
        # instead of the versions and status list rows read from the database.
        self.epoch = epoch
        # One verification resolves the issuer's DID document for the label and for each
        # status list: resolve it once per resolver (a resolver lives for one request).
        self._documents: dict[str, dict[str, Any]] = {}
        self._trust: list[TrustedIssuer] | None = None
        self._versions: cache.Versions | None = None
        self._labels: dict[str, tuple[str, int] | None] = {}
        self._endorsed: dict[str, bool] = {}

    def versions(self) -> cache.Versions:
        """Return what the per-process caches are keyed by, read once per resolver."""
        if self._versions is None:
            self._versions = cache.versions_at(self.session, self.epoch)
        return self._versions

    def trusted(self) -> list[TrustedIssuer]:
        """Return the issuers this service accepts, built once per resolver."""
        if self._trust is None:
            self._trust = cache.cached_trust(
                self.versions(), lambda: trusted_issuers(self.session, self.config)
            )
        return self._trust

    def local_label(self, label_id: str) -> tuple[str, int] | None:
        """Return (credential, log index) of a label this service issued, if any."""
        if label_id not in self._labels:
            # With whether it has endorsements, in the same round trip (most have none).
            endorsed = select(func.count()).where(Endorsement.label_id == Label.id)
            row = self.session.execute(
                select(Label.credential, Label.log_index, endorsed.scalar_subquery()).where(
                    Label.id == label_id
                )
            ).first()
            self._labels[label_id] = None if row is None else (row[0], row[1])
            self._endorsed[label_id] = row is not None and bool(row[2])
        return self._labels[label_id]

    def local_dcc(self, label_id: str) -> tuple[str, int] | None:
        """Return (credential, log index) of the DCC of a label this service issued, if any."""
        row = self.session.execute(
            select(LabelDcc.credential, LabelDcc.log_index).where(LabelDcc.label_id == label_id)
        ).first()
        return None if row is None else (row[0], row[1])

    def has_endorsements(self, label_id: str) -> bool:
        """Whether a label this service issued has stored endorsements."""
        self.local_label(label_id)
        return self._endorsed.get(label_id, False)

    def _local(self, url: str) -> bool:
        return url.startswith(self.config.service_url + "/")

    def did_document(self, did: str) -> dict[str, Any]:
        """Return the DID document of did."""
        if did not in self._documents:
            self._documents[did] = self._resolve(did)
        return self._documents[did]

    def _resolve(self, did: str) -> dict[str, Any]:
        try:
            return cache.cached_document(
                self.versions(), did, lambda: local_did_document(self.session, did, self.config)
            )
        except NotFound:
            pass
        url = did_web_url(did)
        plain = did_web_url(did, "http")
        if self.config.allow_http_did and _loopback(plain):
            url = plain  # development and tests: loopback hosts without TLS
        try:
            return fetch_json(url)
        except DependencyUnavailable as error:
            raise KeyUnavailable(str(error)) from None

    def status_list(self, url: str) -> str:
        """Return the status list credential published at url."""
        if self._local(url):
            # As published: re-signed first when its short validity has passed.
            list_id = url.rsplit("/", 1)[1]
            now = utc_now().replace(microsecond=0)
            token = cache.local_status_token(self.session, list_id, now, self.epoch)
            if token is not None:
                return token
            try:
                return published_list(self.session, list_id, self.config)
            except NotFound as error:
                raise CertificateError(error.message) from None
        if not url.startswith("https://") and not (self.config.allow_http_did and _loopback(url)):
            raise CertificateError("status lists are fetched over HTTPS only")
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310
                return str(response.read(1_000_000).decode("ascii").strip())
        except (OSError, UnicodeDecodeError) as error:
            raise CertificateError(f"cannot fetch the status list: {error}") from None

    def log_problems(self, token: str, payload: dict[str, Any], issuer: TrustedIssuer) -> list[str]:
        """Check the credential's inclusion receipt against its issuer's signed checkpoint."""
        label_id = label_id_of(payload)
        dcc = is_dcc(payload)  # a label's DCC is logged as an entry of its own
        label = self.local_dcc(label_id) if dcc else self.local_label(label_id)
        try:
            if label is not None and label[0] == token.strip():
                receipt = cache.cached_receipt(self.session, label[1], self.versions())
            else:
                base = verification_url_of(payload).split("/l/", 1)[0]
                found = fetch_json(f"{base}/api/v1/labels/{label_id}")
                receipt = InclusionReceipt.from_json(
                    found["untp_dcc_log_receipt" if dcc else "log_receipt"]
                )
            NoteVerifier.from_key_string(issuer.log_verifier_key)
        except (DependencyUnavailable, NotFound, LogError, KeyError) as error:
            return [f"no usable inclusion receipt: {error}"]
        return list(
            cache.receipt_problems(
                receipt, token.strip().encode("ascii"), issuer.log_verifier_key, issuer.log_origin
            )
        )


def verify_credential(
    session: Session, config: IssuerConfig, token: str, resolver: ServiceResolver | None = None
) -> Report:
    """Verify a label credential; input that is not a compact JWS is a ValidationFailed."""
    try:
        decode(token)
    except MalformedCredential as error:
        raise ValidationFailed(str(error), {"/credential": [str(error)]}) from None
    resolver = resolver or ServiceResolver(session, config)
    return verify_label(token, resolver.trusted(), resolver, utc_now())
