"""LabelView reads a credential payload and names the path of anything malformed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from certificates.render import CredentialShapeError, LabelView
from certificates.render.specimen import SPECIMEN_URL, specimen_credential


def test_reads_the_specimen():
    view = LabelView.from_credential(specimen_credential(), "valid", SPECIMEN_URL)
    assert view.label_id == "GBA-SZ-2026-000042-7"
    assert view.pcf_excluding_biogenic_uptake == Decimal("4.8121")
    assert view.biogenic_uptake == Decimal("-0.02")
    assert view.product_names["zh-Hant"] == "流動電源"
    assert view.valid_until == datetime(2028, 11, 25, 10, tzinfo=UTC)
    assert view.reference_end == date(2026, 1, 1)
    assert view.pcr is None
    assert view.air_pollutants["pm25"] == Decimal("0.0004")
    assert [c.ref for c in view.contributions][:2] == ["cells", "pcb-assembly"]
    assert view.body_accreditation == "CNAS C123-P"


def test_unknown_status_is_refused():
    with pytest.raises(CredentialShapeError, match="status"):
        LabelView.from_credential(specimen_credential(), "issued", SPECIMEN_URL)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p["credentialSubject"].pop("labelId"), "credentialSubject.labelId"),
        (lambda p: p["credentialSubject"].update(fossilGhgEmissions=4.61), "fossilGhgEmissions"),
        (lambda p: p["credentialSubject"].update(biogenicEmissions="NaN"), "biogenicEmissions"),
        (lambda p: p["credentialSubject"]["product"].pop("productName"), "product.productName"),
        (lambda p: p.update(validUntil="2028-11-25T10:00:00"), "validUntil"),
        (
            lambda p: p["credentialSubject"]["contributions"][1].update(share="x"),
            r"contributions\[1\].share",
        ),
    ],
)
def test_malformed_payloads_name_the_field(mutate, message):
    payload = specimen_credential()
    mutate(payload)
    with pytest.raises(CredentialShapeError, match=message):
        LabelView.from_credential(payload, "valid", SPECIMEN_URL)


def test_a_missing_language_falls_back_to_another_name():
    payload = specimen_credential()
    del payload["credentialSubject"]["product"]["productName"]["pt"]
    view = LabelView.from_credential(payload, "valid", SPECIMEN_URL)
    assert view.product_names["pt"] == "Power bank"
