"""Re-scoring every current BOM on a library version, chunk by chunk, resumably.

A current BOM is the latest version of each product's BOM. Each step takes the next chunk
of current BOMs that have no result in the job yet, computes their footprints on the score
table (no transaction open meanwhile), writes one RescoreResult per BOM and the progress in
one commit. A worker that dies mid-chunk loses only that chunk's uncommitted work; the unique
(job_id, bom_id) keeps a retried chunk from writing a row twice. Labels (valid or suspended)
whose certified value differs from the new one by more than 10% are flagged for their body's
surveillance, in the same field a worse recalculation sets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lca_models import Bom, LcaError
from service.domain.decimals import to_text
from service.domain.ids import new_id
from service.persistence.jobs import Job, RescoreResult
from service.persistence.labels import Label
from service.persistence.models import BomVersion, Calculation
from service.services import jobs
from service.services.calculations import gather_boms, to_engine_bom
from service.services.context import Caller, LcaRuntime
from service.services.library_versions import get_version, require_operator
from service.services.results import total_text

DEFAULT_CHUNK = 200
# A re-scored value more than 10% away from the certified one asks the body to look again.
FLAG_LIMIT = Decimal("0.10")
ISSUED = ("valid", "suspended")


@dataclass
class _Input:
    bom: BomVersion
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
    session: Session, caller: Caller | None, version: str, chunk: int = DEFAULT_CHUNK
) -> tuple[Job, bool]:
    """Start (or find) the job re-scoring every current BOM on a library version."""
    if caller is not None:
        require_operator(caller)
    get_version(session, version)
    total = session.scalar(select(func.count()).select_from(_current_bom_ids().subquery())) or 0
    params = {"version": version, "chunk": max(1, chunk)}
    user = caller.user_id if caller else None
    return jobs.start_job(session, "rescore", f"rescore:{version}", params, user, total)


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


def _load_subs(session: Session, pending: list[BomVersion]) -> dict[str, BomVersion]:
    """Load every sub-assembly the chunk's BOMs reach, one query per level (and batch)."""
    loaded = {bom.id: bom for bom in pending}
    tried = set(loaded)
    wanted = {sub_id for bom in pending for sub_id in _sub_ids(bom.document)} - tried
    while wanted:
        tried |= wanted
        ids = sorted(wanted)
        found: list[BomVersion] = []
        for start in range(0, len(ids), _IN_BATCH):
            batch = ids[start : start + _IN_BATCH]
            found.extend(session.scalars(select(BomVersion).where(BomVersion.id.in_(batch))))
        loaded.update((sub.id, sub) for sub in found)
        wanted = {sub_id for sub in found for sub_id in _sub_ids(sub.document)} - tried
    return loaded


class _Parsed:
    """Engine BOMs of a chunk, each stored document turned into one once (sub-assemblies
    are shared by many parents)."""

    def __init__(self) -> None:
        self._boms: dict[str, Bom] = {}

    def __call__(self, bom: BomVersion) -> Bom:
        found = self._boms.get(bom.id)
        if found is None:
            found = self._boms[bom.id] = to_engine_bom(bom.id, bom.document)
        return found


def _gather(loaded: dict[str, BomVersion], parse: _Parsed, root: BomVersion) -> dict[str, Bom]:
    """Load a BOM and its sub-assemblies (of the same manufacturer), once each."""

    def fetch(sub_id: str) -> BomVersion:
        sub = loaded.get(sub_id)
        if sub is None or sub.product.org_id != root.product.org_id:
            raise LookupError(f"component BOM {sub_id} is not available")
        return sub

    return gather_boms(root, fetch, parse)


def _inputs(session: Session, pending: list[BomVersion]) -> list[_Input]:
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


def _result(job: Job, item: _Input, runtime: LcaRuntime, version: str) -> RescoreResult:
    row = RescoreResult(
        id=new_id("rescore_result"),
        job_id=job.id,
        bom_id=item.bom.id,
        product_id=item.bom.product_id,
        old_kg_co2e=item.old,
        new_kg_co2e=None,
        change=None,
        label_id=item.label.id if item.label else None,
        certified_kg_co2e=item.label.certified_kg_co2e if item.label else None,
        label_change=None,
        flagged=False,
        error=item.error,
    )
    if item.boms is None:
        return row
    try:
        # Totals only: a re-scoring stores no per-line values.
        totals = runtime.engine.totals(item.boms[item.bom.id], version, item.boms.__getitem__)
    except LcaError as error:
        row.error = error.message
        return row
    if not all(math.isfinite(float(v)) for v in totals):
        row.error = "the footprint is out of range"
        return row
    new = Decimal(total_text(totals))
    row.new_kg_co2e = to_text(new)
    if item.old is not None:
        row.change = _ratio(new, Decimal(item.old))
    if item.label is not None:
        row.label_change = _ratio(new, Decimal(item.label.certified_kg_co2e))
        row.flagged = row.label_change is not None and abs(Decimal(row.label_change)) > FLAG_LIMIT
    return row


