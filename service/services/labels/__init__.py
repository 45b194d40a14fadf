"""Labels: issuance, subject, lifecycle (suspend, reinstate, revoke), status lists, artefacts,
verification, trust, endorsements, signing keys and the transparency log.

The layers above (API, pages, CLI, jobs) call the modules named in ``__all__``:

- `artefacts`: A label's human artefacts: PDF certificate, SVG label artwork and QR code.
- `dcc`: A label's UNTP Digital Conformity Credential: issued, signed and logged with the label.
- `endorsements`: Endorsements: a recognised body recognising another body's label, and accepting
  them.
- `fetching`: Fetching what recognised bodies publish (DID documents, status lists, label records).
- `identity_anchor`: A body's accreditation as a UNTP Digital Identity Anchor: recorded from its
  accreditor.
- `issuance`: Issuing a label when an application is approved, inside the approval's unit of work.
- `key_admin`: The deployer's key operations: rotate a body's key, revoke a compromised one.
- `lifecycle`: Reading labels publicly, and a body suspending, reinstating or revoking them.
- `public_pages`: Read model of the public verification page (the QR code's target): one call per
  page.
- `public_verification`: The answer of the public verification API: checks, status, reasons and
  endorsements.
- `registry`: What this service publishes about itself: hosted bodies, DID documents, the log's key.
- `registry_search`: The public register of labels: finding a label by what a person typed, and the
  directory.
- `resolver`: What a label's QR URL and a product's GTIN resolve to: an RFC 9264 linkset (UNTP IDR).
- `signing_keys`: Signing keys of certification bodies and of the operator: creation, rotation,
  revocation.
- `status_history`: A label's history (issued, suspended, reinstated, revoked), read from the
  transparency log,.
- `status_lists`: Bitstring status lists of each body: index allocation, bit changes and re-signing.
- `subject`: What a label states: the credential subject built from an approved application.
- `transparency`: The transparency log in the database: appends, signed checkpoints, receipts and
  proofs.
- `trust`: The trust list this service publishes and verifies with: its own bodies and recognised
  ones.
- `uncertainty_claims`: What a label states about its result's uncertainty and data quality
  (credential claims).
- `verification`: Verifying any label credential from any recognised issuer, from published material
  only.
- `verification_answers`: A per-process cache of verification answers for this service's own labels.
- `verification_cache`: Per-process caches for verification that never serve a stale status, trust
  list or key.
"""

__all__ = [
    "artefacts",
    "dcc",
    "endorsements",
    "fetching",
    "identity_anchor",
    "issuance",
    "key_admin",
    "lifecycle",
    "public_pages",
    "public_verification",
    "registry",
    "registry_search",
    "resolver",
    "signing_keys",
    "status_history",
    "status_lists",
    "subject",
    "transparency",
    "trust",
    "uncertainty_claims",
    "verification",
    "verification_answers",
    "verification_cache",
]
