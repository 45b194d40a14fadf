"""One FootprintEngine serves concurrent requests: threads get exactly the serial numbers."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from lca_models import FootprintEngine, ProjectInfo
from lca_models.library.catalogue import read_library
from tests.lca_models.randboms import BomFactory

THREADS = 8
PER_THREAD = 200


def test_threads_get_the_serial_numbers(brightway_dir: Path, tiny_project: ProjectInfo) -> None:
    library = read_library(Path(__file__).parent / "data" / "tiny", "tiny")
    factory = BomFactory(88, [(d.code, d.unit) for d in library.datasets])
    work = [[factory.bom_set() for _ in range(PER_THREAD)] for _ in range(THREADS)]
    version = tiny_project.library_version

    serial_engine = FootprintEngine(brightway_dir)
    serial = [[serial_engine.footprint(s.top, version, s.resolve) for s in batch] for batch in work]

    # A fresh engine, so the threads also race to load the score table first.
    shared = FootprintEngine(brightway_dir)
    results: list[list] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(i: int) -> None:
        try:
            start.wait()
            for s in work[i]:
                results[i].append(shared.footprint(s.top, version, s.resolve))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for batch_serial, batch_threaded in zip(serial, results, strict=True):
        assert len(batch_threaded) == PER_THREAD
        for a, b in zip(batch_serial, batch_threaded, strict=True):
            assert np.array_equal(a.totals, b.totals)
            assert len(a.lines) == len(b.lines)
            for la, lb in zip(a.lines, b.lines, strict=True):
                assert la.ref == lb.ref
                assert np.array_equal(la.indicators, lb.indicators)
