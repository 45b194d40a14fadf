"""Seed a database with N signed labels for bench/verify.py.

A few labels are issued through the normal use cases (the API with a test client: product,
BOM, calculation, application, review, approval), so keys, status lists, credentials and the
transparency log are exactly what issuance writes. The remaining labels copy the first one's
application and subject, each with its own label ID, its own distinct status list indices,
a real vc+jwt signed with the body's key, and its own log entry; the log's new leaves and
complete-subtree hashes come from certificates.log.MerkleLog over an in-memory store that
keeps only the frontier, and are written in batches (COPY on PostgreSQL, executemany on
SQLite) with one signed checkpoint at the end.

Not part of the test run: imported by bench/verify.py only.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

BATCH = 10_000
PASSPHRASE = "bench-key-passphrase"  # noqa: S105  (throwaway benchmark keys)
REAL_LABELS = 3  # issued through the API, the rest bulk-inserted


@dataclass(frozen=True)
class SeedConfig:
    database_url: str
    brightway_dir: Path
    instance_dir: Path
    service_url: str
    labels: int


def settings_for(seed: SeedConfig) -> Any:
    from service.settings import Settings

    return Settings(
        environment="development",
        database_url=seed.database_url,
        brightway_dir=seed.brightway_dir,
        secret_key="bench-secret-key",  # noqa: S106  (throwaway benchmark database)
        instance_dir=seed.instance_dir,
        service_url=seed.service_url,
        key_passphrase=PASSPHRASE,
    )


def env_for(seed: SeedConfig) -> dict[str, str]:
    """The environment a gunicorn worker needs to build the same Settings."""
    return {
        "GBA_ENV": "development",
        "DATABASE_URL": seed.database_url,
        "BRIGHTWAY_DIR": str(seed.brightway_dir),
        "GBA_INSTANCE_DIR": str(seed.instance_dir),
        "SECRET_KEY": "bench-secret-key",
        "SERVICE_URL": seed.service_url,
        "KEY_PASSPHRASE": PASSPHRASE,
    }


def say(message: str) -> None:
    print(message, flush=True)


def label_count(engine: Engine) -> int:
    from service.persistence.labels import Label

    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(Label)) or 0)
    except Exception:
        return -1


def reset_schema(engine: Engine, database_url: str) -> None:
    """Start from an empty database (only the benchmark's own database or file)."""
    if engine.dialect.name == "postgresql":
        if not database_url.rstrip("/").endswith("/bench_verify") and "bench" not in (
            engine.url.database or ""
        ):
            raise SystemExit(f"refusing to reset {database_url}: not a bench database")
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        path = Path(engine.url.database or "")
        engine.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def ensure_seeded(seed: SeedConfig, reseed: bool = False) -> None:
    """Seed the database with seed.labels labels unless it already holds exactly that many."""
    from service.persistence.database import make_engine
    from service.persistence.migrations import upgrade_to_head

    engine = make_engine(seed.database_url)
    have = label_count(engine)
    if have == seed.labels and not reseed:
        say(f"database already holds {have} labels; reusing it (--reseed to rebuild)")
        engine.dispose()
        return
    say(f"seeding {seed.labels} labels into {engine.url.render_as_string(hide_password=True)}")
    reset_schema(engine, seed.database_url)
    engine = make_engine(seed.database_url)
    upgrade_to_head(seed.database_url)
    t0 = time.perf_counter()
    app = issue_real_labels(seed, min(REAL_LABELS, seed.labels))
    say(
        f"  {min(REAL_LABELS, seed.labels)} labels issued through the API in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    if seed.labels > REAL_LABELS:
        t1 = time.perf_counter()
        bulk_labels(app, engine, seed.labels - REAL_LABELS)
        seconds = time.perf_counter() - t1
        say(f"  {seed.labels - REAL_LABELS} labels bulk-inserted in {seconds:.0f} s")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    have = label_count(engine)
    engine.dispose()
    if have != seed.labels:
        raise SystemExit(f"seeding left {have} labels, wanted {seed.labels}")


def issue_real_labels(seed: SeedConfig, count: int) -> Any:
    """Issue count labels through the API, as tests/service/label_fixtures.py does."""
    from service import create_app
    from service.services.accounts import organisations
    from service.services.labels.signing_keys import host_did

    app = create_app(settings_for(seed))
    state = app.extensions["gba"]
    with state.session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Bench Manufacturer")
        body = organisations.create_organisation(
            session,
            "certification_body",
            "Bench Certification Body",
            "CN-GD",
            "CNAS C000-P (bench)",
            host_did(state.issuer, "bodies", "bench"),
            "BENCH",
        )
        _, maker_token = organisations.create_user(session, maker.id, "manufacturer", "m@b.test")
        _, reviewer_token = organisations.create_user(session, body.id, "reviewer", "r@b.test")
        _, decider_token = organisations.create_user(session, body.id, "decision_maker", "d@b.test")
        body_id = body.id
    maker_h = {"Authorization": f"Bearer {maker_token}"}
    reviewer_h = {"Authorization": f"Bearer {reviewer_token}"}
    decider_h = {"Authorization": f"Bearer {decider_token}"}
    client = app.test_client()

    def ok(response: Any, status: int = 201) -> dict[str, Any]:
        if response.status_code != status:
            raise SystemExit(f"seeding failed: {response.status_code} {response.get_json()}")
        return dict(response.get_json())

    for i in range(count):
        product = ok(
            client.post(
                "/api/v1/products",
                headers=maker_h,
                json={
                    "sku": f"BENCH-{i}",
                    "names": {"en": "Power bank", "zh-Hans": "移动电源"},
                    "declared_unit": {"amount": "1", "unit": "piece"},
                },
            )
        )
        bom = ok(
            client.post(
                f"/api/v1/products/{product['id']}/boms",
                headers=maker_h,
                json={
                    "system_boundary": "cradle-to-gate",
                    "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
                    "site": {"name": "Bao'an plant", "region": "CN-GD"},
                    "lines": [
                        {
                            "ref": "power",
                            "stage": "production",
                            "activity": "electricity-cn-footprint-2023",
                            "amount": str(2 + i),
                            "unit": "kWh",
                        }
                    ],
                },
            )
        )
        ok(client.post(f"/api/v1/boms/{bom['id']}/calculations", headers=maker_h))
        application = ok(
            client.post(
                f"/api/v1/boms/{bom['id']}/applications",
                headers=maker_h,
                json={"certification_body": body_id},
            )
        )
        ok(
            client.post(
                f"/api/v1/applications/{application['id']}/review",
                headers=reviewer_h,
                json={"outcome": "recommend_approval", "note": "ok"},
            ),
            200,
        )
        ok(
            client.post(
                f"/api/v1/applications/{application['id']}/decision",
                headers=decider_h,
                json={"decision": "approve", "note": "ok"},
            ),
            200,
        )
    return app


class FrontierStore:
    """An in-memory NodeStore keeping only what appends need: the newest node of each level.

    Appending leaf n reads only left siblings of completed subtrees, which are always the
    newest node of their level, and the root reads the same frontier. New nodes are queued in
    pending for the caller to write to log_nodes.
    """

    def __init__(self, nodes: dict[tuple[int, int], bytes]) -> None:
        self.nodes = dict(nodes)
        self.pending: list[tuple[int, int, bytes]] = []

    def get(self, level: int, index: int) -> bytes | None:
        return self.nodes.get((level, index))

    def put(self, level: int, index: int, digest: bytes) -> None:
        self.nodes[(level, index)] = digest
        self.pending.append((level, index, digest))

    def prune(self) -> None:
        newest: dict[int, int] = {}
        for level, index in self.nodes:
            newest[level] = max(index, newest.get(level, -1))
        self.nodes = {(lv, ix): self.nodes[(lv, ix)] for lv, ix in newest.items()}


def _columns(model: Any) -> list[str]:
    return [c.name for c in model.__table__.columns]


def _writer(engine: Engine) -> Callable[[Any, Any, list[dict[str, Any]]], None]:
    """Return write(connection, model, rows): COPY on PostgreSQL, executemany elsewhere."""
    if engine.dialect.name == "postgresql":

        def copy_rows(conn: Any, model: Any, rows: list[dict[str, Any]]) -> None:
            columns = _columns(model)
            raw = conn.connection.driver_connection
            with raw.cursor() as cursor:
                sql = f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN"
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row([row[c] for c in columns])

        return copy_rows

    def insert_rows(conn: Any, model: Any, rows: list[dict[str, Any]]) -> None:
        conn.execute(model.__table__.insert(), rows)

    return insert_rows


def _free_indices(used: set[int], size: int, rng: random.Random) -> Iterator[int]:
    free = [i for i in range(size) if i not in used]
    rng.shuffle(free)
    return iter(free)


def bulk_labels(app: Any, engine: Engine, count: int) -> None:
    """Insert count more labels of the first real label's body, application and subject."""
    from certificates.credential import credential_digest, label_credential, sign_credential
    from certificates.label_ids import JURISDICTION_CODES, LabelId
    from certificates.log import Checkpoint, MerkleLog, sign_checkpoint
    from certificates.status_list import LIST_SIZE, status_entry
    from service.domain.ids import new_id
    from service.persistence.certification import Application
    from service.persistence.labels import Label, LogCheckpoint, LogEntry, LogNode, StatusList
    from service.services.context import utc_now
    from service.services.labels import transparency
    from service.services.labels.issuance import verification_url
    from service.services.labels.signing_keys import ensure_key, signer_for
    from service.services.labels.status_lists import list_url, new_list, sign_list
    from service.services.labels.subject import label_subject

    state = app.extensions["gba"]
    config = state.issuer
    write = _writer(engine)
    rng = random.Random(2026)
    with state.session_factory() as session:
        first = session.scalars(select(Label).order_by(Label.serial).limit(1)).one()
        application = session.get(Application, first.application_id)
        body = first.body
        now = utc_now().replace(microsecond=0)
        key = ensure_key(session, body, config, now)
        signer = signer_for(key, config)
        template = label_subject(application, first.id)
        issuer = {"id": body.did or "", "name": body.name}
        valid_until = now + timedelta(days=config.label_validity_days)
        last_serial = session.scalar(
            select(func.max(Label.serial)).where(
                Label.body_org_id == body.id, Label.year == now.year
            )
        )
        serial = int(last_serial or 0)
        # Status lists: the real pair first (minus the indices issuance took), then new pairs
        # of the same body, each signed as issuance signs a fresh list.
        pairs: list[tuple[StatusList, StatusList, Iterator[int], Iterator[int]]] = []
        for purpose_pair in [(first.revocation_list_id, first.suspension_list_id)]:
            rev = session.get(StatusList, purpose_pair[0])
            sus = session.get(StatusList, purpose_pair[1])
            rev_used = set(
                session.scalars(
                    select(Label.revocation_index).where(Label.revocation_list_id == rev.id)
                )
            )
            sus_used = set(
                session.scalars(
                    select(Label.suspension_index).where(Label.suspension_list_id == sus.id)
                )
            )
            pairs.append(
                (
                    rev,
                    sus,
                    _free_indices(rev_used, rev.size, rng),
                    _free_indices(sus_used, sus.size, rng),
                )
            )
        capacity = LIST_SIZE - max(pairs[0][0].used, pairs[0][1].used)
        while capacity < count:
            new_pair = []
            for purpose in ("revocation", "suspension"):
                sl = new_list(session, body, purpose, now)
                sign_list(session, sl, body, config, now)
                new_pair.append(sl)
            pairs.append(
                (
                    new_pair[0],
                    new_pair[1],
                    _free_indices(set(), LIST_SIZE, rng),
                    _free_indices(set(), LIST_SIZE, rng),
                )
            )
            capacity += LIST_SIZE
        session.commit()
        # The log as it stands (a handful of entries): every stored node, then the frontier.
        size = transparency.log_size(session)
        nodes = {(n.level, n.idx): bytes(n.hash) for n in session.scalars(select(LogNode))}
        note_signer = transparency.note_signer(session, config, now)
        origin = transparency.origin(config)
        app_row = {c: getattr(application, c) for c in _columns(Application)}
        label_row = {c: getattr(first, c) for c in _columns(Label)}
        pair_ids = [(p[0].id, p[1].id) for p in pairs]
        session.commit()

    jurisdiction = JURISDICTION_CODES[str(body.jurisdiction)]
    store = FrontierStore(nodes)
    log = MerkleLog(store, size)
    store.prune()
    store.pending.clear()
    pair_no = 0
    used_by_pair = [0 for _ in pairs]
    done = 0
    t0 = time.perf_counter()
    with engine.connect() as conn:
        while done < count:
            n = min(BATCH, count - done)
            apps, labels, entries = [], [], []
            for _ in range(n):
                rev_list, sus_list, rev_free, sus_free = pairs[pair_no]
                try:
                    rev_index, sus_index = next(rev_free), next(sus_free)
                except StopIteration:
                    pair_no += 1
                    rev_list, sus_list, rev_free, sus_free = pairs[pair_no]
                    rev_index, sus_index = next(rev_free), next(sus_free)
                used_by_pair[pair_no] += 1
                serial += 1
                label_id = str(LabelId(jurisdiction, body.label_code, now.year, serial))
                application_id = new_id("application")
                apps.append(app_row | {"id": application_id})
                subject = dict(template)
                subject["labelId"] = label_id
                rev_url, sus_url = list_url(config, rev_list.id), list_url(config, sus_list.id)
                payload = label_credential(
                    verification_url(config, label_id),
                    issuer,
                    _iso(now),
                    _iso(valid_until),
                    [
                        status_entry(rev_url, "revocation", rev_index),
                        status_entry(sus_url, "suspension", sus_index),
                    ],
                    subject,
                )
                token = sign_credential(payload, signer)
                entry = token.encode("ascii")
                index = log.append(entry)
                entries.append(
                    {
                        "idx": index,
                        "kind": "label",
                        "subject": label_id,
                        "issuer_did": body.did,
                        "entry": entry,
                        "leaf_hash": store.nodes[(0, index)],
                        "created_at": now,
                    }
                )
                labels.append(
                    label_row
                    | {
                        "id": label_id,
                        "application_id": application_id,
                        "serial": serial,
                        "year": now.year,
                        "credential": token,
                        "credential_sha256": credential_digest(token),
                        "valid_from": now,
                        "valid_until": valid_until,
                        "revocation_list_id": rev_list.id,
                        "revocation_index": rev_index,
                        "suspension_list_id": sus_list.id,
                        "suspension_index": sus_index,
                        "log_index": index,
                        "created_at": now,
                    }
                )
            node_rows = [{"level": lv, "idx": ix, "hash": h} for lv, ix, h in store.pending]
            store.pending.clear()
            store.prune()
            with conn.begin():
                write(conn, Application, apps)
                write(conn, Label, labels)
                write(conn, LogEntry, entries)
                write(conn, LogNode, node_rows)
            done += n
            rate = done / (time.perf_counter() - t0)
            if done % (BATCH * 10) == 0 or done == count:
                say(f"  {done}/{count} labels ({rate:.0f}/s, ~{(count - done) / rate:.0f} s left)")
        checkpoint = Checkpoint(origin, log.size, log.root())
        with conn.begin():
            write(
                conn,
                LogCheckpoint,
                [
                    {
                        "size": log.size,
                        "root_hash": checkpoint.root_hash,
                        "signed_note": sign_checkpoint(checkpoint, note_signer),
                        "created_at": now,
                    }
                ],
            )
            for (rev_id, sus_id), used in zip(pair_ids, used_by_pair, strict=True):
                for list_id in (rev_id, sus_id):
                    conn.execute(
                        StatusList.__table__.update()
                        .where(StatusList.__table__.c.id == list_id)
                        .values(used=StatusList.__table__.c.used + used)
                    )


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
