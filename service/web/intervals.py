"""Page wording of a 95% interval and of PACT data-quality ratings."""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext

from certificates.render.intervals import display_interval, display_value

# The PACT v3 ratings, in the order PACT lists them (1 best, 5 worst).
DQR_NAMES = {
    "technological_dqr": lazy_gettext("Technological representativeness"),
    "geographical_dqr": lazy_gettext("Geographical representativeness"),
    "temporal_dqr": lazy_gettext("Temporal representativeness"),
}


def interval_words(low: str, high: str, unit: str = "kg CO₂e") -> str:
    """Return "between 1.8 and 2.3 kg CO2e, 95% confidence", rounded as the interval allows."""
    shown_low, shown_high = display_interval(low, high)
    if shown_low == shown_high:
        return str(
            gettext("%(value)s %(unit)s; the data state no spread", value=shown_low, unit=unit)
        )
    return str(
        gettext(
            "between %(low)s and %(high)s %(unit)s, 95%% confidence",
            low=shown_low,
            high=shown_high,
            unit=unit,
        )
    )


def rounded(value: str, low: str, high: str) -> str:
    """Return a value rounded to the step its interval supports."""
    return display_value(value, low, high)
