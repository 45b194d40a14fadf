"""Turning a read inventory into Brightway datasets: providers, cut-offs and co-products.

Rules, the same for every format, each reported (lca_models.imports.report):
- a product input links only to a process whose reference product is that very flow; with
  several such producers the first by (name, id) is chosen for every consumer and listed;
- an input nothing produces (or produces only as a co-product), a waste output nothing
  treats, and an avoided product nothing produces are cut off and listed, never linked;
- a co-product is dropped: the reference product carries the process's inputs and emissions,
  all of them (openLCA's "no allocation") or its allocation share where the source gives one;
- an elementary flow that is a vocabulary substance links to its biosphere3 flow, any other
  goes, uncharacterised, into the import's own biosphere database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lca_models.imports.elementary import substance_of
from lca_models.imports.inventory import (
    ELEMENTARY,
    PRODUCT,
    WASTE,
    RawExchange,
    RawInventory,
    RawProcess,
)
from lca_models.imports.report import CutOff, ImportReport

Key = tuple[str, str]
FIRST_BY_NAME = "first by process name, then id"


@dataclass
class Linked:
    """Brightway data for the activities and for the uncharacterised elementary flows."""

    activities: dict[Key, dict[str, Any]]
    biosphere: dict[Key, dict[str, Any]]
    biosphere_name: str


def _providers(inventory: RawInventory, report: ImportReport) -> dict[str, RawProcess]:
    candidates: dict[str, list[RawProcess]] = {}
    for process in inventory.processes:
        candidates.setdefault(process.reference.flow_id, []).append(process)
    chosen = {}
    for flow_id, processes in candidates.items():
        ordered = sorted(processes, key=lambda p: (p.name, p.process_id))
        chosen[flow_id] = ordered[0]
        if len(ordered) > 1:
            report.producers_chosen.append(
                {
                    "flow_id": flow_id,
                    "flow": ordered[0].reference.flow_name,
                    "chosen": f"{ordered[0].name} ({ordered[0].process_id})",
                    "others": [f"{p.name} ({p.process_id})" for p in ordered[1:]],
                    "rule": FIRST_BY_NAME,
                }
            )
    return chosen


class _Linker:
    def __init__(
        self,
        inventory: RawInventory,
        database: str,
        vocabulary: dict[str, Key],
        report: ImportReport,
    ) -> None:
        self.inventory = inventory
        self.database = database
        self.biosphere_name = f"{database} biosphere"
        self.report = report
        self.providers = _providers(inventory, report)
        self.by_id = {p.process_id: p for p in inventory.processes}
        self.coproduced = {
            ex.flow_id
            for p in inventory.processes
            for ex in p.exchanges
            if ex.kind == PRODUCT and not ex.is_input
        }
        self.elementary_keys: dict[str, Key] = {}
        self.biosphere: dict[Key, dict[str, Any]] = {}
        for flow in inventory.elementary.values():
            substance = substance_of(flow)
            if substance is not None:
                self.elementary_keys[flow.flow_id] = vocabulary[substance]
                report.elementary_flows_characterised += 1
            else:
                key = (self.biosphere_name, flow.flow_id)
                self.elementary_keys[flow.flow_id] = key
                self.biosphere[key] = {
                    "name": flow.name,
                    "categories": flow.compartment,
                    "unit": flow.unit,
                    "type": "emission",
                    "exchanges": [],
                }
        report.elementary_flows = len(inventory.elementary)

    def cut(self, process: RawProcess, ex: RawExchange, kind: str, reason: str) -> None:
        self.report.cutoffs.append(
            CutOff(
                process.process_id,
                process.name,
                ex.flow_id,
                ex.flow_name,
                kind,
                ex.amount,
                ex.unit,
                reason,
            )
        )

    def _no_provider(self, ex: RawExchange) -> str:
        if ex.flow_id in self.coproduced:
            return "produced in the database only as a co-product"
        return "no process in the database produces it"

    def technosphere(
        self, process: RawProcess, ex: RawExchange, share: float
    ) -> dict[str, Any] | None:
        provider = self.providers.get(ex.flow_id)
        linked = self.by_id.get(ex.provider_id or "")
        if linked is not None and linked.reference.flow_id == ex.flow_id:
            provider = linked  # the source names the provider of its own product: keep it
        if ex.kind == PRODUCT and ex.is_input:
            if provider is None:
                self.cut(process, ex, "product input", self._no_provider(ex))
                return None
            amount = ex.amount
        elif ex.kind == PRODUCT and ex.avoided:
            if provider is None:
                self.cut(process, ex, "avoided product", self._no_provider(ex))
                return None
            amount = -ex.amount
        elif ex.kind == WASTE and not ex.is_input:
            if provider is None or not provider.reference.is_input:
                self.cut(process, ex, "waste output", "no process in the database treats it")
                return None
            amount = -ex.amount
        else:
            self.cut(
                process,
                ex,
                f"{ex.kind} {'input' if ex.is_input else 'output'}",
                "the format gives it no place in a linked technosphere",
            )
            return None
        assert provider.reference.flow_id == ex.flow_id  # linked to its own flow's producer
        self.report.technosphere_links += 1
        return {
            "input": (self.database, provider.process_id),
            "amount": amount * share,
            "type": "technosphere",
            "unit": ex.unit,
            "name": ex.flow_name,
        }

    def activity(self, process: RawProcess) -> dict[str, Any]:
        share = 1.0 if process.reference_share is None else process.reference_share
        ref = process.reference
        production = -ref.amount if ref.is_input else ref.amount
        exchanges: list[dict[str, Any]] = [
            {
                "input": (self.database, process.process_id),
                "amount": production,
                "type": "production",
                "unit": ref.unit,
                "name": ref.flow_name,
            }
        ]
        for ex in process.exchanges:
            if ex.kind == ELEMENTARY:
                exchanges.append(
                    {
                        "input": self.elementary_keys[ex.flow_id],
                        "amount": ex.amount * share,
                        "type": "biosphere",
                        "unit": ex.unit,
                        "name": ex.flow_name,
                    }
                )
                self.report.biosphere_exchanges += 1
            elif ex.kind == PRODUCT and not ex.is_input and not ex.avoided:
                self.coproduct(process, ex)
            else:
                linked = self.technosphere(process, ex, share)
                if linked is not None:
                    exchanges.append(linked)
        self.report.exchanges += len(exchanges)
        return {
            "name": process.name,
            "reference product": ref.flow_name,
            "unit": ref.unit,
            "location": process.location,
            "categories": tuple(part for part in process.category.split("/") if part),
            "year": process.year,
            "comment": process.comment[:2000],
            "type": "process",
            "exchanges": exchanges,
        }

    def coproduct(self, process: RawProcess, ex: RawExchange) -> None:
        if process.reference_share is None:
            handling = "dropped; the reference product carries all inputs and emissions"
        else:
            handling = (
                f"dropped; the reference product carries its allocation share "
                f"{process.reference_share:.6g} of inputs and emissions"
            )
        self.report.coproducts.append(
            {
                "process_id": process.process_id,
                "process": process.name,
                "flow_id": ex.flow_id,
                "flow": ex.flow_name,
                "amount": ex.amount,
                "unit": ex.unit,
                "handling": handling,
            }
        )


def link(
    inventory: RawInventory, database: str, vocabulary: dict[str, Key], report: ImportReport
) -> Linked:
    """Return Brightway data for an inventory, filling the report's counts and lists."""
    linker = _Linker(inventory, database, vocabulary, report)
    activities = {
        (database, p.process_id): linker.activity(p)
        for p in sorted(inventory.processes, key=lambda p: p.process_id)
    }
    report.processes = len(activities)
    report.products = len({p.reference.flow_id for p in inventory.processes})
    report.unit_conversions = [
        {"from": source, "to": target, "exchanges": n}
        for (source, target), n in sorted(inventory.unit_conversions.items())
    ]
    report.normalisations = dict(inventory.normalisations)
    return Linked(activities, linker.biosphere, linker.biosphere_name)
