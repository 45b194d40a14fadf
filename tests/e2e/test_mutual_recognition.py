"""Two instances, a Shenzhen body and a Hong Kong body, recognise each other's labels.

Each instance is a real HTTP server (werkzeug, in a daemon thread, on 127.0.0.1 and a free
port) with its own SQLite file, instance directory, keys and passphrase; they share only the
Brightway directory. Everything one instance knows of the other it fetches over loopback HTTP
from what the other publishes: DID documents, log key, status lists, labels and receipts.

The databases are always these SQLite files, even when TEST_DATABASE_URL names PostgreSQL: two
services need two databases whose commits the servers' threads see, which the service tests'
single rolled-back transaction cannot give.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from certificates.credential import sign_credential
from certificates.jws import decode
from certificates.keys import LocalSigner, generate_private_key
from lca_models import ProjectInfo, build_score_table
from service import create_app
from service.persistence.migrations import upgrade_to_head
from service.services.accounts import organisations
from service.settings import Settings

_SKUS = itertools.count(1)
CHECKS = {"signature", "issuer_trusted", "validity_period", "status", "log_inclusion"}


class _Deferred:
    """A WSGI app set after the server is bound: the app's URL needs the server's port."""

    app: Flask | None = None

    def __call__(self, environ: Any, start_response: Any) -> Any:
        assert self.app is not None
        return self.app(environ, start_response)


@dataclass
class Instance:
    """One running service with a certification body, its certifiers and a manufacturer."""

    name: str
    url: str
    app: Flask
    did: str
    tokens: dict[str, str] = field(default_factory=dict)
    body_id: str = ""

    def call(self, method: str, path: str, body: Any = None, who: str | None = None) -> Any:
        """Send a JSON request; return (status, parsed body or text)."""
        headers = {"Content-Type": "application/json"}
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310  (our loopback server)
            self.url + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode("utf-8")

    def ok(self, method: str, path: str, body: Any = None, who: str | None = None) -> Any:
        """Send a request that must succeed; return its body."""
        status, answer = self.call(method, path, body, who)
        assert status in (200, 201), (self.name, method, path, status, answer)
        return answer

    def cli(self, *args: str) -> str:
        """Run a CLI verb as `flask --app service ...` would, inside this app's context."""
        with self.app.app_context():
            result = self.app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, (result.output, result.exception)
        return str(result.output)


def _start(name: str, folder: Path, brightway_dir: Path) -> tuple[Instance, BaseWSGIServer]:
    deferred = _Deferred()
    server = make_server("127.0.0.1", 0, deferred, threaded=True)
    port = server.server_port
    url = f"sqlite:///{folder / name / 'service.sqlite3'}"
    (folder / name).mkdir(parents=True)
    upgrade_to_head(url)
    settings = Settings(
        environment="development",
        database_url=url,
        brightway_dir=brightway_dir,
        secret_key=f"{name}-secret-key",
        key_passphrase=f"{name}-key-passphrase-of-its-own",
        instance_dir=folder / name / "instance",
        service_url=f"http://127.0.0.1:{port}",
        allow_http_did=True,
    )
    deferred.app = create_app(settings)
    thread = threading.Thread(target=server.serve_forever, name=f"gba-{name}", daemon=True)
    thread.start()
    did = f"did:web:127.0.0.1%3A{port}:bodies:{name}"
    return Instance(name, f"http://127.0.0.1:{port}", deferred.app, did), server


def add_body(instance: Instance, code: str, jurisdiction: str, accreditation: str) -> str:
    """Register a body did:web:127.0.0.1%3APORT:bodies:<code> with certifiers; return its id.

    Their tokens are kept as "<code>-reviewer" and "<code>-decider".
    """
    did = f"did:web:127.0.0.1%3A{instance.url.rsplit(':', 1)[1]}:bodies:{code.lower()}"
    with instance.app.extensions["gba"].session_factory() as session:
        body = organisations.create_organisation(
            session, "certification_body", f"{code} Certification Centre",
            jurisdiction, accreditation, did, code,
        )  # fmt: skip
        for role, short in (("reviewer", "reviewer"), ("decision_maker", "decider")):
            email = f"{code}-{short}@{instance.name}.test"
            instance.tokens[f"{code}-{short}"] = organisations.create_user(
                session, body.id, role, email
            )[1]
        if "maker" not in instance.tokens:
            maker = organisations.create_organisation(session, "manufacturer", "Pearl River")
            user = organisations.create_user(session, maker.id, "manufacturer", "m@x.test")
            instance.tokens["maker"] = user[1]
    return body.id


