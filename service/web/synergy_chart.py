"""The synergy quadrant chart: CO2e reduction across, each pollutant's reduction up (SVG)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from service.web.labels import percent

SIZE = 420
MARGIN = 60
SHORT_NAMES = {"nox": "NOx", "so2": "SO₂", "pm25": "PM2.5", "nmvoc": "NMVOC"}
# Axis spans (as fractions) from which the smallest that holds every point is chosen.
_SPANS = (Decimal("0.05"), Decimal("0.1"), Decimal("0.25"), Decimal("0.5"), Decimal("1"))


def span_for(values: list[Decimal]) -> Decimal:
    """Return the axis half-width: the smallest span holding every value (points beyond 100%
    are drawn on the edge and say so)."""
    # A tenth of headroom keeps a point off the frame's edge.
    largest = max((abs(v) for v in values), default=Decimal(0)) * Decimal("1.1")
    return next((span for span in _SPANS if largest <= span), _SPANS[-1])


def _position(value: Decimal, span: Decimal) -> tuple[float, bool]:
    clipped = max(-span, min(span, value))
    half = (SIZE - 2 * MARGIN) / 2
    return float(clipped / span) * half, clipped != value


def quadrant_chart(body: dict[str, Any], title: str) -> Markup:
    """Return an <svg> with one point per pollutant: x the CO2e reduction, y its own."""
    co2e = body["co2e"]["reduction"]
    points = [
        (key, Decimal(co2e), Decimal(p["reduction"]))
        for key, p in body["pollutants"].items()
        if co2e is not None and p["reduction"] is not None
    ]
    span = span_for([v for _, x, y in points for v in (x, y)])
    centre = SIZE / 2
    edge = SIZE - MARGIN
    quadrants = (
        (edge - 4, MARGIN + 14, "end", gettext("synergy")),
        (MARGIN + 4, MARGIN + 14, "start", gettext("pollution falls, CO₂e rises")),
        (edge - 4, edge - 6, "end", gettext("CO₂e falls, pollution rises")),
        (MARGIN + 4, edge - 6, "start", gettext("neither falls")),
    )
    parts = [
        f'<svg class="quadrant" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{centre}" y="{MARGIN}" width="{centre - MARGIN}" height="{centre - MARGIN}" '
        'fill="#dcfce7"/>',
        f'<line x1="{MARGIN}" y1="{centre}" x2="{edge}" y2="{centre}" stroke="#475569"/>',
        f'<line x1="{centre}" y1="{MARGIN}" x2="{centre}" y2="{edge}" stroke="#475569"/>',
    ]
    for x, y, anchor, text in quadrants:
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="11" fill="#475569">'
            f"{escape(text)}</text>"
        )
    # Axis titles sit outside the plot (right of the x axis' end, above the y axis' top).
    parts.append(
        f'<text x="{edge}" y="{centre + 16}" text-anchor="end" font-size="12">'
        f"{escape(gettext('CO₂e reduction'))} → +{percent(span, '1')}</text>"
        f'<text x="{centre}" y="{MARGIN - 10}" text-anchor="middle" font-size="12">'
        f"↑ {escape(gettext('pollutant reduction'))} +{percent(span, '1')}</text>"
    )
    clipped = False
    for key, x_value, y_value in points:
        dx, x_clipped = _position(x_value, span)
        dy, y_clipped = _position(y_value, span)
        px, py = centre + dx, centre - dy
        clipped = clipped or x_clipped or y_clipped
        beyond = " *" if x_clipped or y_clipped else ""
        tip = gettext(
            "%(pollutant)s: %(pollutant_change)s, CO₂e: %(co2e_change)s",
            pollutant=SHORT_NAMES.get(key, key),
            pollutant_change=percent(y_value),
            co2e_change=percent(x_value),
        )
        parts.append(
            f'<g class="point {escape(key)}"><title>{escape(tip)}</title>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="#1d4ed8"/>'
            f'<text x="{px + 9:.1f}" y="{py + 4:.1f}" font-size="13">'
            f"{escape(SHORT_NAMES.get(key, key))}{beyond}</text></g>"
        )
    if clipped:
        note = gettext("* beyond the axis: drawn on its edge")
        parts.append(f'<text x="{MARGIN}" y="{SIZE - 8}" font-size="11">{escape(note)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  (every text above is escaped)
