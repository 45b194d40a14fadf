"""Benchmark: importing the shipped USLCI (openLCA JSON-LD) against a plain bw2io path.

Each path runs in its own child process on a fresh Brightway directory (biosphere3 and the
project's methods set up first, not timed), reporting its time and the child's peak RSS:

  (a) `lca library import`'s work: lca_models.imports.import_database -- bw2io extraction,
      normalisation, linking with cut-offs and co-products, the import report, the bw2data
      write, and the score table with the engine (technosphere square and solvable check);
  (b) the plain bw2io floor: bw2io's JSONLDExtractor on the same unzipped export and one
      bw2data write of as many activities, with no linking, report or score table. (bw2io's
      own JSONLDImporter cannot read this olca-schema 1 export; its error is printed.)

Target (issue 10): (a) <= 30 s and <= 1 GB peak RSS. Run: python bench/import.py
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
USLCI_ZIP = ROOT / "lca_models/library/uslci/uslci_olca1_5_0_json_ld.zip"
TARGET_SECONDS, TARGET_RSS_MB = 30.0, 1024.0


def _prepare(directory: Path) -> None:
    from lca_models.project import use_directory, vocabulary_keys

    use_directory(directory)
    vocabulary_keys(directory)  # biosphere3 and the methods, as `lca bootstrap` leaves them


def _ours(directory: Path) -> dict[str, object]:
    from lca_models.imports import import_database

    t = time.perf_counter()
    report = import_database(directory, USLCI_ZIP, "openlca-jsonld", "bench-uslci")
    return {
        "seconds": time.perf_counter() - t,
        "steps": report.seconds,
        "processes": report.processes,
        "cutoffs": len(report.cutoffs),
    }


def _plain(directory: Path) -> dict[str, object]:
    import zipfile

    import bw2data
    from bw2io.extractors.json_ld import JSONLDExtractor

    t = time.perf_counter()
    with tempfile.TemporaryDirectory() as unpacked:
        with zipfile.ZipFile(USLCI_ZIP) as archive:
            archive.extractall(unpacked)
        data = JSONLDExtractor.extract(unpacked, add_filename=False)
    activities = {
        ("bench-plain", pid): {
            "name": process["name"],
            "unit": "",
            "type": "process",
            "exchanges": [{"input": ("bench-plain", pid), "amount": 1.0, "type": "production"}],
        }
        for pid, process in data["processes"].items()
    }
    bw2data.Database("bench-plain").write(activities)
    return {"seconds": time.perf_counter() - t, "processes": len(activities)}


def _bw2io_importer_error() -> str:
    from bw2io.importers.json_ld import JSONLDImporter

    with tempfile.TemporaryDirectory() as unpacked:
        import zipfile

        with zipfile.ZipFile(USLCI_ZIP) as archive:
            archive.extractall(unpacked)
        try:
            JSONLDImporter(unpacked, "bench-bw2io")
        except Exception as error:
            return f"{type(error).__name__}: {error}"
    return "no error"


def child(mode: str) -> None:
    """Run one path on a fresh directory and print its figures as JSON."""
    import warnings

    warnings.filterwarnings("ignore")
    with tempfile.TemporaryDirectory(prefix="gba-bench-import-") as folder:
        directory = Path(folder)
        _prepare(directory)
        result = _ours(directory) if mode == "ours" else _plain(directory)
        if mode == "plain":
            result["bw2io_importer"] = _bw2io_importer_error()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result), flush=True)


def _run(mode: str) -> dict[str, object]:
    done = subprocess.run(  # noqa: S603  (this very script, with a fixed mode)
        [sys.executable, __file__, "--child", mode], capture_output=True, text=True, check=True
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))
    result: dict[str, object] = json.loads(line[len("RESULT ") :])
    return result


def main() -> None:
    ours, plain = _run("ours"), _run("plain")
    print(f"{'path':<62} {'seconds':>8} {'peak RSS':>10}")
    print(
        f"{'(a) lca library import (all of it, incl. score table)':<62} "
        f"{ours['seconds']:>8.2f} {ours['peak_rss_mb']:>7.0f} MB"
    )
    print(
        f"{'(b) plain bw2io extraction + bw2data write (no linking)':<62} "
        f"{plain['seconds']:>8.2f} {plain['peak_rss_mb']:>7.0f} MB"
    )
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in dict(ours["steps"]).items())
    print(f"(a) steps: {steps}; {ours['processes']} processes, {ours['cutoffs']} cut-offs")
    print(f"bw2io's JSONLDImporter on the same export: {plain['bw2io_importer']}")
    seconds, rss = float(ours["seconds"]), float(ours["peak_rss_mb"])
    verdict = (
        f"target <= {TARGET_SECONDS:.0f} s {'met' if seconds <= TARGET_SECONDS else 'NOT met'}, "
        f"<= {TARGET_RSS_MB:.0f} MB {'met' if rss <= TARGET_RSS_MB else 'NOT met'}"
    )
    print(
        f"import: {seconds / float(plain['seconds']):.2f}x time and "
        f"{rss / float(plain['peak_rss_mb']):.2f}x peak RSS vs plain bw2io extraction + write "
        f"({seconds:.1f} s, {rss:.0f} MB; {verdict})"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
