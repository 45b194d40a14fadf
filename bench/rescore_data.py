"""The data of bench/rescore.py: two versions of a generated background, BOMs, a database.

Imported by bench/rescore.py after it has pointed Brightway at its directory.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.engine import UNIT_CHOICES, background_data, characterised_flow_ids, say
from lca_models.project import use_directory

# Not bench/engine.py's database name: these activities carry a data-quality grade, which
# present() needs (Brightway databases without one raise KeyError there; see the report).
OLD_VERSION = "bench-rescore-v1"
NEW_VERSION = "bench-rescore-v2"
ORGS = 10

# ---------------------------------------------------------------- backgrounds


def graded_background(bd, rng: random.Random, n: int, characterised: list[int], name: str):
    """Return n activities as bench/engine.py generates them, under `name`, graded B."""
    data = background_data(bd, rng, n, characterised, name)
    for activity in data.values():
        activity["grade"] = "B"
    return data


def changed_version(data: dict, rng: random.Random, name: str) -> dict:
    """Return a new version of a background: same codes and units, changed factors."""
    out = {}
    for (_, code), activity in data.items():
        j = int(code.removeprefix("act-"))
        emissions = 1.2 if j < 50 else rng.uniform(0.6, 1.5) if rng.random() < 0.1 else 1.0
        exchanges = []
        for exchange in activity["exchanges"]:
            exchange = dict(exchange)
            if exchange["type"] == "biosphere":
                exchange["amount"] *= emissions
            else:
                exchange["input"] = (name, exchange["input"][1])
                if exchange["type"] == "technosphere" and rng.random() < 0.05:
                    exchange["amount"] *= rng.uniform(0.8, 1.2)  # stays well conditioned
            exchanges.append(exchange)
        out[(name, code)] = activity | {"exchanges": exchanges}
    return out


def prepare_backgrounds(args: argparse.Namespace, directory: Path):
    """Write both versions unless present; return version 2's ids and units, the methods."""
    bd = use_directory(directory)
    from lca_models import INDICATORS, Library, bootstrap, load_methods
    from lca_models.library.catalogue import Dataset

    # bootstrap brings biosphere3 and the project's methods; its one-dataset library is unused.
    seed = Dataset("seed", "seed", "kg", "GLO", None, "life-cycle", "bench", "bench", "C", "")
    bootstrap(directory, Library("bench-seed", (seed,), ()))
    methods = load_methods()
    if OLD_VERSION not in bd.databases or NEW_VERSION not in bd.databases:
        characterised = characterised_flow_ids(bd, methods, INDICATORS)
        rng = random.Random(args.seed)
        say(f"generating two versions of a {args.activities}-activity background ...")
        old = graded_background(bd, rng, args.activities, characterised, OLD_VERSION)
        new = changed_version(old, random.Random(args.seed + 7), NEW_VERSION)
        for name, data in ((OLD_VERSION, old), (NEW_VERSION, new)):
            if name not in bd.databases:
                bd.Database(name).write(data)
    activities = {a["code"]: a for a in bd.Database(NEW_VERSION)}
    ids = {code: a.id for code, a in activities.items()}
    units = {code: a["unit"] for code, a in activities.items()}
    return ids, units, [methods.method_name(i) for i in INDICATORS]


# ---------------------------------------------------------------- BOMs and the database


def generate_documents(args: argparse.Namespace, codes_units: list[tuple[str, str]]):
    """Return (product index, version, document) rows; the last version of each is current.

    A fifth of the products after the first tenth use 1-3 earlier component-free products of
    the same manufacturer as sub-assemblies (per piece); 5% of products have an older version.
    """
    rng = random.Random(args.seed + 1)
    leaves: list[list[int]] = [[] for _ in range(ORGS)]
    rows = []

    def activity_lines(count: int) -> list[dict[str, Any]]:
        lines = []
        for i in range(count):
            code, unit = rng.choice(codes_units)
            amount = Decimal(rng.randint(1, 99_999)).scaleb(-rng.randint(1, 4))
            lines.append(
                {
                    "ref": f"L{i}",
                    "stage": rng.choice(("raw_materials", "production")),
                    "data": "secondary",
                    "activity": code,
                    "amount": format(amount, "f"),
                    "unit": rng.choice(UNIT_CHOICES[unit]),
                }
            )
        return lines

    for p in range(args.boms):
        org = p % ORGS
        if rng.random() < 0.05:
            rows.append((p, 1, _document(activity_lines(args.lines))))
        components = []
        if p >= args.boms // 10 and rng.random() < 0.2 and leaves[org]:
            for k in range(rng.randint(1, 3)):
                components.append((f"C{k}", rng.choice(leaves[org]), rng.randint(1, 8)))
        else:
            leaves[org].append(p)
        lines = activity_lines(args.lines - len(components))
        lines += [
            {
                "ref": ref,
                "stage": "raw_materials",
                "data": "secondary",
                "component": {"bom_id": sub},  # a product index until ids are assigned
                "amount": str(amount),
                "unit": "piece",
            }
            for ref, sub, amount in components
        ]
        rows.append((p, 2 if rows and rows[-1][0] == p else 1, _document(lines)))
    return rows


