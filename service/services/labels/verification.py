"""Verifying any label credential from any recognised issuer, from published material only."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlsplit

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
from service.services.labels.fetching import body_hosts, fetch, loopback
from service.services.labels.signing_keys import published_keys
from service.services.labels.status_lists import published_list
from service.services.labels.trust import trusted_issuers


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


class ServiceResolver:
    """Published material: this service's own from the database, others' over HTTP(S)."""

    def __init__(
        self,
        session: Session,
        config: IssuerConfig,
        epoch: int | None = None,
        extra_hosts: frozenset[str] = frozenset(),
    ) -> None:
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
        self._hosts: frozenset[str] | None = None
        # Hosts an authenticated caller named on purpose (an accreditation body's DID, when
        # the operator records its identity anchor), fetched from besides the trust list's.
        self._extra_hosts = extra_hosts

    def versions(self) -> cache.Versions:
        """Return what the per-process caches are keyed by, read once per resolver."""
        if self._versions is None:
            self._versions = cache.versions_at(self.session, self.epoch)
        return self._versions

    def _fetch(self, url: str) -> bytes:
        """GET what a recognised body publishes (service/services/labels/fetching.py)."""
        if self._hosts is None:
            self._hosts = body_hosts(issuer.did for issuer in self.trusted()) | self._extra_hosts
        return fetch(url, self._hosts, self.config.allow_http_did)

    def fetch_json(self, url: str) -> dict[str, Any]:
        """GET a JSON object a recognised body publishes (DependencyUnavailable otherwise)."""
        try:
            document = json.loads(self._fetch(url))
        except ValueError:
            raise DependencyUnavailable("the issuer published something that is not JSON") from None
        if not isinstance(document, dict):
            raise DependencyUnavailable("the issuer published something that is not an object")
        return document

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
        if self.config.allow_http_did and loopback(urlsplit(plain).netloc):
            url = plain  # development and tests: loopback hosts without TLS
        try:
            return self.fetch_json(url)
        except DependencyUnavailable as error:
            raise KeyUnavailable(error.message) from None

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
        try:
            return self._fetch(url).decode("ascii").strip()
        except DependencyUnavailable:
            raise CertificateError(
                "the status list is not published by a recognised body over HTTPS"
            ) from None
        except UnicodeDecodeError:
            raise CertificateError("the status list is not a compact JWS") from None

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
                found = self.fetch_json(f"{base}/api/v1/labels/{quote(label_id, safe='')}")
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
    report = verify_label(token, resolver.trusted(), resolver, utc_now())
    if not report.checks.get("signature") and report.status != "unknown":
        _withhold_unverified_status(resolver, token, report)
    return report


def _withhold_unverified_status(resolver: ServiceResolver, token: str, report: Report) -> None:
    """Keep a status read for a token whose signature was not verified only when the token
    is, byte for byte, a credential this service issued (it was verified when it was signed,
    e.g. under a key since revoked); anything else is unverifiable and yields no status."""
    subject = report.payload.get("credentialSubject") if report.payload else None
    label_id = str(subject.get("labelId", "")) if isinstance(subject, dict) else ""
    stored = resolver.local_label(label_id) if label_id else None
    if stored is not None and stored[0] == token.strip():
        return
    report.status = "unknown"
    report.errors[:] = [e for e in report.errors if not e.startswith("status:")]
