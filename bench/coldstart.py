"""Benchmark: a fresh worker's first footprint with and without the memory-mapped score table.

Builds a throwaway Brightway directory once with bench/engine.py's ~20,000-activity
background, then starts fresh Python processes (`python -c`), each of which imports the
engine, computes one 50-line BOM footprint and prints its timings and peak resident memory
(getrusage ru_maxrss):

  build  no score table on disk: the worker factorises the technosphere matrix and does the
         transposed solve (FootprintEngine.table -> build_score_table), then the footprint;
  cache  the table written by a build run exists: the worker only memory-maps scores.npy.

The two modes alternate (--runs each); the time reported is the median wall time from the
parent spawning the process to the child having its footprint. Targets: <= 5 s to the first
footprint with the cache and <= 1 GB peak RSS per worker.

Run: python bench/coldstart.py [--activities 20000] [--runs 2] [--directory DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

TARGET_S = 5.0
TARGET_RSS_MB = 1024

# What one worker does: import the engine, compute one footprint, report. BRIGHTWAY2_DIR is
# set in its environment (as a deployer sets it); bw2data is imported only if the table has to
# be built.
WORKER = """
import time
start_wall, start = time.time(), time.perf_counter()
import json, resource, sys
from decimal import Decimal
from pathlib import Path
sys.path.insert(0, {root!r})
from lca_models import Bom, FootprintEngine, Line
imported = time.perf_counter()
spec = json.loads(Path({bom!r}).read_text())
bom = Bom("coldstart", Decimal(1), "piece", tuple(
    Line(f"L{{i}}", "raw_materials", Decimal(a), u, activity=c)
    for i, (c, a, u) in enumerate(spec)))
engine = FootprintEngine(Path({directory!r}))
table = engine.table({background!r})
loaded = time.perf_counter()
def no_components(bom_id):
    raise KeyError(bom_id)
footprint = engine.footprint(bom, {background!r}, no_components)
done = time.perf_counter()
print(json.dumps({{
    "end_wall": start_wall + (done - start),
    "import_s": imported - start,
    "table_s": loaded - imported,
    "footprint_s": done - loaded,
    "total_s": done - start,
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "lines": len(footprint.lines),
    "totals": [float(x) for x in footprint.totals],
    "bw2data_imported": "bw2data" in sys.modules,
    "engine_version": footprint.engine_version,
}}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2, help="fresh workers per mode")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--directory", type=Path, help="Brightway directory to keep and reuse (default: temp)"
    )
    return parser.parse_args()


def say(message: str) -> None:
    print(message, flush=True)


def prepare(args: argparse.Namespace, directory: Path, bom_file: Path) -> str:
    """Write the background (once) and one random 50-line BOM; return the background's name."""
    from lca_models.project import use_directory

    bd = use_directory(directory)
    warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
    warnings.filterwarnings("ignore", ".*pypardiso.*")
    import engine as bench_engine

    from lca_models import INDICATORS, Library, bootstrap, load_methods
    from lca_models.library.catalogue import Dataset

    t = time.perf_counter()
    seed = Dataset("seed", "seed", "kg", "GLO", None, "life-cycle", "bench", "bench", "C", "")
    bootstrap(directory, Library("bench-seed", (seed,), ()))
    background = bench_engine.BACKGROUND
    if background not in bd.databases:
        say(f"writing a {args.activities}-activity background ...")
        characterised = bench_engine.characterised_flow_ids(bd, load_methods(), INDICATORS)
        bench_engine.generate_background(
            bd, random.Random(args.seed), args.activities, characterised
        )
    units = {a["code"]: a["unit"] for a in bd.Database(background)}
    say(f"background: {len(units)} activities, ready in {time.perf_counter() - t:.1f} s")
    boms = bench_engine.random_boms(
        random.Random(args.seed + 1), sorted(units.items()), 1, args.lines
    )
    spec = [(line.activity, str(line.amount), line.unit) for line in boms[0].lines]
    bom_file.write_text(json.dumps(spec))
    return background


