"""Benchmark: re-scoring 10,000 BOMs on a new library version, against bw2calc.MultiLCA.

Builds a throwaway Brightway directory with a generated ~20,000-activity background (the
generator of bench/engine.py, version 1) and a second version of it with changed factors
(version 2: a tenth of the activities' emissions scaled by 0.6-1.5, the first 50 hubs' by 1.2,
a twentieth of the technosphere inputs by 0.8-1.2), and a service database (a SQLite file in a
temp directory, or --database-url for an empty PostgreSQL database) holding 10,000 products,
their current BOMs (~50 lines each over the background, a fifth of them with 1-3 sub-assembly
lines), 5% older BOM versions, and each BOM's previous calculation on version 1. Then, each in
a fresh process (so that peak RSS is that of the work alone):

  (a) the service's real job path on two job workers (2 cores): two processes whose app is
      already up (create_app; bw2data and bw2calc imported). The first registers version 2
      (library_versions.register_brightway: the one-off factorisation and transposed solve of
      build_score_table), starts the job in 2 parts (start_rescore) and runs part 0 with
      run_job; the second is handed the job id (what enqueue's Celery message carries) and
      runs part 1 with run_job. Timed from registering until both have returned and the job
      has succeeded: every RescoreResult written and the summary recorded;
  (b) the same with one job worker (SQLite only: a copy of the database from before (a);
      the score table removed, so the solve runs again), to show what the second core adds;
  (c) the engine part on 2 processes: the solve in one, then each process turns its half of
      the BOM documents into engine BOMs, computes FootprintEngine.footprint and total_text;
  (d) the baseline, bw2calc.MultiLCA over version 2 on a sample of the BOMs (functional
      units = each BOM flattened into activity demands, sub-assemblies expanded; 9 indicators).

Checks: (c)'s totals equal MultiLCA's on the sample to 1e-9 relative (all 9 indicators); the
job's stored totals equal (c)'s total_text for every BOM; and (stored totals are rounded to 6
significant digits by design) are within two quanta of MultiLCA's. No labels are issued (their
signing keys and status lists are out of scope), so nothing is flagged.

Run: python bench/rescore.py [--boms 10000] [--sample 1000] [--activities 20000]
     [--directory DIR] [--database-url URL] [--chunk 200] [--no-one-worker] [--profile]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Must run before anything imports bw2data, which reads BRIGHTWAY2_DIR once.
from bench.engine import (
    agree,
    fmt,
    say,
)
from bench.rescore_data import (
    NEW_VERSION,
    fill_database,
    flatten,
    generate_documents,
    prepare_backgrounds,
)
from bench.rescore_paths import collect, run_job_path, spawn

TARGET_SECONDS = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--boms", type=int, default=10_000, help="current BOMs to re-score")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--sample", type=int, default=1_000, help="BOMs given to MultiLCA")
    parser.add_argument("--chunk", type=int, default=200, help="BOMs per job step")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--directory", type=Path, help="Brightway directory to keep and reuse (default: temp)"
    )
    parser.add_argument(
        "--database-url", help="an empty PostgreSQL database (default: SQLite in a temp dir)"
    )
    parser.add_argument(
        "--no-one-worker", action="store_true", help="skip (b), the job on one worker"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile (a) with cProfile (inflates its time)"
    )
    return parser.parse_args()


# ---------------------------------------------------------------- the run


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="gba-bench-rescore-"))
    try:
        run(args, args.directory or work / "brightway", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _database(args: argparse.Namespace, work: Path) -> str:
    if args.database_url is None:
        return f"sqlite:///{work / 'service.sqlite3'}"
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from service.persistence.database import make_engine

    if (make_url(args.database_url).database or "").lower() == "test":
        sys.exit("refusing the `test` database: give an empty database of its own")
    engine = make_engine(args.database_url)
    tables = inspect(engine).get_table_names()
    engine.dispose()
    if tables:
        sys.exit(f"{args.database_url} is not empty ({len(tables)} tables): give an empty one")
    return args.database_url


def run(args: argparse.Namespace, directory: Path, work: Path) -> None:
    say(f"load: {os.getloadavg()} (1, 5, 15 min) on {os.cpu_count()} cores")
    url = _database(args, work)
    t0 = time.perf_counter()
    ids, units, methods = prepare_backgrounds(args, directory)
    from lca_models import load_methods
    from lca_models.score_table import table_path

    new_table = table_path(directory, NEW_VERSION, load_methods().version)
    shutil.rmtree(new_table, ignore_errors=True)  # the solve of version 2 is measured
    rows = generate_documents(args, sorted(units.items()))
    filled = fill_database(url, directory, rows)
    current, documents = filled["current"], filled["documents"]
    say(
        f"setup: {len(ids)} activities x 2 versions; {filled['counts'][0]} products, "
        f"{filled['counts'][1]} BOM versions ({len(current)} current) with previous "
        f"calculations; {time.perf_counter() - t0:.1f} s"
    )
    one_worker = not args.no_one_worker and url.startswith("sqlite")
    if one_worker:
        shutil.copy(work / "service.sqlite3", work / "one-worker.sqlite3")
    by_product = [current[p] for p in sorted(current)]
    step = max(1, len(by_product) // args.sample)
    sample = by_product[::step][: args.sample]
    ctx = mp.get_context("spawn")

    # (a) the job path on two job workers, solve included.
    say("(a) job path, two job workers: register version 2 (solve), start_rescore in 2 parts ...")
    job = run_job_path(ctx, directory, url, work / "instance", args.chunk, args.profile, 2)
    if job.get("profile"):
        print(job["profile"])
    say(
        f"    {job['state']} {job['done']}/{job['total']}: register+solve {job['register']:.2f} s "
        f"(solve {job['solve']:.2f} s), job {job['job']:.2f} s; parts "
        f"{[(w['state'], w['steps']) for w in job['workers']]}; peak RSS "
        f"{job['peak_rss_mb']:.0f} MB"
    )

    # (b) the same on one job worker (SQLite: a copy from before (a); the solve again).
    single = None
    if one_worker:
        say("(b) the same, one job worker ...")
        shutil.rmtree(new_table, ignore_errors=True)
        other = f"sqlite:///{work / 'one-worker.sqlite3'}"
        single = run_job_path(ctx, directory, other, work / "instance", args.chunk, False, 1)
        say(
            f"    {single['state']} {single['done']}/{single['total']}: solve "
            f"{single['solve']:.2f} s, job {single['job']:.2f} s; peak RSS "
            f"{single['peak_rss_mb']:.0f} MB"
        )

    # (c) the engine part on 2 processes, solve included.
    say("(c) engine part, two processes: solve, then footprints of half the BOMs each ...")
    shutil.rmtree(new_table, ignore_errors=True)
    ready = [ctx.Event() for _ in range(2)]
    go, built = ctx.Event(), ctx.Event()
    children = [
        spawn(
            ctx,
            "engine_worker",
            directory=directory,
            url=url,
            index=i,
            workers=2,
            sample=sample,
            ready=ready[i],
            go=go,
            built=built,
        )
        for i in range(2)
    ]
    for event in ready:
        event.wait()
    go_at = time.perf_counter()
    go.set()
    engines = [collect(*child) for child in children]
    engine_seconds = max(w["end"] for w in engines) - go_at
    engine_solve = engines[0]["solve"]
    say(
        f"    {engine_seconds:.2f} s (solve {engine_solve:.2f} s, scoring "
        f"{[round(w['scoring'], 2) for w in engines]} s); peak RSS "
        f"{[round(w['peak_rss_mb']) for w in engines]} MB"
    )

    # (d) the baseline.
    say(f"(d) bw2calc.MultiLCA on {len(sample)} of the BOMs over version 2 ...")
    demands = [flatten(bom_id, documents, ids, units) for bom_id in sample]
    base = collect(*spawn(ctx, "multilca", directory=directory, demands=demands, methods=methods))
    say(f"    {base['seconds']:.2f} s; peak RSS {base['peak_rss_mb']:.0f} MB")

    # Checks.
    from sqlalchemy import select

    from lca_models import INDICATORS
    from service.domain.decimals import quantum_for
    from service.persistence.database import make_engine
    from service.persistence.jobs import RescoreResult

    texts = engines[0]["texts"] | engines[1]["texts"]
    totals = engines[0]["totals"] | engines[1]["totals"]
    worst = max(agree(totals[b], base["scores"][i]) for i, b in enumerate(sample))
    db = make_engine(url)
    with db.connect() as connection:
        stored = connection.execute(
            select(
                RescoreResult.bom_id,
                RescoreResult.new_kg_co2e,
                RescoreResult.old_kg_co2e,
                RescoreResult.error,
            ).where(RescoreResult.job_id == job["job_id"])
        ).all()
    db.dispose()
    new = {bom_id: value for bom_id, value, _, _ in stored}
    assert len(stored) == len(current) == len(texts), (len(stored), len(current), len(texts))
    assert all(old is not None and error is None for _, _, old, error in stored)
    mismatched = [b for b in current.values() if new[b] != texts[b]]
    if mismatched:
        raise AssertionError(f"{len(mismatched)} stored totals differ from the engine's")
    gwp = INDICATORS.index("gwp_total")
    quanta, relative = [], []
    for i, bom_id in enumerate(sample):
        reference = float(base["scores"][i][gwp])
        difference = abs(float(new[bom_id]) - reference)
        quanta.append(difference / float(quantum_for(reference)))
        relative.append(difference / abs(reference))
    if max(quanta) > 2:
        raise AssertionError(f"stored totals differ from MultiLCA by {max(quanta):.1f} quanta")

    n, m = len(current), len(sample)
    per_job = job["seconds"] / n
    per_base = base["seconds"] / m
    print()
    print(f"{'path':<66} {'seconds':>9} {'per BOM':>10} {'peak RSS':>9}")
    rows_out = [
        (f"(a) job path, 2 job workers, {n} BOMs incl. register + solve", job["seconds"], n, job),
        (f"(c) engine part, 2 processes, {n} BOMs incl. solve", engine_seconds, n, engines[0]),
        (f"(d) bw2calc.MultiLCA, {m} BOMs", base["seconds"], m, base),
    ]
    if single is not None:
        rows_out.insert(
            1, (f"(b) job path, 1 job worker, {n} BOMs incl. solve", single["seconds"], n, single)
        )
    for label, seconds, count, peak in rows_out:
        print(
            f"{label:<66} {seconds:>9.2f} {fmt(seconds / count):>10} {peak['peak_rss_mb']:>6.0f} MB"
        )
    print()
    print(
        f"one-off: solve (build_score_table) {job['solve']:.2f} s in (a), {engine_solve:.2f} s "
        f"in (c); (a) without it: job {job['job']:.2f} s = {fmt(job['job'] / n)} per BOM; "
        f"worker app startup {job['startup']:.2f} s (not counted)"
    )
    print(
        f"agreement: (c) vs MultiLCA, {m} BOMs x {len(INDICATORS)} indicators: worst rel "
        f"{worst:.1e} (limit 1e-9); stored totals = (c)'s total_text for {n}/{n} BOMs; "
        f"stored (6 significant digits) vs MultiLCA: worst {max(relative):.1e} rel, "
        f"{max(quanta):.2f} quanta"
    )
    summary = job["summary"] or {}
    print(
        f"job summary: boms {summary.get('boms')}, errors {summary.get('errors')}, "
        f"changed {summary.get('changed')}, flagged {summary.get('flagged')}"
    )
    print(
        f"(c) engine part on 2 processes: {per_base / (engine_seconds / n):.0f}x faster per BOM "
        f"vs MultiLCA ({engine_seconds:.2f} s for {n:,} BOMs incl. solve)"
    )
    say(f"load: {os.getloadavg()} (1, 5, 15 min)")
    met = "met" if job["seconds"] <= TARGET_SECONDS else "NOT met"
    print(
        f"rescore: {per_base / per_job:.0f}x faster per BOM vs bw2calc.MultiLCA "
        f"({job['seconds']:.2f} s for {n:,} BOMs on 2 job workers incl. solve; target <= "
        f"{TARGET_SECONDS:.0f} s {met})"
    )


if __name__ == "__main__":
    main()
