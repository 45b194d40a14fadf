"""Benchmark: 1,000 Monte Carlo draws of a 50-line BOM, fast path against bw2calc.

Builds the generated ~20,000-activity background of bench/engine.py, with a lognormal on
every technosphere input and biosphere flow (GSD 1.1 to 1.6), then:

  (p) the per-version precomputation: the deterministic score table, then K = 1,000 sampled
      background draws solved with the reused factorisation (UncertaintyEngine.sampled);
  (a) bw2calc's Monte Carlo (LCA with use_distributions, next() per draw: a fresh
      factorisation each draw), timed on --plain draws and extrapolated to 1,000;
  (b) a reused-factorisation loop: per draw, sample the matrices and solve A_k s = f by
      iterative refinement on one LU of A, timed on --reused draws and extrapolated;
  (c) UncertaintyEngine.footprint: 1,000 line-amount draws against the sampled table.

(a) and (b) sample the background only (the BOM's amounts stay fixed); (c) also samples
every line amount, so it does strictly more. Prints the per-BOM times and the ratios.

Run: python bench/uncertainty.py [--activities 20000] [--boms 100] [--directory DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Must run before anything imports bw2data, which reads BRIGHTWAY2_DIR once.
from lca_models.project import use_directory

BACKGROUND = "bench-mc-background"
TARGET_PER_BOM = 5e-3
TARGET_PRECOMPUTE = 180.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--boms", type=int, default=100, help="random 50-line BOMs")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--plain", type=int, default=3, help="bw2calc Monte Carlo draws timed")
    parser.add_argument("--reused", type=int, default=20, help="reused-LU draws timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2, help="processes sampling the background")
    parser.add_argument("--directory", type=Path, help="Brightway directory to keep and reuse")
    return parser.parse_args()


def say(message: str) -> None:
    print(message, flush=True)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the sampling workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def with_uncertainty(data: dict, rng: random.Random) -> dict:
    """Give every input and flow of generated activities a lognormal (median = amount)."""
    from lca_models.library.uncertainty import brightway_fields

    for activity in data.values():
        for exchange in activity["exchanges"]:
            if exchange["type"] != "production":
                exchange.update(brightway_fields(exchange["amount"], rng.uniform(1.1, 1.6)))
    return data


def main() -> None:
    args = parse_args()
    if args.directory is not None:
        run(args, args.directory)
        return
    directory = Path(tempfile.mkdtemp(prefix="gba-bench-mc-"))
    try:
        run(args, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(args: argparse.Namespace, directory: Path) -> None:
    bd = use_directory(directory)
    warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
    warnings.filterwarnings("ignore", ".*pypardiso.*")
    from bench.engine import background_data, characterised_flow_ids, fmt, random_boms
    from lca_models import (
        INDICATORS,
        AmountUncertainty,
        FootprintEngine,
        Library,
        Line,
        UncertaintyEngine,
        bootstrap,
        load_methods,
    )
    from lca_models.library.catalogue import Dataset

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    seed = Dataset("seed", "seed", "kg", "GLO", None, "life-cycle", "bench", "bench", "C", "")
    bootstrap(directory, Library("bench-seed", (seed,), ()))
    methods = load_methods()
    characterised = characterised_flow_ids(bd, methods, INDICATORS)
    if BACKGROUND not in bd.databases:
        say(f"writing a {args.activities}-activity background with uncertainties ...")
        data = background_data(bd, rng, args.activities, characterised, BACKGROUND)
        bd.Database(BACKGROUND).write(with_uncertainty(data, rng))
    say(f"background ready in {time.perf_counter() - t0:.1f} s")

    # (p) per-version precomputation.
    engine = FootprintEngine(directory)
    t = time.perf_counter()
    table = engine.table(BACKGROUND)
    build_scores = time.perf_counter() - t
    mc = UncertaintyEngine(directory, engine, background_draws=args.draws, workers=args.workers)
    t, cpu = time.perf_counter(), cpu_seconds()
    mc.sampled(BACKGROUND)
    build_samples = time.perf_counter() - t
    build_cpu = cpu_seconds() - cpu
    say(
        f"score table {build_scores:.1f} s; {args.draws} sampled draws {build_samples:.1f} s "
        f"wall, {build_cpu:.1f} s CPU"
    )

    # (c) BOMs with a lognormal amount on every line.
    units = dict(zip(table.codes, table.units, strict=True))
    plain_boms = random_boms(random.Random(args.seed + 1), sorted(units.items()), args.boms, 50)
    spread_rng = random.Random(args.seed + 2)
    boms = [
        type(b)(
            b.bom_id,
            b.declared_amount,
            b.declared_unit,
            tuple(
                Line(
                    ln.ref,
                    ln.stage,
                    ln.amount,
                    ln.unit,
                    activity=ln.activity,
                    uncertainty=AmountUncertainty("lognormal", gsd=spread_rng.uniform(1.05, 1.5)),
                )
                for ln in b.lines[: args.lines]
            ),
        )
        for b in plain_boms
    ]

    def no_components(bom_id):
        raise KeyError(bom_id)

    mc.footprint(boms[0], BACKGROUND, "warm-up", no_components, draws=args.draws)
    t, cpu = time.perf_counter(), time.process_time()
    for i, bom in enumerate(boms):
        result = mc.footprint(bom, BACKGROUND, f"{i:064x}", no_components, draws=args.draws)
    per_fast = (time.perf_counter() - t) / len(boms)
    per_fast_cpu = (time.process_time() - cpu) / len(boms)
    say(f"(c) fast Monte Carlo: {fmt(per_fast)} wall, {fmt(per_fast_cpu)} CPU per BOM")
    assert result.draws == args.draws

    import bw2calc
    import numpy as np
    from scipy.sparse import csc_matrix
    from scipy.sparse.linalg import splu

    from bench.engine import demand_of

    ids = {a["code"]: a.id for a in bd.Database(BACKGROUND)}
    demand = demand_of(plain_boms[0], ids, units)
    method = methods.method_name("gwp_total")

    # (a) bw2calc Monte Carlo: a fresh factorisation per draw.
    lca = bw2calc.LCA(demand, method=method, use_distributions=True, seed_override=1)
    lca.lci()
    lca.lcia()
    brute = []
    t = time.perf_counter()
    for _ in range(args.plain):
        next(lca)
        brute.append(lca.score)
        say(f"(a) bw2calc draw: {fmt((time.perf_counter() - t) / len(brute))} each so far")
    per_plain = (time.perf_counter() - t) / args.plain * args.draws

    # (b) reused factorisation: sample, then refine on the deterministic LU.
    base = bw2calc.LCA(demand, method=method)
    base.lci()
    base.lcia()
    t = time.perf_counter()
    # Factorise A^T and solve transposed: SuperLU orders A^T far better (engine README).
    lu = splu(csc_matrix(base.technosphere_matrix.T), diag_pivot_thresh=0.0)
    factorise = time.perf_counter() - t
    c = base.characterization_matrix.diagonal()
    f = base.demand_array
    sampled = bw2calc.LCA(demand, method=method, use_distributions=True, seed_override=2)
    sampled.load_lci_data()
    t = time.perf_counter()
    for _ in range(args.reused):
        next(sampled.technosphere_mm)
        next(sampled.biosphere_mm)
        a = sampled.technosphere_mm.matrix
        s = lu.solve(f, trans="T")
        for _ in range(30):
            r = f - a @ s
            if np.abs(r).max() <= 1e-11 * np.abs(f).max():
                break
            s += lu.solve(r, trans="T")
        _score = c @ (sampled.biosphere_mm.matrix @ s)
    per_reused = (time.perf_counter() - t) / args.reused * args.draws

    print()
    print(f"{'path (1,000 draws of one 50-line BOM)':<62} {'per BOM':>12}")
    print(f"{'(a) bw2calc Monte Carlo, fresh factorisation per draw *':<62} {fmt(per_plain):>12}")
    print(f"{'(b) reused factorisation loop (sample + refine) *':<62} {fmt(per_reused):>12}")
    print(f"{'(c) UncertaintyEngine.footprint (sampled background table)':<62} {fmt(per_fast):>12}")
    print(
        f"* extrapolated from {args.plain} (a) and {args.reused} (b) draws; (a) and (b) keep "
        "the BOM's amounts fixed, (c) samples them too"
    )
    print()
    print(
        f"per-version precomputation: score table {build_scores:.1f} s + {args.draws} sampled "
        f"background draws {build_samples:.1f} s = {build_scores + build_samples:.1f} s "
        f"({build_cpu:.1f} s CPU; target <= {TARGET_PRECOMPUTE:.0f} s: "
        f"{'met' if build_scores + build_samples <= TARGET_PRECOMPUTE else 'NOT met'}); "
        f"one LU of A {factorise:.2f} s"
    )
    print(
        f"fast path {fmt(per_fast)} per BOM, {fmt(per_fast_cpu)} CPU "
        f"(target <= {fmt(TARGET_PER_BOM)}: "
        f"{'met' if per_fast <= TARGET_PER_BOM else 'NOT met'}); "
        f"{per_plain / per_fast:.0f}x faster than (a), {per_reused / per_fast:.0f}x than (b)"
    )


if __name__ == "__main__":
    main()
