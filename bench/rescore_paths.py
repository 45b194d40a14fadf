"""The paths bench/rescore.py times, each run in a spawned process of its own.

Children are started by name (spawn(ctx, "job_path", ...)) and report a dict with their
peak resident memory; run_job_path starts the job workers of (a) and (b).
"""

from __future__ import annotations

import resource
import time
import traceback
import warnings
from pathlib import Path
from typing import Any

from bench.rescore_data import NEW_VERSION
from lca_models.project import use_directory

# ---------------------------------------------------------------- child processes


def _peak_rss_mb() -> float:
    """Return this process's peak RSS (VmHWM).

    Not getrusage's ru_maxrss: Linux keeps that across fork and exec, so a spawned child
    would report at least its parent's RSS at the time it was started.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(queue: Any, name: str, kwargs: dict[str, Any]) -> None:
    try:
        result = globals()[name](**kwargs)
        result["peak_rss_mb"] = _peak_rss_mb()
        queue.put(("ok", result))
    except BaseException:
        queue.put(("error", traceback.format_exc()))


def spawn(ctx: Any, name: str, **kwargs: Any) -> Any:
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(queue, name, kwargs))
    process.start()
    return process, queue


def collect(process: Any, queue: Any, tolerate: bool = False) -> dict[str, Any]:
    status, value = queue.get()
    process.join()
    if status == "ok":
        return value
    if tolerate:
        errors = [line for line in value.splitlines() if "Error" in line.split(":")[0]]
        return {"error": (errors or [value])[-1].strip(), "end": time.perf_counter()}
    raise RuntimeError(f"child process failed:\n{value}")


def _quiet() -> None:
    warnings.filterwarnings("ignore", "All values in characterization matrix are zero")
    warnings.filterwarnings("ignore", category=UserWarning, module="bw2calc")  # pypardiso
    import logging

    logging.getLogger().setLevel(logging.WARNING)


def _worker_app(directory: Path, url: str, instance: Path):
    """Return the app state of a job worker that is already up (bw2data, bw2calc imported)."""
    _quiet()
    use_directory(directory)
    import bw2calc  # noqa: F401  (a running worker has it; its import is not the job's cost)

    from service import create_app
    from service.settings import Settings

    settings = Settings(
        environment="development",
        database_url=url,
        brightway_dir=directory,
        secret_key="bench-secret",  # noqa: S106
        instance_dir=instance,
        key_passphrase="bench-passphrase",  # noqa: S106
        service_url="http://bench.test",
        jobs_backend="inline",
    )
    return create_app(settings).extensions["gba"]


def job_path(
    directory: Path,
    url: str,
    instance: Path,
    chunk: int,
    profile: bool,
    parts: int,
    handoff: Any,
    ready: Any,
) -> dict[str, Any]:
    """(a)/(b): register version 2 (solve), start the job in parts, run part 0 here.

    The other parts go to job workers that are already up (job_worker), through handoff.
    """
    t = time.perf_counter()
    state = _worker_app(directory, url, instance)
    startup = time.perf_counter() - t
    from service.jobs import run_job
    from service.services.library import rescore
    from service.services.library import versions as library_versions

    solve: list[float] = []
    build = library_versions.build_score_table

    def timed_build(*a: Any) -> Any:  # instrumentation only: the same function, timed
        started = time.perf_counter()
        try:
            return build(*a)
        finally:
            solve.append(time.perf_counter() - started)

    library_versions.build_score_table = timed_build
    for event in ready:
        event.wait()  # the other job workers are up
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    with state.session_factory() as session:
        library_versions.register_brightway(
            session, state.runtime, NEW_VERSION, "generated bench data", make_current=True
        )
    registered = time.perf_counter()
    with state.session_factory() as session:
        job, run = rescore.start_rescore(session, None, NEW_VERSION, chunk, parts)
        job_id = job.id
    for _ in range(1, parts):
        handoff.put(job_id)  # what enqueue's messages carry
    outcome = run_job(state, job_id, 0) if run else "not run"
    ended = time.perf_counter()
    out: dict[str, Any] = {}
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
        out["profile"] = text.getvalue()
    with state.session_factory() as session:
        from service.services.operations import jobs

        done = jobs.get_job(session, job_id)
        out |= {
            "state": done.state,
            "part_0": outcome,
            "done": done.done,
            "total": done.total,
            "summary": done.result,
        }
    return out | {
        "job_id": job_id,
        "startup": startup,
        "solve": sum(solve),
        "register": registered - started,
        "started": started,
        "end": ended,
    }


def job_worker(
    directory: Path, url: str, instance: Path, part: int, ready: Any, handoff: Any
) -> dict[str, Any]:
    """(a): a job worker that is up, waiting for a job; runs its part, counting steps."""
    state = _worker_app(directory, url, instance)
    from service.jobs import run_job
    from service.services.library import rescore

    counts = {"steps": 0}
    step = rescore.rescore_step

    def counted(*a: Any, **k: Any) -> bool:  # instrumentation only: the same step, counted
        counts["steps"] += 1
        return step(*a, **k)

    rescore.rescore_step = counted
    ready.set()
    job_id = handoff.get()
    outcome = run_job(state, job_id, part)
    return counts | {"state": outcome, "end": time.perf_counter()}


def run_job_path(
    ctx: Any, directory: Path, url: str, instance: Path, chunk: int, profile: bool, workers: int
) -> dict[str, Any]:
    """Run (a) or (b): workers job processes, the first of which registers version 2."""
    handoff = ctx.Queue()
    ready = [ctx.Event() for _ in range(1, workers)]
    others = [
        spawn(
            ctx,
            "job_worker",
            directory=directory,
            url=url,
            instance=instance,
            part=part,
            ready=ready[part - 1],
            handoff=handoff,
        )
        for part in range(1, workers)
    ]
    main = spawn(
        ctx,
        "job_path",
        directory=directory,
        url=url,
        instance=instance,
        chunk=chunk,
        profile=profile,
        parts=workers,
        handoff=handoff,
        ready=ready,
    )
    job = collect(*main)
    helpers = [collect(*other) for other in others]
    job["seconds"] = max([job["end"], *(h["end"] for h in helpers)]) - job["started"]
    job["job"] = job["seconds"] - job["register"]
    job["workers"] = [{"steps": "-", "state": job["part_0"]}, *helpers]
    job["peak_rss_mb"] = max([job["peak_rss_mb"], *(h["peak_rss_mb"] for h in helpers)])
    return job


def engine_worker(
    directory: Path,
    url: str,
    index: int,
    workers: int,
    sample: list[str],
    ready: Any,
    go: Any,
    built: Any,
) -> dict[str, Any]:
    """(c): one of two processes; process 0 solves first, then both score their half."""
    _quiet()
    use_directory(directory)
    import bw2calc  # noqa: F401
    from sqlalchemy import select

    from lca_models import FootprintEngine, build_score_table
    from service.persistence.database import make_engine
    from service.persistence.models import BomVersion
    from service.services.footprints.calculations import to_engine_bom
    from service.services.footprints.results import total_text
    from service.services.library.rescore import _current_bom_ids

    engine = make_engine(url)
    with engine.connect() as connection:
        documents = dict(connection.execute(select(BomVersion.id, BomVersion.document)).all())
        current = sorted(connection.scalars(_current_bom_ids()).all())
    engine.dispose()
    mine = current[index::workers]
    wanted = set(sample)
    ready.set()
    go.wait()
    solve = 0.0
    if index == 0:
        t = time.perf_counter()
        build_score_table(directory, NEW_VERSION)
        solve = time.perf_counter() - t
        built.set()
    else:
        built.wait()
    scored = time.perf_counter()
    footprints = FootprintEngine(directory)
    texts, totals = {}, {}
    for bom_id in mine:
        boms: dict[str, Any] = {}

        def resolve(bom_id: str, boms: dict[str, Any] = boms) -> Any:
            if bom_id not in boms:
                boms[bom_id] = to_engine_bom(bom_id, documents[bom_id])
            return boms[bom_id]

        footprint = footprints.footprint(resolve(bom_id), NEW_VERSION, resolve)
        texts[bom_id] = total_text(footprint.totals)
        if bom_id in wanted:
            totals[bom_id] = footprint.totals.tolist()
    end = time.perf_counter()
    return {
        "solve": solve,
        "scoring": end - scored,
        "end": end,
        "boms": len(mine),
        "texts": texts,
        "totals": totals,
    }


def multilca(directory: Path, demands: list[dict[int, float]], methods: list) -> dict[str, Any]:
    """(d): bw2calc.MultiLCA over version 2, one functional unit per sampled BOM."""
    _quiet()
    bd = use_directory(directory)
    import bw2calc
    import numpy as np

    started = time.perf_counter()
    units = {f"bom-{i}": demand for i, demand in enumerate(demands)}
    config = {"impact_categories": methods}
    data_objs = bd.get_multilca_data_objs(functional_units=units, method_config=config)
    mlca = bw2calc.MultiLCA(demands=units, method_config=config, data_objs=data_objs)
    mlca.lci()
    mlca.lcia()
    scores = mlca.scores
    seconds = time.perf_counter() - started
    table = np.array([[scores[(m, f"bom-{i}")] for m in methods] for i in range(len(demands))])
    return {"seconds": seconds, "scores": table}