def worker(directory: Path, bom_file: Path, background: str) -> dict[str, float]:
    """Run one fresh worker; return its report plus the wall time from spawn to footprint."""
    code = WORKER.format(
        root=str(ROOT), bom=str(bom_file), directory=str(directory), background=background
    )
    env = os.environ | {"BRIGHTWAY2_DIR": str(directory), "PYTHONWARNINGS": "ignore"}
    spawned = time.time()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise SystemExit(f"worker failed:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["wall_s"] = report["end_wall"] - spawned
    return report


def main() -> None:
    args = parse_args()
    if args.directory is not None:
        run(args, args.directory)
        return
    directory = Path(tempfile.mkdtemp(prefix="gba-bench-coldstart-"))
    try:
        run(args, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def run(args: argparse.Namespace, directory: Path) -> None:
    from lca_models.score_table import TABLES_DIR

    directory = directory.resolve()
    bom_file = directory / "coldstart-bom.json"
    background = prepare(args, directory, bom_file)
    tables = directory / TABLES_DIR
    results: dict[str, list[dict[str, float]]] = {"build": [], "cache": []}
    for i in range(args.runs):
        shutil.rmtree(tables, ignore_errors=True)  # no table: the worker must build it
        for mode in ("build", "cache"):
            r = worker(directory, bom_file, background)
            results[mode].append(r)
            say(
                f"  run {i + 1} {mode:<5}: first footprint {r['wall_s']:6.2f} s after spawn "
                f"(imports {r['import_s']:.2f} s, table {r['table_s']:.2f} s, footprint "
                f"{r['footprint_s'] * 1e3:.2f} ms), peak RSS {r['maxrss_kb'] / 1024:.0f} MB, "
                f"bw2data imported: {r['bw2data_imported']}"
            )
    versions = {r["engine_version"] for rs in results.values() for r in rs}
    if len(versions) != 1:
        raise SystemExit(f"the engine changed during the run ({versions}): run again")
    totals = {json.dumps(r["totals"]) for rs in results.values() for r in rs}
    if len(totals) != 1:
        # Same code, same table file, same BOM: the footprints must be identical.
        raise SystemExit(f"workers disagree: {totals}")
    assert all(r["lines"] == args.lines for rs in results.values() for r in rs)

    def median(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in results[mode])

    build, cache = median("build", "wall_s"), median("cache", "wall_s")
    rss_build = max(r["maxrss_kb"] for r in results["build"]) / 1024
    rss_cache = max(r["maxrss_kb"] for r in results["cache"]) / 1024
    table_bytes = sum(f.stat().st_size for f in tables.rglob("*") if f.is_file())
    load = os.getloadavg()
    print()
    print(
        f"{args.activities}-activity background, {args.lines}-line BOM, {args.runs} fresh "
        f"workers per mode (median); score table on disk {table_bytes / 1e6:.1f} MB; load "
        f"average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    print(f"{'worker':<40} {'first footprint':>16} {'table':>8} {'imports':>8} {'peak RSS':>9}")
    for mode, label in (
        ("build", "builds the table (factorise + solve)"),
        ("cache", "memory-maps scores.npy"),
    ):
        print(
            f"{label:<40} {median(mode, 'wall_s'):14.2f} s {median(mode, 'table_s'):6.2f} s "
            f"{median(mode, 'import_s'):6.2f} s "
            f"{max(r['maxrss_kb'] for r in results[mode]) / 1024:6.0f} MB"
        )
    print(
        f"targets: first footprint with the cache {cache:.2f} s <= {TARGET_S:.0f} s "
        f"{'met' if cache <= TARGET_S else 'NOT met'}; peak RSS {rss_cache:.0f} MB (cache), "
        f"{rss_build:.0f} MB (build) <= {TARGET_RSS_MB} MB "
        f"{'met' if max(rss_cache, rss_build) <= TARGET_RSS_MB else 'NOT met'}"
    )
    print(
        f"coldstart: {build / cache:.1f}x faster first footprint with the memory-mapped cache "
        f"vs building it ({cache:.2f} s vs {build:.2f} s, peak RSS {rss_cache:.0f} MB)"
    )


if __name__ == "__main__":
    main()
