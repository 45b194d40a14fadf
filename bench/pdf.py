"""Time the PDF certificate against WeasyPrint's one-line document (the floor of any render)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from certificates.render import LabelView, render_certificate_pdf  # noqa: E402
from certificates.render.specimen import SPECIMEN_URL, specimen_credential  # noqa: E402

TEMPLATES = ROOT / "templates" / "documents"


def median_ms(work: Callable[[], bytes], runs: int) -> float:
    """Run work once to warm caches, then runs times; return the median in milliseconds."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the certificate's render time as a multiple of the one-line document's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=20, help="timed renders of each")
    parser.add_argument(
        "--served", action="store_true", help="also time stored downloads vs a bare endpoint"
    )
    args = parser.parse_args()
    runs = args.runs
    view = LabelView.from_credential(specimen_credential(), "valid", SPECIMEN_URL)
    certificate = median_ms(lambda: render_certificate_pdf(view, TEMPLATES), runs)
    baseline = median_ms(lambda: HTML(string="<p>x</p>").write_pdf(), runs)
    print(
        f"pdf: {certificate / baseline:.1f}x certificate render time vs WeasyPrint one-line "
        f"document ({certificate:.0f} ms vs {baseline:.0f} ms)"
    )
    if args.served:
        from bench.pdf_served import served_figures

        print(f"pdf {served_figures(max(runs, 50))}")


if __name__ == "__main__":
    main()
