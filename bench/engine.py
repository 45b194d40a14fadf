"""Benchmark: a BOM footprint by the engine's score table against plain bw2calc.

Builds a throwaway Brightway directory with a generated ~20,000-activity background of
ecoinvent-like sparsity (about 10 technosphere inputs and 30 biosphere flows per activity;
inputs mostly from 500 hub activities or upstream in the own sector, with loops among hubs
and a few local ones), then times one 50-line BOM by:

  (a) a new bw2calc.LCA per request (construct, lci, lcia for every indicator),
  (b) one bw2calc.LCA reused with its factorisation (lci(demand) + lcia per indicator),
  (c) FootprintEngine.footprint (score-table dot products, with per-line contributions),

checks that the three agree to 1e-9 relative, and prints the ratios.

With --uslci the background is the project's shipped USLCI (imported with
lca_models.imports), BOM lines draw on its processes, and the engine is also timed on the
shipped open library for the ratio "USLCI BOM / open-library BOM".

Run: python bench/engine.py [--activities 20000] [--boms 200] [--plain 3] [--uslci]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Must run before anything imports bw2data, which reads BRIGHTWAY2_DIR once.
from lca_models.project import use_directory

BACKGROUND = "bench-background"
USLCI = "bench-uslci"
USLCI_ZIP = (
    Path(__file__).resolve().parents[1] / "lca_models/library/uslci/uslci_olca1_5_0_json_ld.zip"
)
REL = 1e-9
ABS = 1e-15
UNIT_CHOICES = {
    "kg": ("g", "kg", "t"),
    "kWh": ("Wh", "kWh", "MJ", "MWh"),
    "MJ": ("MJ", "kWh", "GJ"),
    "t*km": ("t*km", "kg*km"),
    "m3": ("m3", "L"),
    "piece": ("piece",),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--boms", type=int, default=200, help="random 50-line BOMs")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--plain", type=int, default=3, help="BOMs timed with a new LCA each")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reused", type=int, default=50, help="BOMs timed on the reused LCA")
    parser.add_argument(
        "--directory", type=Path, help="Brightway directory to keep and reuse (default: temp)"
    )
    parser.add_argument("--uslci", action="store_true", help="USLCI as the background")
    return parser.parse_args()


def say(message: str) -> None:
    print(message, flush=True)


def characterised_flow_ids(bd, methods, indicators) -> list[int]:
    ids: set[int] = set()
    for indicator in indicators:
        for key, _ in bd.Method(methods.method_name(indicator)).load():
            ids.add(key if isinstance(key, int) else bd.get_node(key=tuple(key)).id)
    return sorted(ids)


HUBS = 500  # widely used activities (energy, transport, basic chemicals), as in ecoinvent


def supplier(rng: random.Random, j: int, n: int) -> int:
    """Draw a supplier of activity j: a hub, an upstream activity of its own sector, or a loop.

    Uniformly random suppliers would make an expander graph whose LU factors fill in densely;
    ecoinvent's inputs concentrate on a few hundred hubs and stay mostly within sectors, with
    loops among hubs (electricity <-> coal) and a few local ones.
    """
    r = rng.random()
    if r < 0.6:
        return rng.randrange(0, min(HUBS, n))
    if r < 0.97:
        return max(0, j - 1 - int(rng.expovariate(1 / 100)))
    return min(n - 1, j + 1 + rng.randrange(0, 20))


def generate_background(bd, rng: random.Random, n: int, characterised: list[int]) -> None:
    """Write n activities: diagonal 1, ~10 inputs summing to < 0.5, ~30 biosphere flows."""
    bd.Database(BACKGROUND).write(background_data(bd, rng, n, characterised, BACKGROUND))


def background_data(bd, rng: random.Random, n: int, characterised: list[int], name: str) -> dict:
    """Return n generated activities of database `name` (the background's data, unwritten)."""
    known = set(characterised)
    other = [f.id for f in bd.Database("biosphere3") if f.id not in known]
    keys = {flow_id: bd.get_node(id=flow_id).key for flow_id in characterised + other}
    units = list(UNIT_CHOICES)
    data = {}
    for j in range(n):
        code = f"act-{j:05d}"
        exchanges = [{"input": (name, code), "amount": 1.0, "type": "production"}]
        k = max(1, min(20, int(rng.gauss(10, 3))))
        suppliers = {supplier(rng, j, n) for _ in range(k)}
        suppliers.discard(j)
        weights = [rng.random() for _ in suppliers]
        budget = rng.uniform(0.05, 0.45)  # column sum of inputs < 0.5: well conditioned
        for source, w in zip(sorted(suppliers), weights, strict=True):
            exchanges.append(
                {
                    "input": (name, f"act-{source:05d}"),
                    "amount": budget * w / sum(weights),
                    "type": "technosphere",
                }
            )
        flows = set(rng.sample(characterised, min(15, len(characterised))))
        flows |= set(rng.sample(other, 15))
        for flow in flows:
            exchanges.append(
                {"input": keys[flow], "amount": rng.lognormvariate(-3, 2), "type": "biosphere"}
            )
        data[(name, code)] = {
            "name": f"generated activity {j}",
            "unit": rng.choice(units),
            "location": "GLO",
            "type": "process",
            "exchanges": exchanges,
        }
    return data


def random_boms(rng, codes_units, n_boms, n_lines):
    from lca_models import Bom, Line

    boms = []
    for b in range(n_boms):
        lines = []
        for i in range(n_lines):
            code, unit = rng.choice(codes_units)
            amount = Decimal(rng.randint(1, 99_999)).scaleb(-rng.randint(1, 4))
            lines.append(
                Line(
                    f"L{i}", "raw_materials", amount, rng.choice(UNIT_CHOICES[unit]), activity=code
                )
            )
        boms.append(Bom(f"bench-{b}", Decimal(1), "piece", tuple(lines)))
    return boms


def demand_of(bom, ids, units) -> dict[int, float]:
    from lca_models import conversion_factor

    demand: dict[int, float] = {}
    for line in bom.lines:
        amount = float(line.amount * conversion_factor(line.unit, units[line.activity]))
        demand[ids[line.activity]] = demand.get(ids[line.activity], 0.0) + amount
    return demand


def agree(a, b) -> float:
    """Worst relative difference; raises if any indicator differs beyond 1e-9 (1e-15 abs)."""
    import numpy as np

    a, b = np.asarray(a), np.asarray(b)
    bad = np.abs(a - b) > REL * np.abs(b) + ABS
    if bad.any():
        raise AssertionError(f"disagreement: {a[bad]} vs {b[bad]}")
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(b != 0, np.abs(a - b) / np.abs(b), 0.0)
    return float(rel.max())


def main() -> None:
    args = parse_args()
    if args.directory is not None:
        run(args, args.directory)
        return
    directory = Path(tempfile.mkdtemp(prefix="gba-bench-bw-"))
    try:
        run(args, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(args: argparse.Namespace, directory: Path) -> None:
    bd = use_directory(directory)
    warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
    warnings.filterwarnings("ignore", ".*pypardiso.*")
    import bw2calc
    import numpy as np

    from lca_models import INDICATORS, FootprintEngine, Library, bootstrap, load_methods
    from lca_models.library.catalogue import Dataset

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    # bootstrap brings biosphere3 and the project's methods; its one-dataset library is unused.
    seed = Dataset("seed", "seed", "kg", "GLO", None, "life-cycle", "bench", "bench", "C", "")
    bootstrap(directory, Library("bench-seed", (seed,), ()))
    methods = load_methods()
    characterised = characterised_flow_ids(bd, methods, INDICATORS)
    database = USLCI if args.uslci else BACKGROUND
    if args.uslci and USLCI not in bd.databases:
        from lca_models.imports import import_database

        say("importing the shipped USLCI ...")
        import_database(directory, USLCI_ZIP, "openlca-jsonld", USLCI)
    elif database not in bd.databases:
        say(f"writing a {args.activities}-activity background ...")
        generate_background(bd, rng, args.activities, characterised)
    setup = time.perf_counter() - t0
    activities = {a["code"]: a for a in bd.Database(database)}
    ids = {code: a.id for code, a in activities.items()}
    # BOM lines use the units a BOM may name (USLCI also has p*km, m2, days ...).
    units = {code: a["unit"] for code, a in activities.items() if a["unit"] in UNIT_CHOICES}
    say(
        f"background: {len(activities)} activities, "
        f"{len(characterised)} characterised flows; ready in {setup:.1f} s"
    )

    boms = random_boms(random.Random(args.seed + 1), sorted(units.items()), args.boms, args.lines)
    demands = [demand_of(bom, ids, units) for bom in boms]
    method_names = [methods.method_name(ind) for ind in INDICATORS]

    # (c) the engine: one-off table build, then dot products.
    engine = FootprintEngine(directory)
    t = time.perf_counter()
    engine.table(database)
    build = time.perf_counter() - t
    say(f"score table built in {build:.2f} s")
    t = time.perf_counter()
    FootprintEngine(directory).table(database)
    load = time.perf_counter() - t

    def no_components(bom_id):
        raise KeyError(bom_id)

    engine_totals = [engine.footprint(b, database, no_components).totals for b in boms]
    repeats = max(1, 2000 // len(boms))
    t = time.perf_counter()
    for _ in range(repeats):
        for bom in boms:
            fp = engine.footprint(bom, database, no_components)
    per_engine = (time.perf_counter() - t) / (repeats * len(boms))
    say(f"engine: {fmt(per_engine)} per BOM")
    if args.uslci:
        per_open = open_library_per_bom(directory, engine, args, repeats, no_components)
        say(
            f"engine on the shipped open library: {fmt(per_open)} per BOM; "
            f"USLCI BOM / open-library BOM = {per_engine / per_open:.2f}"
        )
    assert len(fp.lines) == args.lines

    # (b) one LCA, factorised once, reused: lci(demand) + lcia for each indicator.
    t = time.perf_counter()
    reused = bw2calc.LCA(demands[0], method=method_names[0])
    reused.lci(factorize=True)
    characterisation = []
    for name in method_names:
        reused.switch_method(name)
        characterisation.append(reused.characterization_matrix.copy())
    reused_setup = time.perf_counter() - t
    say(f"reused LCA set up (factorised) in {reused_setup:.2f} s")

    def reused_scores(demand):
        reused.lci(demand=demand)
        scores = []
        for matrix in characterisation:
            reused.characterization_matrix = matrix
            reused.lcia_calculation()
            scores.append(reused.score)
        return np.array(scores)

    t = time.perf_counter()
    reused_totals = [reused_scores(d) for d in demands[: args.reused]]
    per_reused = (time.perf_counter() - t) / len(reused_totals)
    say(f"reused LCA: {fmt(per_reused)} per BOM")

    # (a) a new LCA per request, on the first few BOMs.
    plain_totals = []
    t = time.perf_counter()
    for demand in demands[: args.plain]:
        lca = bw2calc.LCA(demand, method=method_names[0])
        lca.lci()
        scores = []
        for name in method_names:
            lca.switch_method(name)
            lca.lcia()
            scores.append(lca.score)
        plain_totals.append(np.array(scores))
        say(f"new LCA per request: {fmt(time.perf_counter() - t)} so far")
    per_plain = (time.perf_counter() - t) / args.plain

    worst_a = max(agree(e, p) for e, p in zip(engine_totals, plain_totals, strict=False))
    worst_b = max(agree(e, r) for e, r in zip(engine_totals, reused_totals, strict=False))

    print()
    rows = [
        ("(a) new bw2calc.LCA per request (lci + 9 x lcia)", per_plain, len(plain_totals)),
        ("(b) reused LCA factorisation (lci(demand) + 9 x lcia)", per_reused, len(reused_totals)),
        ("(c) FootprintEngine.footprint (9 indicators, per line)", per_engine, repeats * len(boms)),
    ]
    print(f"{'path':<58} {'per BOM':>12} {'BOMs':>6}")
    for label, seconds, count in rows:
        print(f"{label:<58} {fmt(seconds):>12} {count:>6}")
    print()
    print(
        f"one-off: score-table build {build:.2f} s; table load {fmt(load)}; "
        f"reused-LCA setup {reused_setup:.2f} s"
    )
    print(
        f"agreement (rel, worst of 9 indicators): a vs c {worst_a:.1e}; b vs c {worst_b:.1e} "
        f"(limit {REL:.0e})"
    )
    print(
        f"engine: {per_plain / per_engine:.0f}x faster per BOM vs plain bw2calc.LCA per request; "
        f"{per_reused / per_engine:.0f}x vs reused factorisation"
    )


def open_library_per_bom(directory, engine, args, repeats, no_components) -> float:
    """Time the engine on 50-line BOMs of the shipped open library (for the USLCI ratio)."""
    from lca_models import bootstrap, load_library

    version = bootstrap(directory, load_library()).library_version
    table = engine.table(version)
    codes_units = [
        (c, u) for c, u in zip(table.codes, table.units, strict=True) if u in UNIT_CHOICES
    ]
    boms = random_boms(random.Random(args.seed + 2), codes_units, args.boms, args.lines)
    t = time.perf_counter()
    for _ in range(repeats):
        for bom in boms:
            engine.footprint(bom, version, no_components)
    return (time.perf_counter() - t) / (repeats * len(boms))


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


if __name__ == "__main__":
    main()
