"""A hand-computable openLCA JSON-LD export (olca-schema 1, as openLCA 1.5 writes it).

Two processes in a loop, a co-product, an input nothing produces and electricity given in
kWh for a flow whose reference unit is MJ:

  electricity: makes 1 kWh (= 3.6 MJ) of E; takes 0.01 kg of S; emits 0.2 kg CO2 fossil
  steel:       makes 1 kg of S (and 0.3 kg of slag, a co-product); takes 2 kWh of E and
               0.5 kg of iron ore (no producer: cut off); emits 1 kg "Carbon dioxide" and
               0.001 kg "Methane" to air (unqualified: fossil, GWP100 29.8)

Per MJ of E, e = (0.01 s + 0.2) / 3.6; per kg of S, s = 7.2 e + 1 + 0.0298.
So 0.98 s = 0.4 + 1.0298: s = 1.4298 / 0.98 and e = (0.01 s + 0.2) / 3.6.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STEEL_KG_CO2E = 1.4298 / 0.98
ELECTRICITY_KG_CO2E_PER_MJ = (0.01 * STEEL_KG_CO2E + 0.2) / 3.6
ELECTRICITY, STEEL = "p-electricity", "p-steel"

_UNITS = {
    "ug-mass": ("Units of mass", [("u-kg", "kg", 1.0, True), ("u-t", "t", 1000.0, False)]),
    "ug-energy": ("Units of energy", [("u-mj", "MJ", 1.0, True), ("u-kwh", "kWh", 3.6, False)]),
}
_PROPERTIES = {"fp-mass": ("Mass", "ug-mass"), "fp-energy": ("Energy", "ug-energy")}
# flow id -> name, type, flow property, category id
_FLOWS = {
    "f-e": ("Electricity, at grid", "PRODUCT_FLOW", "fp-energy", "c-utilities"),
    "f-s": ("Steel, at plant", "PRODUCT_FLOW", "fp-mass", "c-metals"),
    "f-slag": ("Slag, at plant", "PRODUCT_FLOW", "fp-mass", "c-metals"),
    "f-ore": ("Iron ore, at mine", "PRODUCT_FLOW", "fp-mass", "c-metals"),
    "f-co2f": ("Carbon dioxide, fossil", "ELEMENTARY_FLOW", "fp-mass", "c-air-unspecified"),
    "f-co2": ("Carbon dioxide", "ELEMENTARY_FLOW", "fp-mass", "c-air-unspecified"),
    "f-ch4": ("Methane", "ELEMENTARY_FLOW", "fp-mass", "c-air-unspecified"),
    "f-water": ("Water, process", "ELEMENTARY_FLOW", "fp-mass", "c-water"),
}
_CATEGORIES = {
    "c-air": ("air", None),
    "c-air-unspecified": ("unspecified", "c-air"),
    "c-water": ("water", None),
    "c-utilities": ("Utilities", None),
    "c-metals": ("Metals", None),
}


def _ref(kind: str, ref_id: str, name: str) -> dict[str, Any]:
    return {"@type": kind, "@id": ref_id, "name": name}


def _exchange(
    flow: str, amount: float, unit: str, is_input: bool, ref: bool = False
) -> dict[str, Any]:
    name, flow_type, prop, _ = _FLOWS[flow]
    unit_name = {"u-kg": "kg", "u-t": "t", "u-mj": "MJ", "u-kwh": "kWh"}[unit]
    out = {
        "@type": "Exchange",
        "avoidedProduct": False,
        "input": is_input,
        "amount": amount,
        "flow": {"@type": "Flow", "@id": flow, "name": name, "flowType": flow_type},
        "unit": _ref("Unit", unit, unit_name),
        "flowProperty": _ref("FlowProperty", prop, _PROPERTIES[prop][0]),
    }
    if ref:
        out["quantitativeReference"] = True
    return out


def _process(pid: str, name: str, exchanges: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@type": "Process",
        "@id": pid,
        "name": name,
        "category": _ref("Category", "c-metals", "Metals"),
        "processType": "UNIT_PROCESS",
        "location": _ref("Location", "l-us", "US"),
        "processDocumentation": {"validFrom": "2010-01-01T00:00:00-07:00"},
        "exchanges": exchanges,
    }


def processes(singular: bool = False) -> list[dict[str, Any]]:
    """Return the two processes (singular: steel consumes all it makes and no electricity)."""
    steel = [
        _exchange("f-s", 1.0, "u-kg", False, ref=True),
        _exchange("f-slag", 0.3, "u-kg", False),
        _exchange("f-e", 2.0, "u-kwh", True),
        _exchange("f-ore", 0.5, "u-kg", True),
        _exchange("f-co2", 1.0, "u-kg", False),
        _exchange("f-ch4", 0.001, "u-kg", False),
        _exchange("f-water", 3.0, "u-kg", False),
    ]
    if singular:  # steel's column of the technosphere matrix becomes all zero
        steel = [ex for ex in steel if ex["flow"]["@id"] != "f-e"]
        steel.append(_exchange("f-s", 1.0, "u-kg", True))
    electricity = [
        _exchange("f-e", 1.0, "u-kwh", False, ref=True),
        _exchange("f-s", 0.01, "u-kg", True),
        _exchange("f-co2f", 0.2, "u-kg", False),
    ]
    return [
        _process(ELECTRICITY, "Electricity, at grid", electricity),
        _process(STEEL, "Steel, at plant", steel),
    ]


def write(folder: Path, *, with_processes: bool = True, singular: bool = False) -> Path:
    """Write the export into folder and return it."""
    documents: dict[str, list[dict[str, Any]]] = {
        "categories": [
            {"@type": "Category", "@id": cid, "name": name, "modelType": "FLOW"}
            | ({"category": _ref("Category", parent, _CATEGORIES[parent][0])} if parent else {})
            for cid, (name, parent) in _CATEGORIES.items()
        ],
        "unit_groups": [
            {
                "@type": "UnitGroup",
                "@id": gid,
                "name": name,
                "units": [
                    {"@type": "Unit", "@id": uid, "name": un, "conversionFactor": f}
                    | ({"referenceUnit": True} if is_ref else {})
                    for uid, un, f, is_ref in units
                ],
            }
            for gid, (name, units) in _UNITS.items()
        ],
        "flow_properties": [
            {
                "@type": "FlowProperty",
                "@id": pid,
                "name": name,
                "unitGroup": _ref("UnitGroup", group, _UNITS[group][0]),
            }
            for pid, (name, group) in _PROPERTIES.items()
        ],
        "flows": [
            {
                "@type": "Flow",
                "@id": fid,
                "name": name,
                "flowType": flow_type,
                "category": _ref("Category", cat, _CATEGORIES[cat][0]),
                "flowProperties": [
                    {
                        "@type": "FlowPropertyFactor",
                        "referenceFlowProperty": True,
                        "flowProperty": _ref("FlowProperty", prop, _PROPERTIES[prop][0]),
                        "conversionFactor": 1.0,
                    }
                ],
            }
            for fid, (name, flow_type, prop, cat) in _FLOWS.items()
        ],
        "locations": [{"@type": "Location", "@id": "l-us", "name": "US", "code": "US"}],
        "processes": processes(singular) if with_processes else [],
    }
    for kind, items in documents.items():
        (folder / kind).mkdir(parents=True, exist_ok=True)
        for item in items:
            (folder / kind / f"{item['@id']}.json").write_text(json.dumps(item), encoding="utf-8")
    return folder
