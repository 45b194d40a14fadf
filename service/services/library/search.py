"""Searching the reference library and listing the emission vocabulary."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lca_models import EMISSION_SUBSTANCES, INDICATORS, SUBSTANCES, load_methods, qualified_code
from service.domain.decimals import quantise, quantum_for, to_text
from service.errors import NotFound
from service.services.context import LcaRuntime
from service.services.library.current import current_version, usable_versions
from service.services.library.matching import exact_code, query_terms, score

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
    session: Session,
    runtime: LcaRuntime,
    q: str | None,
    region: str | None,
    limit: int,
    category: str | None = None,
    library: str | None = None,
    org_id: str | None = None,
) -> dict[str, Any]:
    """Return datasets matching every word of q (any language), ranked, filtered.

    library: one version (default: the current one) or "all" the versions org_id may use.
    Each item names its library; its code is what a BOM line names in `activity` (the
    current version's codes plain, another version's as "VERSION:CODE"). Ranked by the most
    specific region first, then the best match, the current version, the newest year and the
    name. Rows a newer one supersedes are left out unless q is exactly their code.
    """
    current = current_version(session, runtime)
    usable = usable_versions(session, org_id) | {current}
    if library in (None, current):
        versions = [current]
    elif library == "all":
        versions = [current, *sorted(usable - {current})]
    elif library in usable:
        versions = [library]
    else:
        raise NotFound(f"no library version {library} you may use")
    terms = query_terms(q)
    regions = REGION_PARENTS.get(region, (region,)) if region else None
    matches = []
    for order, version in enumerate(versions):
        table = runtime.engine.table(version)
        for dataset in table.datasets:
            if dataset.superseded_by and not exact_code(dataset, q):
                continue
            if category and dataset.category != category:
                continue
            if regions is not None and dataset.geography not in regions:
                continue
            found = score(dataset, terms)
            if found is None and not exact_code(dataset, q):
                continue
            rank = regions.index(dataset.geography) if regions else 0
            key = (rank, -(found or 0), order, -(dataset.year or 0), dataset.name, dataset.code)
            matches.append((key, version, dataset))
    matches.sort(key=lambda m: m[0])
    items = []
    for _, version, d in matches[:limit]:
        table = runtime.engine.table(version)
        value = float(table.scores[table.index[d.code]][_GWP])
        items.append(
            {
                "code": d.code if version == current else qualified_code(version, d.code),
                "library": version,
                "name": d.name,
                "names": d.names,
                "category": d.category,
                "gwp_basis": d.gwp_basis,
                "unit": d.unit,
                "region": d.geography,
                "year": d.year,
                "kind": d.kind,
                "source": d.source,
                "licence": d.licence,
                "grade": d.grade,
                "note": d.note,
                "kg_co2e_per_unit": to_text(quantise(value, quantum_for(value))),
            }
        )
    return {"items": items, "library": library or current, "total": len(matches)}


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
