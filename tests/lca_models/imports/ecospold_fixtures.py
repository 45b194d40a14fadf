"""The hand-computable two-process system of jsonld_fixture, written as EcoSpold 1 and 2.

  electricity: makes 1 kWh; takes 0.01 kg of steel; emits 0.2 kg CO2 fossil to air
  steel:       makes 1 kg (and 0.3 kg of slag, a co-product); takes 2 kWh of electricity
               (EcoSpold 1: given as 7.2 MJ, converted) and 0.5 kg of iron ore (no producer:
               cut off); emits 1 kg CO2 fossil and 0.001 kg methane fossil to air

Per kWh, e = 0.01 s + 0.2; per kg of steel, s = 2 e + 1 + 0.001 x 29.8 (AR6 fossil CH4),
so s = 1.4298 / 0.98 and e = 0.01 s + 0.2.
"""

from __future__ import annotations

from pathlib import Path

STEEL_KG_CO2E = 1.4298 / 0.98
ELECTRICITY_KG_CO2E_PER_KWH = 0.01 * STEEL_KG_CO2E + 0.2

# biosphere3 codes (ecoinvent elementary exchange ids) of CO2 and methane, fossil, to air.
CO2_FOSSIL_AIR = "349b29d1-3e58-4c66-98b9-9d1a076efd2e"
CH4_FOSSIL_AIR = "0795345f-c7ae-410c-ad25-1845784c75f5"
ES2_ELECTRICITY, ES2_STEEL = (
    "a0000000-0000-4000-8000-000000000001",
    "a0000000-0000-4000-8000-000000000002",
)
_E_FLOW, _S_FLOW = "b0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002"
_SLAG, _ORE = "b0000000-0000-4000-8000-000000000003", "b0000000-0000-4000-8000-000000000004"

_ES2_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02"><activityDataset>'
    '<activityDescription><activity id="{id}"><activityName>{name}</activityName></activity>'
    "<geography><shortname>US</shortname></geography>"
    '<timePeriod startDate="2020-01-01" endDate="2020-12-31"/></activityDescription><flowData>'
)
_ES2_TAIL = "</flowData></activityDataset></ecoSpold>\n"


def _es2_product(flow: str, name: str, amount: float, unit: str, group: str, link: str = "") -> str:
    side = f"<outputGroup>{group}</outputGroup>" if group else "<inputGroup>5</inputGroup>"
    linked = f' activityLinkId="{link}"' if link else ""
    return (
        f'<intermediateExchange intermediateExchangeId="{flow}" amount="{amount}"{linked}>'
        f"<name>{name}</name><unitName>{unit}</unitName>{side}</intermediateExchange>"
    )


def _es2_emission(flow: str, name: str, amount: float) -> str:
    return (
        f'<elementaryExchange elementaryExchangeId="{flow}" amount="{amount}">'
        f"<name>{name}</name><unitName>kg</unitName><compartment><compartment>air"
        "</compartment><subcompartment>unspecified</subcompartment></compartment>"
        "<outputGroup>4</outputGroup></elementaryExchange>"
    )


