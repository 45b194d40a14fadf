"""Re-scoring every current BOM on a library version, chunk by chunk, resumably, in parts.

A current BOM is the latest version of each product's BOM. The job is split into `parts`
ranges of BOM ids (cut at the start so each holds as many current BOMs), one per worker that
may share it. Each step of a part takes the next chunk of its range's current BOMs that have
no result yet, computes their footprints on the score table (no transaction open meanwhile)
and writes one RescoreResult per BOM and the progress in one commit. A part whose range is
done helps with the others' from the top down (their owners go up), so a slow or dead worker's
range is finished by the others. A worker that dies mid-chunk loses only that chunk's
uncommitted work; the unique (job_id, bom_id) keeps a chunk computed twice (where an owner
and a helper meet) from being written twice: the second writer rolls back and moves on.
Labels (valid or suspended) whose certified value differs from the new one by more than 10%
are flagged for their body's surveillance, in the same field a worse recalculation sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lca_models import Bom, LcaError
from service.domain.decimals import to_text
from service.domain.ids import new_id
from service.domain.label_status import ISSUED as ISSUED_STATUSES
from service.domain.surveillance import moved_beyond_limit
from service.persistence.jobs import Job, LibraryVersion, RescoreResult
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Calculation, Product
from service.services.context import Caller, LcaRuntime
from service.services.footprints.calculations import gather_boms, to_engine_bom
from service.services.footprints.results import total_text
from service.services.library.rescore_results import summary
from service.services.library.versions import get_version, require_operator
from service.services.operations import jobs

DEFAULT_CHUNK = 200
ISSUED = tuple(status.value for status in ISSUED_STATUSES)


@dataclass(frozen=True)
class _Stored:
    """The columns of a stored BOM version a re-scoring reads (no entity, no product row)."""

    id: str
    product_id: str
    version: int
    document: dict[str, Any]
    org_id: str


_COLUMNS = (
    BomVersion.id,
    BomVersion.product_id,
    BomVersion.version,
    BomVersion.document,
    Product.org_id,
)


@dataclass
class _Input:
    bom: _Stored
    boms: dict[str, Bom] | None
    error: str | None
    old: str | None
    label: Label | None


def _current_bom_ids() -> Any:
    latest = (
        select(BomVersion.product_id, func.max(BomVersion.version).label("version"))
        .group_by(BomVersion.product_id)
        .subquery()
    )
    return select(BomVersion.id).join(
        latest,
        and_(BomVersion.product_id == latest.c.product_id, BomVersion.version == latest.c.version),
    )


def start_rescore(
    session: Session,
    caller: Caller | None,
    version: str,
    chunk: int = DEFAULT_CHUNK,
    parts: int = 1,
) -> tuple[Job, bool]:
    """Start (or find) the job re-scoring every current BOM on a library version.

    parts is how many workers may share it (each is sent one part: jobs.parts(job)).
    """
    if caller is not None:
        require_operator(caller)
    get_version(session, version)
    ids = list(session.scalars(_current_bom_ids().order_by(BomVersion.id)))
    parts = max(1, min(parts, len(ids)))
    # Each part starts at its first BOM id; the first part also takes anything below.
    bounds = [ids[len(ids) * k // parts] for k in range(1, parts)]
    params = {"version": version, "chunk": max(1, chunk), "parts": parts, "bounds": bounds}
    user = caller.user_id if caller else None
    return jobs.start_job(session, "rescore", f"rescore:{version}", params, user, len(ids))


def _stored(*where: Any) -> Any:
    """Select the columns a re-scoring reads of the BOM versions matching where."""
    return select(*_COLUMNS).join(Product, Product.id == BomVersion.product_id).where(*where)


def _rows(session: Session, query: Any) -> list[_Stored]:
    return [_Stored(*row) for row in session.execute(query)]


def _pending(session: Session, job: Job, part: int, chunk: int) -> list[_Stored]:
    """Return the next chunk of a part's range, or else of the other parts' from the top."""
    unrecorded = ~exists().where(
        RescoreResult.job_id == job.id, RescoreResult.bom_id == BomVersion.id
    )
    remaining = _stored(BomVersion.id.in_(_current_bom_ids()), unrecorded)
    bounds: list[str] = list(job.params.get("bounds", []))
    own = []
    if 0 < part <= len(bounds):
        own.append(BomVersion.id >= bounds[part - 1])
    if part < len(bounds):
        own.append(BomVersion.id < bounds[part])
    found = _rows(session, remaining.where(*own).order_by(BomVersion.id).limit(chunk))
    if found or not own:
        return found
    return _rows(session, remaining.order_by(BomVersion.id.desc()).limit(chunk))


def _sub_ids(document: Any) -> list[str]:
    """Return the sub-assembly BOM ids a stored document names ([] if it is malformed)."""
    try:
        return [
            sub_id
            for line in document["lines"]
            if (sub_id := line.get("component", {}).get("bom_id"))
        ]
    except (KeyError, TypeError, AttributeError):
        return []  # gathering this BOM reports the problem


_IN_BATCH = 500  # ids per IN (...) query, well under any database's parameter limit


def _load_subs(session: Session, pending: list[_Stored]) -> dict[str, _Stored]:
    """Load every sub-assembly the chunk's BOMs reach, one query per level (and batch)."""
    loaded = {bom.id: bom for bom in pending}
    tried = set(loaded)
    wanted = {sub_id for bom in pending for sub_id in _sub_ids(bom.document)} - tried
    while wanted:
        tried |= wanted
        ids = sorted(wanted)
        found: list[_Stored] = []
        for start in range(0, len(ids), _IN_BATCH):
            batch = ids[start : start + _IN_BATCH]
            found.extend(_rows(session, _stored(BomVersion.id.in_(batch))))
        loaded.update((sub.id, sub) for sub in found)
        wanted = {sub_id for sub in found for sub_id in _sub_ids(sub.document)} - tried
    return loaded


