"""Searching the reference library and listing the emission vocabulary."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lca_models import EMISSION_SUBSTANCES, INDICATORS, SUBSTANCES, load_methods
from service.domain.decimals import quantise, quantum_for, to_text
from service.services.context import LcaRuntime
from service.services.library.current import current_version

# Which regions contain which (most specific first), for the `region` filter: a product made
# in Guangdong may use Guangdong, Southern-grid, national or global data, in that order.
REGION_PARENTS: dict[str, tuple[str, ...]] = {
    "CN-GD": ("CN-GD", "CN-SOUTH", "CN", "GLO"),
    "CN-SOUTH": ("CN-SOUTH", "CN", "GLO"),
    "CN": ("CN", "GLO"),
    "HK": ("HK", "GLO"),
    "MO": ("MO", "GLO"),
}
_GWP = INDICATORS.index("gwp_total")


def search_activities(
    session: Session, runtime: LcaRuntime, q: str | None, region: str | None, limit: int
) -> dict[str, Any]:
    """Return datasets of the current library whose name or code contains every word of q."""
    version = current_version(session, runtime)
    table = runtime.engine.table(version)
    words = (q or "").lower().split()
    regions = REGION_PARENTS.get(region, (region,)) if region else None
    matches = []
    for dataset in table.datasets:
        text = f"{dataset.code} {dataset.name}".lower()
        if not all(word in text for word in words):
            continue
        if regions is not None and dataset.geography not in regions:
            continue
        rank = regions.index(dataset.geography) if regions else 0
        matches.append((rank, dataset.name, dataset.code, dataset))
    matches.sort(key=lambda m: m[:3])
    items = []
    for _, _, _, d in matches[:limit]:
        score = float(table.scores[table.index[d.code]][_GWP])
        items.append(
            {
                "code": d.code,
                "name": d.name,
                "unit": d.unit,
                "region": d.geography,
                "year": d.year,
                "kind": d.kind,
                "source": d.source,
                "licence": d.licence,
                "grade": d.grade,
                "note": d.note,
                "kg_co2e_per_unit": to_text(quantise(score, quantum_for(score))),
            }
        )
    return {"items": items, "library": version, "total": len(matches)}


def substances() -> dict[str, Any]:
    """Return the substances a BOM's emission lines may name, with their GWP100."""
    methods = load_methods()
    return {
        "items": [
            {
                "substance": name,
                "gwp100": str(methods.factors["gwp_total"].get(name, 0)),
                "kind": SUBSTANCES[name].role,
            }
            for name in EMISSION_SUBSTANCES
        ],
        "method": methods.version,
    }