@pytest.fixture(scope="module")
def instances(shipped_project: ProjectInfo, brightway_dir: Path) -> Iterator[dict[str, Instance]]:
    """Instance A (Shenzhen body "sz") and instance B (Hong Kong body "hk"), serving."""
    build_score_table(brightway_dir, shipped_project.library_version)
    folder = Path(tempfile.mkdtemp(prefix="gba-mutual-"))
    started = [_start(name, folder, brightway_dir) for name in ("sz", "hk")]
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NO_PROXY", "127.0.0.1,localhost")  # loopback only, never a proxy
            sz, hk = (instance for instance, _ in started)
            sz.body_id = add_body(sz, "SZ", "CN-GD", "CNAS C001-P")
            hk.body_id = add_body(hk, "HK", "HK", "HKAS 001")
            yield {"sz": sz, "hk": hk}
    finally:
        for _, server in started:
            server.shutdown()
            server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def issue(instance: Instance, code: str, body_id: str) -> dict[str, Any]:
    """Register a product, calculate a BOM, apply, review, approve; return the public label."""
    who = "maker"
    product = {
        "sku": f"PB-{next(_SKUS)}",
        "names": {"en": "Power bank"},
        "declared_unit": {"amount": "1", "unit": "piece"},
    }
    product = instance.ok("POST", "/api/v1/products", product, who)
    line = {
        "ref": "power",
        "stage": "production",
        "activity": "electricity-cn-footprint-2023",
        "amount": "2",
        "unit": "kWh",
    }
    document = {
        "system_boundary": "cradle-to-gate",
        "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
        "site": {"name": "Bao'an plant", "region": "CN-GD"},
        "lines": [line],
    }
    bom = instance.ok("POST", f"/api/v1/products/{product['id']}/boms", document, who)
    instance.ok("POST", f"/api/v1/boms/{bom['id']}/calculations", None, who)
    applied = {"certification_body": body_id}
    applied = instance.ok("POST", f"/api/v1/boms/{bom['id']}/applications", applied, who)
    path = f"/api/v1/applications/{applied['id']}"
    review = {"outcome": "recommend_approval", "note": "ok"}
    instance.ok("POST", f"{path}/review", review, f"{code}-reviewer")
    decision = {"decision": "approve", "note": "ok"}
    decision = instance.ok("POST", f"{path}/decision", decision, f"{code}-decider")
    label: dict[str, Any] = instance.ok("GET", f"/api/v1/labels/{decision['label_id']}")
    return label


def verification(instance: Instance, credential: str) -> dict[str, Any]:
    """Ask an instance to verify a credential; every check must be reported."""
    body = {"credential": credential}
    result: dict[str, Any] = instance.ok("POST", "/api/v1/verifications", body)
    assert set(result["checks"]) == CHECKS, result
    return result


def recognise(verifier: Instance, other: Instance, jurisdiction: str, accreditation: str) -> str:
    """`flask trust add` on verifier: it fetches other's DID document and log key over HTTP."""
    return verifier.cli(
        "trust", "add", "--did", other.did, "--url", other.url,
        "--jurisdiction", jurisdiction, "--accreditation", accreditation,
    )  # fmt: skip


