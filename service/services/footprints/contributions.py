"""Upstream contributions of one line of a stored calculation (processes and elementary flows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from lca_models import LcaError, ProjectNotBootstrapped, Share, conversion_factor, split_code
from service.domain.decimals import quantise, quantum_for, to_text
from service.errors import DependencyUnavailable, NotFound, ValidationFailed
from service.services.context import Caller, LcaRuntime
from service.services.footprints.calculations import get_calculation
from service.services.library.current import usable_versions

TOP = 10


def _share(share: Share) -> dict[str, Any]:
    return {
        "name": share.name,
        "detail": share.detail,
        "amount": to_text(quantise(share.amount, quantum_for(share.amount))),
        "unit": share.unit,
        "kg_co2e": to_text(quantise(share.kg_co2e, quantum_for(share.kg_co2e))),
        "share": to_text(quantise(share.share, Decimal("0.0001"))),
    }


def line_contributions(
    session: Session, caller: Caller, runtime: LcaRuntime, calculation_id: str, ref: str
) -> dict[str, Any]:
    """Return the top upstream processes and elementary flows of one activity line."""
    calculation = get_calculation(session, caller, calculation_id)
    line = next((ln for ln in calculation.bom.document["lines"] if ln["ref"] == ref), None)
    if line is None:
        raise NotFound(f"no line {ref!r} in the BOM of calculation {calculation_id}")
    if "activity" not in line:
        message = f"line {ref!r} names no library activity; contributions are for those"
        raise ValidationFailed(message, {"/line": [message]})
    named, code = split_code(line["activity"])
    version = named or calculation.library_version
    if version not in usable_versions(session, caller.org_id) | {calculation.library_version}:
        raise NotFound(f"no library version {version} you may use")
    session.commit()
    try:
        dataset = runtime.engine.table(version).dataset(code)
        if dataset is None:
            raise NotFound(f"activity {line['activity']!r} is not in {version}")
        factor = (
            1.0
            if line["unit"] == dataset.unit
            else float(conversion_factor(line["unit"], dataset.unit))
        )
        amount = float(line["amount"]) * factor
        found = runtime.engine.analyser.contributions(version, code, amount, TOP)
    except ProjectNotBootstrapped as error:
        raise DependencyUnavailable(str(error)) from None
    except LcaError as error:
        raise ValidationFailed(error.message, {"/line": [error.message]}) from None
    total = found.total_kg_co2e
    return {
        "calculation_id": calculation_id,
        "line": ref,
        "activity": line["activity"],
        "library": version,
        "amount": to_text(quantise(amount, quantum_for(amount))),
        "unit": dataset.unit,
        "kg_co2e": to_text(quantise(total, quantum_for(total))),
        "processes": [_share(s) for s in found.processes],
        "elementary_flows": [_share(s) for s in found.flows],
        "other_processes_kg_co2e": to_text(
            quantise(found.rest_of_processes_kg_co2e, quantum_for(total))
        ),
        "other_flows_kg_co2e": to_text(quantise(found.rest_of_flows_kg_co2e, quantum_for(total))),
    }


def largest_lines(
    session: Session, caller: Caller, runtime: LcaRuntime, calculation_id: str, count: int = 3
) -> list[dict[str, Any]]:
    """Return the upstream contributions of a calculation's `count` largest activity lines."""
    calculation = get_calculation(session, caller, calculation_id)
    lines = [line for line in calculation.result["by_line"] if "activity" in line]
    lines.sort(key=lambda line: -abs(Decimal(line["kg_co2e"])))
    found = []
    for line in lines[:count]:
        try:
            found.append(line_contributions(session, caller, runtime, calculation_id, line["ref"]))
        except (NotFound, ValidationFailed, DependencyUnavailable):
            continue  # a version no longer usable: the page shows the others
    return found