def _flag(session: Session, job: Job, row: RescoreResult, bom: BomVersion, version: str) -> None:
    label = session.get(Label, row.label_id)
    if label is None or row.label_change is None:
        return
    change = Decimal(row.label_change) * 100
    label.surveillance_note = (
        f"re-scoring job {job.id} on library {version}: BOM version {bom.version} gives "
        f"{row.new_kg_co2e} kg CO2e, {change:+.1f}% against the certified "
        f"{label.certified_kg_co2e}"
    )


def rescore_step(session: Session, runtime: LcaRuntime, job_id: str) -> bool:
    """Re-score the next chunk of the job's BOMs; return True once nothing is left."""
    job = session.get(Job, job_id)
    if job is None or job.state == jobs.SUCCEEDED:
        return True
    version, chunk = job.params["version"], int(job.params.get("chunk", DEFAULT_CHUNK))
    of_job = RescoreResult.job_id == job_id
    # Chunks go in id order and each commits whole, so the job's largest recorded BOM id is
    # where the next one starts (a resumed job picks up there). Recorded BOMs are skipped as
    # well, a safety net should results ever be written out of order. A BOM that becomes
    # current during the job below that id is not re-scored by this job.
    last = session.scalar(select(func.max(RescoreResult.bom_id)).where(of_job))
    recorded = select(RescoreResult.bom_id).where(of_job)
    remaining = BomVersion.id.in_(_current_bom_ids()) & BomVersion.id.not_in(recorded)
    if last is not None:
        remaining = remaining & (BomVersion.id > last)
    pending = list(
        session.scalars(select(BomVersion).where(remaining).order_by(BomVersion.id).limit(chunk))
    )
    if not pending:
        jobs.finish(session, job_id, summary(session, job_id, None))
        return True
    inputs = _inputs(session, pending)
    session.commit()  # no transaction stays open across the calculations
    rows = [_result(job, item, runtime, version) for item in inputs]
    session.add_all(rows)
    for row, item in zip(rows, inputs, strict=True):
        if row.flagged:
            _flag(session, job, row, item.bom, version)
    try:
        session.flush()
    except IntegrityError:  # another worker recorded this chunk meanwhile: take theirs
        session.rollback()
        return False
    done = session.scalar(select(func.count()).select_from(RescoreResult).where(of_job)) or 0
    jobs.record_progress(session, job, done, job.total)  # the total counted at the start
    session.commit()
    return False


def summary(session: Session, job_id: str, body_org_id: str | None) -> dict[str, Any]:
    """Return counts of a re-scoring job's results (of one body's labels, if given)."""
    rows = result_rows(session, job_id, body_org_id)
    job = session.get(Job, job_id)
    return {
        "version": job.params["version"] if job else None,
        "boms": len(rows),
        "errors": sum(1 for r, _ in rows if r.error),
        "changed": sum(1 for r, _ in rows if r.change not in (None, "0")),
        "labels": sum(1 for r, _ in rows if r.label_id),
        "flagged": sum(1 for r, _ in rows if r.flagged),
        "flagged_labels": sorted(r.label_id for r, _ in rows if r.flagged and r.label_id),
    }


def result_rows(
    session: Session, job_id: str, body_org_id: str | None
) -> list[tuple[RescoreResult, BomVersion]]:
    query = (
        select(RescoreResult, BomVersion)
        .join(BomVersion, BomVersion.id == RescoreResult.bom_id)
        .where(RescoreResult.job_id == job_id)
    )
    if body_org_id is not None:
        query = query.join(Label, Label.id == RescoreResult.label_id).where(
            Label.body_org_id == body_org_id
        )
    found = session.execute(query.order_by(RescoreResult.bom_id))
    return [(row, bom) for row, bom in found]
