"""The contribution chart of a calculation: an inline SVG drawn on the server, no script."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from service.web.labels import percent

ROW = 38
MAX_BARS = 40
LABEL_CHARS = 28


def _label(ref: str) -> str:
    return ref if len(ref) <= LABEL_CHARS else ref[: LABEL_CHARS - 1] + "…"


def bars(by_line: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the bars to draw, largest contribution first; the rest of a long BOM in one bar."""
    rows = sorted(
        (
            {"ref": line["ref"], "kg": Decimal(line["kg_co2e"]), "share": Decimal(line["share"])}
            for line in by_line
        ),
        key=lambda row: (-abs(row["kg"]), row["ref"]),
    )
    if len(rows) > MAX_BARS:
        rest = rows[MAX_BARS - 1 :]
        rest_bar = {
            "ref": f"+{len(rest)}",
            "kg": sum((r["kg"] for r in rest), Decimal(0)),
            "share": sum((r["share"] for r in rest), Decimal(0)),
            "rest": len(rest),
        }
        rows = [*rows[: MAX_BARS - 1], rest_bar]
    return rows


def contribution_chart(by_line: list[dict[str, Any]], title: str) -> Markup:
    """Return an <svg> with one horizontal bar per BOM line, sorted, labelled with its share."""
    rows = bars(by_line)
    largest = max((abs(r["kg"]) for r in rows), default=Decimal(0)) or Decimal(1)
    height = ROW * len(rows) + 4
    # No viewBox: text keeps its CSS pixel size on any screen while bars stretch in percent.
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, row in enumerate(rows):
        y = ROW * i
        width = max(float(abs(row["kg"]) / largest) * 100, 0.5)
        negative = row["kg"] < 0
        name = (
            gettext("%(count)s more lines", count=row["rest"])
            if "rest" in row
            else _label(row["ref"])
        )
        text = f"{name} · {percent(row['share'])} · {row['kg']} kg CO₂e"
        parts.append(
            f'<g class="bar{" negative" if negative else ""}">'
            f"<title>{escape(row['ref'])}: {escape(text)}</title>"
            f'<text x="0" y="{y + 14}" font-size="14">{escape(text)}</text>'
            f'<rect x="0" y="{y + 19}" width="{width:.1f}%" height="12" rx="2" '
            f'fill="{"#c2410c" if negative else "#15803d"}"/></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text above is escaped)