class _Parsed:
    """Engine BOMs of a chunk, each stored document turned into one once (sub-assemblies
    are shared by many parents)."""

    def __init__(self) -> None:
        self._boms: dict[str, Bom] = {}

    def __call__(self, bom: _Stored) -> Bom:
        found = self._boms.get(bom.id)
        if found is None:
            found = self._boms[bom.id] = to_engine_bom(bom.id, bom.document)
        return found


def _gather(loaded: dict[str, _Stored], parse: _Parsed, root: _Stored) -> dict[str, Bom]:
    """Load a BOM and its sub-assemblies (of the same manufacturer), once each."""

    def fetch(sub_id: str) -> _Stored:
        sub = loaded.get(sub_id)
        if sub is None or sub.org_id != root.org_id:
            raise LookupError(f"component BOM {sub_id} is not available")
        return sub

    return gather_boms(root, fetch, parse)


def _inputs(session: Session, pending: list[_Stored]) -> list[_Input]:
    ids = [bom.id for bom in pending]
    old: dict[str, tuple[Any, str, str]] = {}
    calcs = select(
        Calculation.bom_id, Calculation.computed_at, Calculation.id, Calculation.total_kg_co2e
    )
    for bom_id, at, calc_id, total in session.execute(calcs.where(Calculation.bom_id.in_(ids))):
        if bom_id not in old or (at, calc_id) > old[bom_id][:2]:
            old[bom_id] = (at, calc_id, total)
    labels: dict[str, Label] = {}
    products = {bom.product_id for bom in pending}
    found = select(Label).where(Label.product_id.in_(products), Label.status.in_(ISSUED))
    for label in session.scalars(found.order_by(Label.created_at, Label.id)):
        labels[label.product_id] = label  # the newest issued label of each product
    loaded, parse = _load_subs(session, pending), _Parsed()
    inputs = []
    for bom in pending:
        try:
            boms, error = _gather(loaded, parse, bom), None
        except (LookupError, KeyError, ValueError) as problem:
            boms, error = None, str(problem)
        previous = old.get(bom.id)
        inputs.append(
            _Input(bom, boms, error, previous[2] if previous else None, labels.get(bom.product_id))
        )
    return inputs


