"""Reading EcoSpold 2 (.spold) files: ecoinvent's format, and anyone's ecoSpold 2 export.

bw2io's Ecospold2DataExtractor keeps neither an exchange's output group (which product is the
reference) nor an elementary exchange's compartment, both of which linking needs; so the
files are read here with lxml, field for field as that extractor reads them. Amounts are in
each exchange's own unit, which ecoSpold 2 fixes per flow. Elementary flows that are
biosphere3's (ecoinvent's elementary exchange ids) take biosphere3's name and compartment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from lca_models.errors import ImportFailed
from lca_models.imports.inventory import (
    ELEMENTARY,
    PRODUCT,
    ElementaryFlow,
    RawExchange,
    RawInventory,
    RawProcess,
)
from lca_models.imports.unit_names import engine_unit

NS = "{http://www.EcoInvent.org/EcoSpold02}"
# Output groups of an intermediate exchange (EcoSpold 2 schema): 0 reference product,
# 2 by-product, 3 material for treatment, 5 stock addition.
_REFERENCE, _BY_PRODUCT = "0", "2"


def _text(element: Any, tag: str) -> str:
    found = element.find(f"{NS}{tag}")
    return (found.text or "").strip() if found is not None else ""


def _amount(exchange: Any, where: str) -> float:
    try:
        return float(exchange.get("amount"))
    except (TypeError, ValueError):
        raise ImportFailed(f"{where}: exchange amount {exchange.get('amount')!r}") from None


def _elementary(
    exchange: Any, inventory: RawInventory, known: dict[str, tuple[str, tuple[str, ...], str]]
) -> RawExchange:
    flow_id = exchange.get("elementaryExchangeId") or ""
    name = _text(exchange, "name")
    unit = engine_unit(_text(exchange, "unitName"))
    compartment_element = exchange.find(f"{NS}compartment")
    compartment: tuple[str, ...] = ()
    if compartment_element is not None:
        compartment = (
            _text(compartment_element, "compartment"),
            _text(compartment_element, "subcompartment"),
        )
    if flow_id in known:
        name, compartment, unit = (
            known[flow_id][0],
            known[flow_id][1],
            engine_unit(known[flow_id][2]),
        )
        inventory.normalisations["elementary flow named as in biosphere3"] += 1
    inventory.elementary.setdefault(flow_id, ElementaryFlow(flow_id, name, compartment, unit))
    is_input = exchange.find(f"{NS}inputGroup") is not None
    amount = _amount(exchange, flow_id)
    return RawExchange(flow_id, name, ELEMENTARY, is_input, amount, unit)


def _process(
    path: Path, inventory: RawInventory, known: dict[str, tuple[str, tuple[str, ...], str]]
) -> RawProcess:
    where = f"{path.name}"
    try:
        root = etree.parse(str(path), parser=etree.XMLParser(resolve_entities=False)).getroot()
    except etree.XMLSyntaxError as error:
        raise ImportFailed(f"{where}: not well-formed XML ({error})") from None
    stem = root.find(f"{NS}activityDataset")
    if stem is None:
        stem = root.find(f"{NS}childActivityDataset")
    if stem is None:
        raise ImportFailed(f"{where}: no activityDataset, so not an EcoSpold 2 file")
    activity = stem.find(f"{NS}activityDescription/{NS}activity")
    geography = stem.find(f"{NS}activityDescription/{NS}geography")
    if activity is None:
        raise ImportFailed(f"{where}: no activity description")
    references, exchanges = [], []
    for exchange in stem.iterfind(f"{NS}flowData/*"):
        if exchange.tag == f"{NS}elementaryExchange":
            exchanges.append(_elementary(exchange, inventory, known))
            continue
        if exchange.tag != f"{NS}intermediateExchange":
            continue
        output = _text(exchange, "outputGroup")
        raw = RawExchange(
            flow_id=exchange.get("intermediateExchangeId") or "",
            flow_name=_text(exchange, "name"),
            kind=PRODUCT,
            is_input=not output,
            amount=_amount(exchange, where),
            unit=engine_unit(_text(exchange, "unitName")),
            provider_id=exchange.get("activityLinkId"),
        )
        if output == _REFERENCE:
            references.append(raw)
        elif output in ("", _BY_PRODUCT):
            exchanges.append(raw)
    if len(references) != 1:
        raise ImportFailed(f"{where}: has {len(references)} reference products, not 1")
    start = stem.find(f"{NS}activityDescription/{NS}timePeriod")
    year = (start.get("startDate") or "")[:4] if start is not None else ""
    return RawProcess(
        process_id=activity.get("id") or path.stem,
        name=_text(activity, "activityName"),
        location=_text(geography, "shortname") if geography is not None else "GLO",
        category="",
        reference=references[0],
        exchanges=exchanges,
        year=int(year) if year.isdigit() else None,
    )


def read_ecospold2(folder: Path, name: str) -> RawInventory:
    """Read every .spold file of a folder (searched recursively)."""
    files = sorted(folder.rglob("*.spold"))
    if not files:
        raise ImportFailed(f"{name}: no .spold files, so not an EcoSpold 2 database")
    from lca_models.imports.biosphere_names import biosphere3_flows

    inventory = RawInventory("EcoSpold 2", [], {})
    known = biosphere3_flows()
    for path in files:
        try:
            inventory.processes.append(_process(path, inventory, known))
        except ImportFailed as error:
            raise ImportFailed(f"{name}: {error.message}") from None
    return inventory