def write_ecospold2(folder: Path) -> Path:
    """Write the two activities as .spold files into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    electricity = [
        _es2_product(_E_FLOW, "electricity", 1.0, "kWh", "0"),
        _es2_product(_S_FLOW, "steel", 0.01, "kg", "", ES2_STEEL),
        _es2_emission(CO2_FOSSIL_AIR, "Carbon dioxide, fossil", 0.2),
    ]
    steel = [
        _es2_product(_S_FLOW, "steel", 1.0, "kg", "0"),
        _es2_product(_SLAG, "slag", 0.3, "kg", "2"),
        _es2_product(_E_FLOW, "electricity", 2.0, "kWh", ""),
        _es2_product(_ORE, "iron ore", 0.5, "kg", ""),
        _es2_emission(CO2_FOSSIL_AIR, "Carbon dioxide, fossil", 1.0),
        _es2_emission(CH4_FOSSIL_AIR, "Methane, fossil", 0.001),
    ]
    for pid, name, exchanges in (
        (ES2_ELECTRICITY, "electricity production", electricity),
        (ES2_STEEL, "steel production", steel),
    ):
        text = _ES2_HEAD.format(id=pid, name=name) + "".join(exchanges) + _ES2_TAIL
        (folder / f"{pid}.spold").write_text(text, encoding="utf-8")
    return folder


_ES1_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold01">'
    '<dataset number="{number}" generator="GBA tests" timestamp="2026-01-01T00:00:00">'
    "<metaInformation><processInformation>"
    '<referenceFunction name="{name}" localName="{name}" amount="1" unit="{unit}" '
    'category="fixtures" localCategory="fixtures" localSubCategory="metals" '
    'subCategory="metals" infrastructureProcess="false" datasetRelatesToProduct="true"/>'
    '<geography location="US"/><technology/><timePeriod dataValidForEntirePeriod="true">'
    "<startYear>2020</startYear><endYear>2020</endYear></timePeriod>"
    '<dataSetInformation type="1" impactAssessmentResult="false" timestamp="2020-01-01T00:00:00"'
    ' version="1.0" internalVersion="1.0" energyValues="0" languageCode="en" '
    'localLanguageCode="en"/></processInformation><modellingAndValidation>'
    '<representativeness productionVolume="0"/><source number="1" sourceType="0" '
    'firstAuthor="GBA tests" year="2026" title="hand-computed fixture" '
    'placeOfPublications="-"/></modellingAndValidation>'
    '<administrativeInformation><dataEntryBy person="1"/><dataGeneratorAndPublication '
    'person="1" dataPublishedIn="0" referenceToPublishedSource="1" copyright="false" '
    'accessRestrictedTo="0"/><person number="1" name="GBA tests" address="-" '
    'telephone="0" companyCode="GBA" countryCode="CN"/></administrativeInformation>'
    "</metaInformation><flowData>"
)
_ES1_TAIL = "</flowData></dataset></ecoSpold>\n"


def _es1(number: int, name: str, amount: float, unit: str, group: str, **where: str) -> str:
    attributes = " ".join(f'{k}="{v}"' for k, v in where.items())
    return (
        f'<exchange number="{number}" name="{name}" unit="{unit}" meanValue="{amount}" '
        f'infrastructureProcess="false" {attributes}>{group}</exchange>'
    )


def write_ecospold1(folder: Path) -> Path:
    """Write the two datasets as EcoSpold 1 XML files into folder and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    out, into = "<outputGroup>{}</outputGroup>", "<inputGroup>{}</inputGroup>"
    air = {"category": "air", "subCategory": "unspecified"}
    electricity = [
        _es1(1, "Electricity, at grid", 1.0, "kWh", out.format(0), location="US"),
        _es1(2, "Steel, at plant", 0.01, "kg", into.format(5), location="US"),
        _es1(3, "Carbon dioxide, fossil", 0.2, "kg", out.format(4), **air),
    ]
    steel = [
        _es1(1, "Steel, at plant", 1.0, "kg", out.format(0), location="US"),
        _es1(2, "Slag, at plant", 0.3, "kg", out.format(2), location="US"),
        _es1(3, "Electricity, at grid", 7.2, "MJ", into.format(5), location="US"),
        _es1(4, "Iron ore, at mine", 0.5, "kg", into.format(5), location="US"),
        _es1(5, "Carbon dioxide", 1.0, "kg", out.format(4), **air),
        _es1(6, "Methane, fossil", 0.001, "kg", out.format(4), **air),
    ]
    for number, name, unit, exchanges in (
        (1, "Electricity, at grid", "kWh", electricity),
        (2, "Steel, at plant", "kg", steel),
    ):
        text = _ES1_HEAD.format(number=number, name=name, unit=unit) + "".join(exchanges)
        (folder / f"{number}.xml").write_text(text + _ES1_TAIL, encoding="utf-8")
    return folder