def _document(lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "system_boundary": "cradle-to-gate",
        "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
        "site": {"name": "Bench plant", "region": "CN-GD"},
        "lines": lines,
        "declared_unit": {"amount": "1", "unit": "piece"},
    }


def fill_database(url: str, directory: Path, rows: list) -> dict[str, Any]:
    """Migrate, then insert organisations, products, BOM versions and previous calculations.

    Returns the current BOM id of each product index and each current BOM's document.
    """
    from sqlalchemy import insert

    from lca_models import bom_sha256, load_library
    from service.domain.ids import new_id
    from service.persistence.database import make_engine, make_session_factory
    from service.persistence.migrations import upgrade_to_head
    from service.persistence.models import BomVersion, Calculation, Product
    from service.services.accounts import organisations
    from service.services.context import LcaRuntime
    from service.services.footprints.calculations import to_engine_bom
    from service.services.footprints.results import present

    upgrade_to_head(url)
    engine = make_engine(url)
    runtime = LcaRuntime(directory, load_library())
    runtime.engine.table(OLD_VERSION)  # version 1, for the previous calculations
    now = datetime.now(UTC)
    products, boms, calcs = [], [], []
    current: dict[int, str] = {}
    documents: dict[str, dict[str, Any]] = {}
    with make_session_factory(engine)() as session:
        orgs = [
            organisations.create_organisation(session, "manufacturer", f"Bench maker {i}").id
            for i in range(ORGS)
        ]
        session.commit()
        for p, version, document in rows:
            if version == 1:
                products.append(
                    {
                        "id": new_id("product"),
                        "org_id": orgs[p % ORGS],
                        "sku": f"BENCH-{p:05d}",
                        "gtin": None,
                        "names": {"en": f"Bench product {p}"},
                        "declared_amount": "1",
                        "declared_unit": "piece",
                        "mass_kg": None,
                        "pcr": None,
                        "created_at": now,
                    }
                )
            for line in document["lines"]:
                if "component" in line and isinstance(line["component"]["bom_id"], int):
                    line["component"]["bom_id"] = current[line["component"]["bom_id"]]
            bom_id = new_id("bom")
            boms.append(
                {
                    "id": bom_id,
                    "product_id": products[-1]["id"],
                    "version": version,
                    "document": document,
                    "sha256": bom_sha256(document),
                    "created_at": now,
                }
            )
            current[p] = bom_id
            documents[bom_id] = document
        for bom in boms:

            def resolve(bom_id: str) -> Any:
                return to_engine_bom(bom_id, documents[bom_id])

            footprint = runtime.engine.footprint(resolve(bom["id"]), OLD_VERSION, resolve)
            result = present(footprint, bom["document"], runtime)
            calcs.append(
                {
                    "id": new_id("calculation"),
                    "bom_id": bom["id"],
                    "total_kg_co2e": result["total_kg_co2e"],
                    "result": result,
                    "bom_sha256": bom["sha256"],
                    "library_version": footprint.library_version,
                    "method_version": footprint.method_version,
                    "engine_version": footprint.engine_version,
                    "matrices_sha256": footprint.matrices_sha256,
                    "note": None,
                    "computed_at": now,
                }
            )
        for model, values in ((Product, products), (BomVersion, boms), (Calculation, calcs)):
            for start in range(0, len(values), 2000):
                session.execute(insert(model), values[start : start + 2000])
        session.commit()
    engine.dispose()
    return {"current": current, "documents": documents, "counts": (len(products), len(boms))}


def flatten(bom_id: str, documents: dict, ids: dict, units: dict) -> dict[int, float]:
    """Return a BOM's demand over the background, sub-assemblies expanded (per piece)."""
    from lca_models import conversion_factor

    demand: dict[int, float] = {}
    document = documents[bom_id]
    for line in document["lines"]:
        if "activity" in line:
            code = line["activity"]
            factor = Decimal(line["amount"]) * conversion_factor(line["unit"], units[code])
            demand[ids[code]] = demand.get(ids[code], 0.0) + float(factor)
            continue
        sub_id = line["component"]["bom_id"]
        sub = documents[sub_id]["declared_unit"]
        amount = Decimal(line["amount"]) * conversion_factor(line["unit"], sub["unit"])
        scale = float(amount / Decimal(sub["amount"]))
        for key, value in flatten(sub_id, documents, ids, units).items():
            demand[key] = demand.get(key, 0.0) + value * scale
    return demand
