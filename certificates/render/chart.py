"""The contribution chart of the certificate: labelled horizontal bars as inline SVG."""

from __future__ import annotations

from decimal import Decimal

from certificates.render.label_svg import xml_text
from certificates.render.texts import STAGE_TERMS, decimal_text, percent_text, term
from certificates.render.view import Contribution

# Geometry in viewBox units (1 unit = 1 CSS px at the certificate's chart width of 680 px).
WIDTH = 680.0
ROW = 22.0
BAR = 13.0
LABEL_W = 250.0  # BOM reference and stage
VALUE_W = 150.0  # kg CO2e and share
# More rows than this are summed into one "other" bar so the chart keeps to its box.
MAX_ROWS = 10
POSITIVE = "#2d6a4f"
NEGATIVE = "#74c69d"


def _rows(contributions: tuple[Contribution, ...]) -> list[Contribution]:
    """Sort by magnitude, largest first, folding the tail into one 'other' row."""
    ordered = sorted(contributions, key=lambda c: (-abs(c.kg_co2e), c.ref))
    if len(ordered) <= MAX_ROWS:
        return ordered
    head, tail = ordered[: MAX_ROWS - 1], ordered[MAX_ROWS - 1 :]
    other = Contribution(
        ref=f"其他 other ({len(tail)})",
        stage="",
        kg_co2e=sum((c.kg_co2e for c in tail), Decimal(0)),
        share=sum((c.share for c in tail), Decimal(0)),
    )
    return [*head, other]


def contribution_chart_svg(contributions: tuple[Contribution, ...], unit: str) -> str:
    """Return an inline SVG bar chart of the contributions (no XML declaration)."""
    rows = _rows(contributions)
    height = ROW * max(len(rows), 1) + 4
    lowest = min([Decimal(0), *(c.kg_co2e for c in rows)])
    highest = max([Decimal(0), *(c.kg_co2e for c in rows)])
    span = (highest - lowest) or Decimal(1)
    plot_w = WIDTH - LABEL_W - VALUE_W
    zero_x = LABEL_W + float((-lowest) / span) * plot_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        "font-family=\"'Certificate Sans', 'Noto Sans CJK SC', sans-serif\" lang=\"zh-Hans\" "
        'role="img" aria-label="contributions">'
    ]
    if not rows:
        parts.append(f'<text x="0" y="15" font-size="11">{xml_text("—")}</text>')
    for i, row in enumerate(rows):
        y = 2 + i * ROW
        stage = term(STAGE_TERMS, row.stage) if row.stage else None
        stage_text = f"{stage.zh_hans} · {stage.en}" if stage else ""
        bar_w = float(abs(row.kg_co2e) / span) * plot_w
        bar_x = zero_x if row.kg_co2e >= 0 else zero_x - bar_w
        colour = POSITIVE if row.kg_co2e >= 0 else NEGATIVE
        value = f"{decimal_text(row.kg_co2e)} {unit} · {percent_text(row.share)}"
        parts += [
            f'<text x="0" y="{y + 11}" font-size="11" font-weight="bold">{xml_text(row.ref)}'
            f'<tspan font-weight="normal" fill="#555"> {xml_text(stage_text)}</tspan></text>',
            f'<rect x="{zero_x:.2f}" y="{y}" width="0.8" height="{BAR + 2}" fill="#999"/>',
            f'<rect x="{bar_x:.2f}" y="{y + 1}" width="{max(bar_w, 0.8):.2f}" height="{BAR}" '
            f'fill="{colour}"/>',
            f'<text x="{WIDTH}" y="{y + 11}" font-size="10.5" text-anchor="end">'
            f"{xml_text(value)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)
