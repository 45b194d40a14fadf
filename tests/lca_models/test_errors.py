"""Errors name the condition and point into the BOM document (JSON pointer)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lca_models import (
    MAX_COMPONENT_DEPTH,
    Bom,
    ComponentCycle,
    ComponentTooDeep,
    Emission,
    FootprintEngine,
    LcaError,
    Line,
    UnitMismatch,
    UnknownActivity,
    UnknownSubstance,
)


def steel(ref: str = "s") -> Line:
    return Line(ref, "raw_materials", D(1), "kg", activity="steel")


def bom(bom_id: str, *lines: Line) -> Bom:
    return Bom(bom_id, D(1), "piece", lines)


def part(bom_id: str) -> Line:
    return Line(f"uses-{bom_id}", "production", D(1), "piece", component_bom=bom_id)


def nothing(bom_id: str) -> Bom:
    raise AssertionError(f"unexpected sub-assembly {bom_id}")


def test_unknown_activity(engine: FootprintEngine, tiny: str) -> None:
    b = bom("b", Line("x", "raw_materials", D(1), "kg", activity="unobtainium"))
    with pytest.raises(UnknownActivity) as raised:
        engine.footprint(b, tiny, nothing)
    assert raised.value.pointer == "/lines/0/activity"
    assert "unobtainium" in raised.value.message
    assert isinstance(raised.value, LcaError)


def test_unknown_activity_on_a_later_line(engine: FootprintEngine, tiny: str) -> None:
    b = bom("b", steel(), steel(), Line("x", "use", D(1), "kg", activity="nope"))
    with pytest.raises(UnknownActivity) as raised:
        engine.footprint(b, tiny, nothing)
    assert raised.value.pointer == "/lines/2/activity"


def test_unknown_substance(engine: FootprintEngine, tiny: str) -> None:
    emissions = (Emission("methane, fossil", D(1), "g"), Emission("phlogiston", D(1), "g"))
    b = bom("b", steel(), Line("e", "production", emissions=emissions))
    with pytest.raises(UnknownSubstance) as raised:
        engine.footprint(b, tiny, nothing)
    assert raised.value.pointer == "/lines/1/emissions/1/substance"


def test_aggregated_co2e_is_not_a_direct_emission_but_the_engine_accepts_it(
    engine: FootprintEngine, tiny: str
) -> None:
    # EMISSION_SUBSTANCES excludes aggregated CO2e; enforcing that is the caller's schema's
    # job. The engine itself characterises any vocabulary substance.
    b = bom(
        "b", Line("e", "production", emissions=(Emission("CO2e aggregated, fossil", D(2), "kg"),))
    )
    assert engine.footprint(b, tiny, nothing).value("gwp_fossil") == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("line", "pointer"),
    [
        (Line("x", "production", D(1), "kWh", activity="steel"), "/lines/0/unit"),
        (Line("x", "production", D(1), "kg", activity="elec"), "/lines/0/unit"),
        (Line("x", "distribution", D(1), "km", activity="truck"), "/lines/0/unit"),
        (Line("x", "production", D(1), "", activity="steel"), "/lines/0/unit"),
        (
            Line("x", "production", emissions=(Emission("NMVOC", D(1), "L"),)),
            "/lines/0/emissions/0/unit",
        ),
    ],
)
def test_unit_mismatch(engine: FootprintEngine, tiny: str, line: Line, pointer: str) -> None:
    with pytest.raises(UnitMismatch) as raised:
        engine.footprint(bom("b", line), tiny, nothing)
    assert raised.value.pointer == pointer


def test_component_unit_mismatch(engine: FootprintEngine, tiny: str) -> None:
    sub = Bom("sub", D(1), "kg", (steel(),))
    top = bom("top", steel(), Line("c", "production", D(2), "kWh", component_bom="sub"))
    with pytest.raises(UnitMismatch) as raised:
        engine.footprint(top, tiny, {"sub": sub}.__getitem__)
    assert raised.value.pointer == "/lines/1/unit"


def test_component_cycle(engine: FootprintEngine, tiny: str) -> None:
    boms = {"A": bom("A", steel(), part("B")), "B": bom("B", part("A"))}
    with pytest.raises(ComponentCycle) as raised:
        engine.footprint(boms["A"], tiny, boms.__getitem__)
    assert "A -> B -> A" in raised.value.message
    # The pointer is relative to the BOM holding the offending line (B's line 0).
    assert raised.value.pointer == "/lines/0/component"


def test_self_reference_is_a_cycle(engine: FootprintEngine, tiny: str) -> None:
    boms = {"A": bom("A", part("A"))}
    with pytest.raises(ComponentCycle):
        engine.footprint(boms["A"], tiny, boms.__getitem__)


def test_shared_components_are_not_cycles(engine: FootprintEngine, tiny: str) -> None:
    # A diamond: top uses B and C, both use D.
    boms = {
        "top": bom("top", part("B"), part("C")),
        "B": bom("B", part("D")),
        "C": bom("C", part("D"), part("D")),
        "D": bom("D", steel()),
    }
    fp = engine.footprint(boms["top"], tiny, boms.__getitem__)
    assert fp.value("gwp_fossil") == pytest.approx(3 * 2.348, rel=1e-6)


def chain(levels: int) -> dict[str, Bom]:
    """level0 -> level1 -> ... -> level<levels>, the last holding one steel line."""
    boms = {f"level{i}": bom(f"level{i}", part(f"level{i + 1}")) for i in range(levels)}
    boms[f"level{levels}"] = bom(f"level{levels}", steel())
    return boms


def test_components_may_nest_to_the_depth_limit(engine: FootprintEngine, tiny: str) -> None:
    assert MAX_COMPONENT_DEPTH == 8
    boms = chain(8)  # level8 is a component 8 levels below the top BOM
    fp = engine.footprint(boms["level0"], tiny, boms.__getitem__)
    assert fp.value("gwp_fossil") == pytest.approx(2.348, rel=1e-6)


def test_components_deeper_than_the_limit(engine: FootprintEngine, tiny: str) -> None:
    boms = chain(9)
    with pytest.raises(ComponentTooDeep) as raised:
        engine.footprint(boms["level0"], tiny, boms.__getitem__)
    assert raised.value.pointer == "/lines/0/component"


def test_the_depth_limit_does_not_depend_on_line_order(engine: FootprintEngine, tiny: str) -> None:
    # The engine caches a component's totals within a calculation; keyed by id alone, a
    # component met first near the top escaped the depth check when met again deeper.
    # deep0 is 4 levels of nesting by itself; via path0 -> ... -> path4 it sits 5 levels
    # down, so its innermost component is 5 + 4 = 9 levels below the top: too deep.
    boms = {f"deep{i}": bom(f"deep{i}", part(f"deep{i + 1}")) for i in range(4)}
    boms["deep4"] = bom("deep4", steel())
    boms |= {f"path{i}": bom(f"path{i}", part(f"path{i + 1}")) for i in range(4)}
    boms["path4"] = bom("path4", part("deep0"))
    deep_first = bom("top", part("deep0"), part("path0"))
    path_first = bom("top", part("path0"), part("deep0"))
    with pytest.raises(ComponentTooDeep):
        engine.footprint(path_first, tiny, boms.__getitem__)
    with pytest.raises(ComponentTooDeep):
        engine.footprint(deep_first, tiny, boms.__getitem__)