def test_two_instances_recognise_each_others_labels(instances):
    sz, hk = instances["sz"], instances["hk"]
    sz_label, hk_label = issue(sz, "SZ", sz.body_id), issue(hk, "HK", hk.body_id)
    assert sz_label["label_id"].startswith("GBA-GDSZ-")
    assert hk_label["label_id"].startswith("GBA-HKHK-")
    sz_token, hk_token = sz_label["credential"], hk_label["credential"]
    assert decode(sz_token).header["kid"].startswith(sz.did + "#key-")

    # Each verifies its own label, and rejects the other's before any agreement.
    assert verification(sz, sz_token)["verified"] is True
    assert verification(hk, hk_token)["verified"] is True
    for verifier, token in ((hk, sz_token), (sz, hk_token)):
        result = verification(verifier, token)
        assert result["verified"] is False and result["checks"]["issuer_trusted"] is False

    # Each recognises the other from what it publishes (DID document, log key).
    assert "HK Certification Centre" in recognise(sz, hk, "HK", "HKAS 001")
    assert "SZ Certification Centre" in recognise(hk, sz, "CN-GD", "CNAS C001-P")
    for verifier, token in ((hk, sz_token), (sz, hk_token)):
        result = verification(verifier, token)
        assert result["verified"] is True and result["status"] == "valid", result
        assert all(result["checks"].values()) and result["errors"] == []
    trust_list = decode(hk.ok("GET", "/api/v1/trust-list")).payload
    issuers = {i["did"]: i for i in trust_list["credentialSubject"]["trustedIssuers"]}
    assert issuers[sz.did]["jurisdiction"] == "CN-GD" and issuers[sz.did]["keys"]

    # HK endorses the Shenzhen label and hands the endorsement to Shenzhen.
    endorsement = hk.ok("POST", "/api/v1/endorsements", {"credential": sz_token}, "HK-decider")
    assert decode(endorsement["endorsement"]).payload["credentialSubject"]["recognisedIn"] == "HK"
    # Shenzhen keeps it only for the label it names, which must be one of its own.
    wrong = f"/api/v1/labels/{hk_label['label_id']}/endorsements"
    assert sz.call("POST", wrong, {"endorsement": endorsement["endorsement"]})[0] == 404
    right = f"/api/v1/labels/{sz_label['label_id']}/endorsements"
    accepted = sz.ok("POST", right, {"endorsement": endorsement["endorsement"]})
    assert accepted == {"endorser": hk.did, "recognised_in": "HK"}
    shown = sz.ok("GET", f"/api/v1/labels/{sz_label['label_id']}")
    assert [e["recognised_in"] for e in shown["endorsements"]] == ["HK"]
    assert shown["endorsements"][0]["endorser"] == hk.did
    for verifier in (sz, hk):
        result = verification(verifier, sz_token)
        assert result["verified"] is True, result
        assert [e["recognised_in"] for e in result["endorsements"]] == ["HK"], result
        assert result["endorsements"][0]["name"] == "HK Certification Centre"

    # A third issuer, hosted by A but not recognised by B, is rejected by B.
    mo_label = issue(sz, "MO", add_body(sz, "MO", "MO", "IPAC 009"))
    assert mo_label["label_id"].startswith("GBA-MOMO-")
    assert verification(sz, mo_label["credential"])["verified"] is True
    result = verification(hk, mo_label["credential"])
    assert result["verified"] is False and result["checks"]["issuer_trusted"] is False
    # ... and so is a credential signed by a key nobody published, under an unknown DID.
    payload = decode(sz_token).payload
    stranger = "did:web:127.0.0.1%3A9:bodies:nobody"
    payload["issuer"] = {"id": stranger, "name": "Nobody"}
    forged = sign_credential(payload, LocalSigner(f"{stranger}#key-1", generate_private_key()))
    for verifier in (sz, hk):
        assert verification(verifier, forged)["checks"]["issuer_trusted"] is False

    # Shenzhen suspends its label: B reads A's status list and says so at once.
    suspension = f"/api/v1/labels/{sz_label['label_id']}/suspension"
    sz.ok("POST", suspension, {"reason": "audit"}, "SZ-decider")
    for verifier in (hk, sz):
        result = verification(verifier, sz_token)
        assert result["verified"] is False and result["status"] == "suspended", result
        assert result["checks"]["status"] is True and result["checks"]["signature"] is True
    sz.ok("DELETE", suspension, {"reason": "lifted"}, "SZ-decider")
    assert verification(hk, sz_token)["verified"] is True