def _ratio(new: Decimal, old: Decimal) -> str | None:
    return None if old == 0 else to_text((new / old - 1).quantize(Decimal("0.000001")))


def _result(
    job_id: str,
    item: _Input,
    runtime: LcaRuntime,
    version: str,
    others: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Return one BOM's RescoreResult row (column values, for one bulk insert per chunk)."""
    row: dict[str, Any] = {
        "id": new_id("rescore_result"),
        "job_id": job_id,
        "bom_id": item.bom.id,
        "product_id": item.bom.product_id,
        "old_kg_co2e": item.old,
        "new_kg_co2e": None,
        "change": None,
        "label_id": item.label.id if item.label else None,
        "certified_kg_co2e": item.label.certified_kg_co2e if item.label else None,
        "label_change": None,
        "flagged": False,
        "error": item.error,
    }
    if item.boms is None:
        return row
    try:
        # Totals only: a re-scoring stores no per-line values.
        totals = runtime.engine.totals(
            item.boms[item.bom.id], version, item.boms.__getitem__, other_versions=others
        )
    except LcaError as error:
        row["error"] = error.message
        return row
    if not all(math.isfinite(float(v)) for v in totals):
        row["error"] = "the footprint is out of range"
        return row
    new = Decimal(total_text(totals))
    row["new_kg_co2e"] = to_text(new)
    if item.old is not None:
        row["change"] = _ratio(new, Decimal(item.old))
    if item.label is not None:
        change = _ratio(new, Decimal(item.label.certified_kg_co2e))
        row["label_change"] = change
        row["flagged"] = change is not None and moved_beyond_limit(Decimal(change))
    return row


def _flag(job_id: str, row: dict[str, Any], item: _Input, version: str) -> None:
    label = item.label
    if label is None or row["label_change"] is None:
        return
    change = Decimal(row["label_change"]) * 100
    label.surveillance_note = (
        f"re-scoring job {job_id} on library {version}: BOM version {item.bom.version} gives "
        f"{row['new_kg_co2e']} kg CO2e, {change:+.1f}% against the certified "
        f"{label.certified_kg_co2e}"
    )


def _recorded(session: Session, job_id: str) -> int:
    count = select(func.count()).select_from(RescoreResult).where(RescoreResult.job_id == job_id)
    return session.scalar(count) or 0


def rescore_step(session: Session, runtime: LcaRuntime, job_id: str, part: int = 0) -> bool:
    """Re-score the next chunk of the job's part (or help another); True once none is left."""
    job = session.get(Job, job_id)
    if job is None or job.state == jobs.SUCCEEDED:
        session.commit()
        return True
    version, chunk = job.params["version"], int(job.params.get("chunk", DEFAULT_CHUNK))
    # A BOM that becomes current while the job runs may or may not be re-scored by it.
    pending = _pending(session, job, part, chunk)
    if not pending:
        result, done = summary(session, job_id, None), _recorded(session, job_id)
        session.commit()  # write in a transaction of its own (see jobs.claim)
        jobs.finish(session, job_id, result, done)
        return True
    inputs = _inputs(session, pending)
    # Lines naming another version ("VERSION:CODE", checked when the BOM was stored) stay on it.
    others = frozenset(session.scalars(select(LibraryVersion.version)))
    session.commit()  # no transaction stays open across the calculations
    rows = [_result(job_id, item, runtime, version, others) for item in inputs]
    try:
        session.execute(insert(RescoreResult), rows)
        for row, item in zip(rows, inputs, strict=True):
            if row["flagged"]:
                _flag(job_id, row, item, version)
        session.flush()
    except IntegrityError:  # another worker recorded some of this chunk meanwhile: take theirs
        session.rollback()
        return False
    jobs.record_progress(session, job, _recorded(session, job_id), job.total)
    session.commit()
    return False
