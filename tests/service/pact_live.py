"""The service over real HTTPS (self-signed certificate) on 127.0.0.1, with certified labels.

Used by the conformance-style suite and bench/pact.py. The app runs on its own SQLite file
(threads serve requests and run callbacks, so it cannot join a test's rolled-back
transaction), with in-process jobs; clients and partners are registered through the CLI.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import Flask
from werkzeug.serving import make_server

from service import create_app
from service.persistence.database import make_engine, make_session_factory
from service.persistence.migrations import upgrade_to_head
from service.services.accounts import organisations
from service.settings import Settings
from tests.service.helpers import create_product
from tests.service.label_helpers import issue_for, run_cli
from tests.service.pact_listener import CLIENT_ID, CLIENT_SECRET, Listener
from tests.service.pact_world import GTIN_A, GTIN_B


@dataclass
class LiveHost:
    """A running HTTPS host and what a buyer needs to call it."""

    app: Flask
    base_url: str  # https://127.0.0.1:PORT/pact
    plain_url: str  # the same port, http://
    cert_path: Path
    client_id: str
    client_secret: str
    listener: Listener
    labels: list[str]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Write a certificate for 127.0.0.1 and its key (P-256, one day); return their paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "pact-cert.pem", folder / "pact-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _certify(app: Flask, session_factory: Any) -> list[str]:
    """A manufacturer with two products, three labels (one product certified twice)."""
    with session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Pearl River Cells")
        body = organisations.create_organisation(
            session,
            "certification_body",
            "GD Certification",
            "CN-GD",
            "CNAS C000-P",
            "did:web:example.test:bodies:live",
            "LV",
        )
        _, maker_token = organisations.create_user(session, maker.id, "manufacturer", "m@x.test")
        people = {}
        for role in ("reviewer", "decision_maker"):
            _, token = organisations.create_user(session, body.id, role, f"{role}@x.test")
            people[role] = {"headers": {"Authorization": f"Bearer {token}"}}
        maker_id = maker.id
    client = app.test_client()
    headers = {"Authorization": f"Bearer {maker_token}"}
    certifier = {
        "body": body.id,
        "reviewer": people["reviewer"],
        "decider": people["decision_maker"],
    }
    first = create_product(client, headers, gtin=GTIN_A, mass_kg="0.42")
    second = create_product(client, headers, declared=("1", "kg"), gtin=GTIN_B)
    labels = [issue_for(client, headers, first, certifier, amount="2")]
    labels.append(issue_for(client, headers, second, certifier, amount="3"))
    labels.append(issue_for(client, headers, first, certifier, amount="1.5"))
    app.config["PACT_TEST_MAKER"] = maker_id
    return labels


@contextmanager
def live_host(
    folder: Path, brightway_dir: Path, database_url: str | None = None
) -> Iterator[LiveHost]:
    """Run the service over HTTPS with certified labels, a buyer's client and a partner.

    database_url: an empty database to migrate (default: a SQLite file in folder).
    """
    database_url = database_url or f"sqlite:///{folder / 'pact-live.sqlite3'}"
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    session_factory = make_session_factory(engine)
    cert_path, key_path = self_signed(folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    settings = Settings(
        # Development, so that the callback listener may be plain HTTP on loopback; the port
        # itself speaks only TLS (test_pact_host.py checks production's HTTPS-only rule).
        environment="development",
        database_url=database_url,
        brightway_dir=brightway_dir,
        secret_key="live-secret-key",
        key_passphrase="live-key-passphrase",
        service_url="https://127.0.0.1",
        instance_dir=folder / "instance",
        jobs_backend="inprocess",
    )
    app = create_app(settings, session_factory)
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=context)
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with Listener() as listener:
            labels = _certify(app, session_factory)
            created = run_cli(
                app,
                "pact",
                "clients",
                "create",
                "--org",
                app.config["PACT_TEST_MAKER"],
                "--name",
                "Buyer Ltd",
            )
            assert created.exit_code == 0, created.output
            client_id, secret = created.output.split()[-2:]
            added = run_cli(
                app,
                "pact",
                "partners",
                "add",
                "--url",
                listener.url,
                "--client-id",
                CLIENT_ID,
                "--client-secret",
                CLIENT_SECRET,
            )
            assert added.exit_code == 0, added.output
            yield LiveHost(
                app,
                f"https://127.0.0.1:{port}/pact",
                f"http://127.0.0.1:{port}/pact",
                cert_path,
                client_id,
                secret,
                listener,
                labels,
            )
    finally:
        server.shutdown()
        thread.join(timeout=5)
        from service.jobs import shutdown

        shutdown(app)
        engine.dispose()
