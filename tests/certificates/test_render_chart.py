"""The contribution chart: bars sorted by size, negative bars to the left, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from certificates.render.chart import MAX_ROWS, contribution_chart_svg
from certificates.render.view import Contribution

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse SVG this package wrote (not untrusted input)."""
    return ET.fromstring(svg)  # noqa: S314  (our own output, parsed to check it)


def row(ref: str, kg: str, share: str, stage: str = "raw_materials") -> Contribution:
    return Contribution(ref=ref, stage=stage, kg_co2e=Decimal(kg), share=Decimal(share))


def labels(svg: str) -> list[str]:
    root = parse(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def bars(svg: str) -> list[tuple[float, float]]:
    root = parse(svg)
    return [
        (float(r.get("x", "0")), float(r.get("width", "0")))
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") not in ("#999",)
    ]


def test_rows_are_sorted_largest_first_and_labelled():
    svg = contribution_chart_svg(
        (
            row("small", "0.5", "0.1"),
            row("big", "4", "0.8"),
            row("mid", "0.5", "0.1", "production"),
        ),
        "kg CO2e",
    )
    text = labels(svg)
    assert text[0].startswith("big 原材料 · Raw materials")
    assert text[1] == "4 kg CO2e · 80 %"
    assert [t.split()[0] for t in text[::2]] == ["big", "mid", "small"]
    widths = [w for _, w in bars(svg)]
    assert widths == sorted(widths, reverse=True)


def test_negative_contributions_point_left_of_the_axis():
    svg = contribution_chart_svg((row("cells", "2", "1.01"), row("wood", "-0.02", "-0.01")), "kg")
    (pos_x, _), (neg_x, neg_w) = bars(svg)
    assert neg_x + neg_w <= pos_x + 0.01


def test_a_long_tail_is_folded_into_one_row():
    many = tuple(row(f"part-{i:02}", str(20 - i), "0.01") for i in range(MAX_ROWS + 5))
    text = labels(contribution_chart_svg(many, "kg"))
    assert len(text) == 2 * MAX_ROWS
    assert text[-2].startswith("其他 other (6)")


def test_labels_are_escaped_and_an_empty_list_still_parses():
    text = labels(contribution_chart_svg((row("<b>&", "1", "1", "<stage>"),), "kg"))
    assert text[0].startswith("<b>& <stage>")
    assert parse(contribution_chart_svg((), "kg")) is not None
