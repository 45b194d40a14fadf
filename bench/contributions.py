"""Benchmark: one line's upstream contributions against bw2calc's contribution analysis.

On the shipped USLCI (imported into a throwaway Brightway directory), for random processes:

  (a) bw2calc: a fresh LCA per request (lci, lcia, then characterized_inventory summed by
      process column and by flow row, as Brightway's contribution analysis does);
  (b) FootprintEngine.analyser.contributions (the version's matrices kept and its
      technosphere factorised once; one solve per request), after a one-off set-up;

checks the top contributions agree to 1e-9 relative and prints the ratio.
Run: python bench/contributions.py [--requests 30]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lca_models.project import use_directory  # noqa: E402  (before anything imports bw2data)

USLCI_ZIP = ROOT / "lca_models/library/uslci/uslci_olca1_5_0_json_ld.zip"
DATABASE = "bench-uslci"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory(prefix="gba-bench-contrib-") as folder:
        run(Path(folder), args.requests)


def run(directory: Path, requests: int) -> None:
    bd = use_directory(directory)
    import bw2calc
    import numpy as np

    from lca_models import FootprintEngine, load_methods
    from lca_models.imports import import_database

    import_database(directory, USLCI_ZIP, "openlca-jsonld", DATABASE)
    engine = FootprintEngine(directory)
    codes = random.Random(7).sample(list(engine.table(DATABASE).codes), requests)
    method = load_methods().method_name("gwp_total")

    t = time.perf_counter()
    engine.analyser.contributions(DATABASE, codes[0], 1.0)
    setup = time.perf_counter() - t
    t = time.perf_counter()
    ours = [engine.analyser.contributions(DATABASE, code, 1.0) for code in codes]
    per_ours = (time.perf_counter() - t) / len(codes)

    t = time.perf_counter()
    plain = []
    for code in codes:
        lca = bw2calc.LCA({bd.get_node(database=DATABASE, code=code).id: 1.0}, method=method)
        lca.lci()
        lca.lcia()
        by_process = np.asarray(lca.characterized_inventory.sum(axis=0)).ravel()
        plain.append(sorted(by_process, key=abs, reverse=True)[:10])
    per_plain = (time.perf_counter() - t) / len(codes)

    worst = 0.0
    for found, expected in zip(ours, plain, strict=True):
        for share, value in zip(found.processes, expected, strict=False):
            rel = abs(share.kg_co2e - value) / abs(value) if value else 0.0
            assert rel < 1e-9, (share, value)
            worst = max(worst, rel)
    print(f"{'path':<64} {'per request':>12}")
    print(f"{'(a) fresh bw2calc.LCA + contribution sums':<64} {per_plain * 1e3:>9.2f} ms")
    print(f"{'(b) FootprintEngine.analyser.contributions':<64} {per_ours * 1e3:>9.2f} ms")
    print(f"one-off set-up of (b) for the version: {setup * 1e3:.0f} ms")
    print(f"agreement of the top 10 processes (rel, worst): {worst:.1e}")
    print(
        f"contributions: {per_plain / per_ours:.0f}x faster per request vs a fresh "
        "bw2calc.LCA with contribution sums"
    )


if __name__ == "__main__":
    main()
