"""The import report: what an import read, linked, cut off, dropped and converted."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any

CUTOFF_COLUMNS = ("process_id", "process", "flow_id", "flow", "kind", "amount", "unit", "reason")


@dataclass(frozen=True)
class CutOff:
    """An input (or waste output) left out because nothing in the database produces it."""

    process_id: str
    process: str
    flow_id: str
    flow: str
    kind: str
    amount: float
    unit: str
    reason: str


@dataclass
class ImportReport:
    """Counts and lists of one import; stored with the library version it created."""

    database: str
    source_format: str
    source: str
    source_sha256: str
    processes: int = 0
    products: int = 0
    exchanges: int = 0
    technosphere_links: int = 0
    silently_linked: int = 0  # inputs linked to anything but their own flow's producer
    biosphere_exchanges: int = 0
    elementary_flows: int = 0
    elementary_flows_characterised: int = 0
    cutoffs: list[CutOff] = field(default_factory=list)
    coproducts: list[dict[str, Any]] = field(default_factory=list)
    producers_chosen: list[dict[str, Any]] = field(default_factory=list)
    unit_conversions: list[dict[str, Any]] = field(default_factory=list)
    normalisations: dict[str, int] = field(default_factory=dict)
    technosphere: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Return the report without the cut-off list (that goes into the CSV)."""
        data = asdict(self)
        data.pop("cutoffs")
        data["cutoffs_count"] = len(self.cutoffs)
        return data

    def as_dict(self) -> dict[str, Any]:
        """Return the whole report, cut-offs included, as plain JSON values."""
        return self.summary() | {"cutoffs": [asdict(c) for c in self.cutoffs]}

    def text(self) -> str:
        """Return the report as the import command prints it."""
        tech = self.technosphere
        lines = [
            f"import report: {self.database} ({self.source_format})",
            f"  source: {self.source} sha256 {self.source_sha256}",
            f"  processes: {self.processes}  products: {self.products}  "
            f"exchanges: {self.exchanges}",
            f"  technosphere links: {self.technosphere_links}  "
            f"silently linked: {self.silently_linked}",
            f"  elementary flows: {self.elementary_flows}, of which linked to the method's "
            f"substances: {self.elementary_flows_characterised}; biosphere exchanges: "
            f"{self.biosphere_exchanges}",
            f"  inputs cut off: {len(self.cutoffs)} (listed in the cut-offs CSV)",
            f"  co-products: {len(self.coproducts)}",
        ]
        lines += [
            f"    {c['process']}: {c['flow']} {c['amount']:.6g} {c['unit']} -> {c['handling']}"
            for c in self.coproducts[:20]
        ]
        if len(self.coproducts) > 20:
            lines.append(f"    ... and {len(self.coproducts) - 20} more (in the stored report)")
        lines.append(f"  products with several producers: {len(self.producers_chosen)}")
        lines += [
            f"    {p['flow']}: {p['chosen']} chosen over {', '.join(p['others'])} ({p['rule']})"
            for p in self.producers_chosen
        ]
        lines.append("  unit conversions applied:")
        lines += [
            f"    {u['from']} -> {u['to']}: {u['exchanges']} exchanges"
            for u in self.unit_conversions
        ]
        lines += [f"  normalised: {k}: {n}" for k, n in sorted(self.normalisations.items())]
        if tech:
            lines.append(
                f"  technosphere: {tech.get('rows')} x {tech.get('columns')}, "
                f"{tech.get('nonzeros')} non-zeros, solvable: {tech.get('solvable')}"
            )
        lines += [f"  {step}: {s:.2f} s" for step, s in self.seconds.items()]
        return "\n".join(lines)


def cutoffs_csv(cutoffs: list[dict[str, Any]]) -> str:
    """Return the cut-off list as CSV text (one row per input cut off)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CUTOFF_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in cutoffs:
        writer.writerow({key: row.get(key, "") for key in CUTOFF_COLUMNS})
    return out.getvalue()
